"""Landing what a run made: the one way a run's records, decisions, signals, provenance, quarantine,
per-source accounting, token counts and review verdicts reach the catalog.

    with run.landing() as catalog:                 # catalog/lifecycle.py: the run's one transaction
        new_records = landing.land(catalog, run.run_id, Landing(records=..., decisions=..., ...))

A producer (build, translate, paraphrase, synth, review pull) hands over frames in the catalog's shapes
(catalog/shapes.py: each table's columns less the run, which the catalog adds); the catalog checks their
columns, so a producer's slip is a clear error instead of a column silently left null, and writes them.
What they hold (counts, accounting, verdicts) is the producer's measurement: nothing here imports one.

The large tables (records, decisions, signals) go through Parquet files in a staging folder beside the
catalog rather than an Arrow table handed to DuckDB: DuckDB streams the file, which keeps a
million-record build's peak memory down. A run killed while landing leaves its folder behind; the next
landing removes it.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path
from typing import Union

import polars as pl
import pyarrow as pa

from jisr.catalog.shapes import (DECISION_SCHEMA, PROVENANCE_SCHEMA, QUARANTINE_SCHEMA, RECORD_SCHEMA,
                                 REVIEW_AGREEMENT_SCHEMA, REVIEW_SCHEMA, REVIEW_STATUS_SCHEMA, SIGNAL_SCHEMA,
                                 SOURCE_READ_SCHEMA, TOKEN_COUNT_SCHEMA)
from jisr.catalog.store import Catalog

# A lazy frame is streamed into its table without being collected (a build's ~17 million signals per
# million records, scanned from its workers' files).
Frame = Union[pl.DataFrame, pl.LazyFrame, pa.Table]


@dataclasses.dataclass(frozen=True)
class _Table:
    shape: dict
    run_column: str = "run_id"
    staged: bool = False  # large: streamed from a Parquet file


# In the order they land: records first, so `land` can tell how many were new.
TABLES = {
    "records": _Table(RECORD_SCHEMA, "created_run_id", staged=True),
    "decisions": _Table(DECISION_SCHEMA, staged=True),
    "signals": _Table(SIGNAL_SCHEMA, staged=True),
    "provenance": _Table(PROVENANCE_SCHEMA),
    "quarantine": _Table(QUARANTINE_SCHEMA),
    "source_reads": _Table(SOURCE_READ_SCHEMA),
    "token_counts": _Table(TOKEN_COUNT_SCHEMA),
    "reviews": _Table(REVIEW_SCHEMA),
    "review_status": _Table(REVIEW_STATUS_SCHEMA),
    "review_agreement": _Table(REVIEW_AGREEMENT_SCHEMA),
}


@dataclasses.dataclass(frozen=True)
class ReviewPull:
    """A dataset's reviews as pulled, its verdicts and its agreement: they replace what the dataset held."""

    dataset: str
    reviews: Frame
    review_status: Frame
    review_agreement: Frame


REVIEW_TABLES = tuple(field.name for field in dataclasses.fields(ReviewPull) if field.name != "dataset")


@dataclasses.dataclass
class Landing:
    """What a run hands the catalog: polars frames or Arrow tables with the columns of catalog/shapes.py
    (None or no rows: nothing of that kind). Token counts of a record the catalog already counts with that
    tokenizer, and records it already holds, are skipped (running the same job twice adds nothing)."""

    records: Frame | None = None
    decisions: Frame | None = None
    signals: Frame | None = None
    provenance: Frame | None = None
    quarantine: Frame | None = None
    source_reads: Frame | None = None
    token_counts: Frame | None = None
    review_pull: ReviewPull | None = None

    def frames(self) -> dict[str, Frame]:
        """Each table's rows to land, in the order of TABLES; tables with none left out."""
        given = {name: getattr(self, name) for name in TABLES if name not in REVIEW_TABLES}
        if self.review_pull is not None:
            given.update({name: getattr(self.review_pull, name) for name in REVIEW_TABLES})
        return {name: frame for name, frame in given.items() if frame is not None and _has_rows(frame)}


def land(catalog: Catalog, run_id: str, landing: Landing) -> int:
    """Write `landing` as run `run_id`'s, inside the run's landing transaction; returns how many records were
    new to the catalog. Raises ValueError naming the table and columns when a frame is not in its shape."""
    if not catalog.in_transaction:
        raise RuntimeError("a run lands inside its landing transaction (`with run.landing() as catalog:`)")
    frames = landing.frames()
    for name, frame in frames.items():
        check_shape(name, frame)
    before = _record_count(catalog)
    _remove_killed_staging(catalog)
    with tempfile.TemporaryDirectory(prefix=_staging_prefix(catalog), dir=catalog.path.parent) as staging:
        for name, frame in frames.items():
            if TABLES[name].staged:
                path = Path(staging) / f"{name}.parquet"
                _as_polars(frame).lazy().with_columns(pl.lit(run_id).alias(TABLES[name].run_column)) \
                    .sink_parquet(path, compression="uncompressed")
                catalog.append_parquet(name, path)
    new_records = _record_count(catalog) - before
    if landing.review_pull is not None:  # pulling again replaces: a reviewer's row is their latest answer
        for name in REVIEW_TABLES:
            catalog.con.execute(f"DELETE FROM store.{name} WHERE dataset = ?", [landing.review_pull.dataset])
    for name, frame in frames.items():
        if not TABLES[name].staged:
            catalog.append(name, _with_run(frame, TABLES[name].run_column, run_id))
    return new_records


def check_shape(table: str, frame: Frame) -> None:
    """A frame handed to the catalog has exactly its table's columns, less the run (which the catalog adds)."""
    shape, run_column = TABLES[table].shape, TABLES[table].run_column
    columns = frame.column_names if isinstance(frame, pa.Table) else frame.collect_schema().names()
    missing = [c for c in shape if c not in columns]
    extra = [c for c in columns if c not in shape]
    if missing or extra:
        why = [f"lacks {', '.join(missing)}"] if missing else []
        why += [f"has {', '.join(extra)}, which {table} does not" + (" (the catalog adds the run)"
                                                                     if run_column in extra else "")] if extra else []
        raise ValueError(f"landing {table}: the frame {' and '.join(why)} (its columns: "
                         f"{', '.join(shape)}; jisr.catalog.shapes)")


def _has_rows(frame: Frame) -> bool:
    """Whether there is anything to land (a lazy frame may: only landing it tells)."""
    if isinstance(frame, pl.LazyFrame):
        return True
    return (frame.height if isinstance(frame, pl.DataFrame) else frame.num_rows) > 0


def _as_polars(frame: Frame) -> pl.DataFrame | pl.LazyFrame:
    return pl.from_arrow(frame) if isinstance(frame, pa.Table) else frame


def _with_run(frame: Frame, column: str, run_id: str) -> pa.Table:
    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    if isinstance(frame, pl.DataFrame):
        return frame.with_columns(pl.lit(run_id).alias(column)).to_arrow()
    return frame.append_column(column, pa.array([run_id] * frame.num_rows, pa.string()))


def _record_count(catalog: Catalog) -> int:
    return catalog.con.execute("SELECT count(*) FROM store.records").fetchone()[0]


def _staging_prefix(catalog: Catalog) -> str:
    return f"{catalog.path.name}.landing-"


def _remove_killed_staging(catalog: Catalog) -> None:
    """Staging folders a killed run left beside the catalog (~1 GB per million records). Landing happens only
    in this process's writer turn on this catalog, so any other such folder belongs to a run that is gone."""
    for leftover in catalog.path.parent.glob(_staging_prefix(catalog) + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
