"""The main job: sources -> ingest (records + quarantine) -> curation steps -> token counts -> catalog.

Everything is read and decided before the catalog is opened for writing, and the writes land in one
transaction, so a bad file or a crash leaves the catalog as it was. Each source's accounting
(read = kept + dropped + quarantined) is checked before the run is committed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import polars as pl

from jisr.catalog import Catalog, catalog_exists, lifecycle
from jisr.catalog.shapes import SIGNAL_SCHEMA
from jisr.config import BuildConfig, input_problems
from jisr.corpus.sources.ingest import read_source
from jisr.corpus.sources.spool import Spool, spooled
from jisr.curation.eval_texts import eval_items, linked_records
from jisr.curation.executors import WARM_BYTES, warm_workers
from jisr.curation.landing import CountsAhead, land, records_frame
from jisr.curation.pipeline import claim_work_folder, remove_work_folder
from jisr.curation.steps import make_steps, run_steps
from jisr.curation.tokens import get_counter
from jisr.errors import problems_error
from jisr.progress import Progress


@dataclass(frozen=True)
class BuildResult:
    run_id: str
    catalog_path: Path
    accounting: list[dict[str, Any]]
    new_records: int
    seconds: dict[str, float]  # wall time per stage: read, filters, each corpus step, curate (all), write_and_count
    notes: list[str]  # what the config and ingest decided for the user (shown by the CLI, kept in the run)


class _Stopwatch:
    """Wall time per stage, for the run summary and benchmarks."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + now - self._last, 3)
        self._last = now


def _known_counts(catalog_path: Path, tokenizers: tuple[str, ...]) -> dict[str, pl.Series]:
    """Per tokenizer, the records the catalog already has counts for (none before the first build)."""
    if not catalog_exists(catalog_path):
        return {}
    names = [get_counter(t).name for t in tokenizers]
    with Catalog.open(catalog_path, read_only=True) as catalog:
        return {name: catalog.con.execute("SELECT record_id FROM store.token_counts WHERE tokenizer = ?", [name])
                .pl()["record_id"] for name in names}


# What the catalog gives a whole-corpus step that asks for it (its `from_catalog()` fields, curation/base.py),
# by field name: before reading, what the run's parameters report; after reading, what needs this build's records.
BEFORE_READING = {"eval_items": eval_items}
AFTER_READING = {"linked": linked_records}


def _fill_from_catalog(steps: list, catalog_path: Path, provides: dict, *args: Any) -> None:
    for step in steps:
        for name in set(step.catalog_inputs()) & set(provides):
            setattr(step, name, provides[name](catalog_path, *args))


def run_build(config: BuildConfig, catalog_path: Path, progress: Progress | None = None) -> BuildResult:
    watch = _Stopwatch()
    began = datetime.now(timezone.utc)  # the run's start: loading tokenizers and checking sources count too
    problems = input_problems(config.curation, config.tokenizers, config.sources)  # all of them, before any reading
    if problems:
        raise problems_error(problems)
    filters, steps = make_steps(list(config.curation))
    given = [*BEFORE_READING, *AFTER_READING]
    asked = [f"curation step {s.step} asks the catalog for '{name}', which it does not give (it gives: {', '.join(given)})"
             for s in steps for name in s.catalog_inputs() if name not in given]
    if asked:
        raise problems_error(asked)
    _fill_from_catalog(steps, catalog_path, BEFORE_READING)

    params = {"config": str(config.path), "name": config.name, "tokenizers": list(config.tokenizers),
              "curation": [{"step": f.step, **f.params()} for f in filters] + [{"step": s.step, **s.params()} for s in steps],
              "sources": [{"name": s.name, "adapter": s.adapter, "location": s.location} for s in config.sources]}
    warm_workers(config.executor, filters, _input_bytes(config))  # while the catalog opens and the sources are read
    ahead = CountsAhead(config.tokenizers, _known_counts(catalog_path, config.tokenizers))
    try:
        with lifecycle.run(catalog_path, "build", params, started_at=began) as run:
            return _run(run, config, catalog_path, filters, steps, ahead, watch, progress)
    finally:
        ahead.cancel()


def _input_bytes(config: BuildConfig) -> int:
    """The size of the sources' local files (a hub dataset counts as large: its size is not known before reading)."""
    return sum(WARM_BYTES if spec.hub else sum(p.stat().st_size for p in spec.paths) for spec in config.sources)


def _run(run: lifecycle.Run, config: BuildConfig, catalog_path: Path, filters: list, steps: list, ahead: CountsAhead,
         watch: _Stopwatch, progress: Progress | None) -> BuildResult:
    # The records' text waits on disk (corpus/sources/spool.py): at 3M records it was ~3.6 GB of the build's memory.
    with spooled(catalog_path.parent / "work") as spool:
        return _run_spooled(run, config, catalog_path, filters, steps, ahead, watch, progress, spool)


def _run_spooled(run: lifecycle.Run, config: BuildConfig, catalog_path: Path, filters: list, steps: list,
                 ahead: CountsAhead, watch: _Stopwatch, progress: Progress | None, spool: Spool) -> BuildResult:
    batches = []
    for spec in config.sources:
        task = progress.add_task(f"read {spec.name}", total=None) if progress else None
        batch = read_source(spec, on_rows=(lambda n, t=task: progress.advance(t, n)) if progress else None,
                            on_frame=ahead.add, spool=spool)
        if progress:
            progress.update(task, total=batch.read, completed=batch.read)
        batches.append(batch)

    records = records_frame(batches)
    _fill_from_catalog(steps, catalog_path, AFTER_READING, records)
    for batch in batches:
        batch.records.clear()  # the frame holds them now
        batch.frames.clear()
    watch.lap("read")
    with claim_work_folder(catalog_path.parent / "work" / "build", records, filters, config.shard_records) as work:
        task = progress.add_task("curate", total=len(filters) + len(steps)) if progress else None
        decisions, signals = run_steps(records, filters, steps, work, config.shard_records, watch.seconds,
                                       config.executor, spool)
        ingest = pl.DataFrame([(rid, "ingest", name, value, text) for batch in batches
                               for rid, name, value, text in batch.signals], schema=SIGNAL_SCHEMA, orient="row")
        signals = pl.concat([ingest.lazy(), signals.select(list(SIGNAL_SCHEMA)).cast(SIGNAL_SCHEMA)])
        notes = [*config.notes, *(note for batch in batches for note in batch.notes)]
        if progress:
            progress.update(task, completed=len(filters) + len(steps))
        watch.lap("curate")

        with run.landing() as catalog:
            accounting, new_records = land(catalog, run.run_id, batches, records, decisions, signals, config.tokenizers,
                                           progress, ahead.result(), spool)
            watch.lap("write_and_count")
            run.summary.update({"sources": accounting, "new_records": new_records, "seconds": watch.seconds,
                                "notes": notes})
            # Landed: let go of the build's frames before the run's end folds its decisions into the kept
            # totals, which is where DuckDB needs its memory (~1.5 GB per million records).
            del batches, records, decisions, signals
        remove_work_folder(work)  # only a killed build needs its work folder back
    return BuildResult(run.run_id, catalog_path, accounting, new_records, watch.seconds, notes)
