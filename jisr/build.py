"""The main job: sources -> ingest (records + quarantine) -> curation steps -> token counts -> catalog.

Everything is read and decided before the catalog is opened for writing, and the writes land in one
transaction, so a bad file or a crash leaves the catalog as it was. Each source's accounting
(read = kept + dropped + quarantined) is checked before the run is committed.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
from rich.progress import Progress

from jisr.catalog import Catalog
from jisr.config import BuildConfig
from jisr.corpus.sources import SourceBatch, check_source, license_of, read_source
from jisr.curation.decontaminate import Decontaminate
from jisr.curation.steps import make_steps, run_steps
from jisr.curation.tokens import get_counter

TOKEN_BATCH = 16384


@dataclass(frozen=True)
class BuildResult:
    run_id: str
    catalog_path: Path
    accounting: list[dict[str, Any]]
    new_records: int
    seconds: dict[str, float]  # wall time per stage: read, filters, each corpus step, curate (all), write_and_count


class _Stopwatch:
    """Wall time per stage, for the run summary and benchmarks."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + now - self._last, 3)
        self._last = now


def _records_frame(batches: list[SourceBatch]) -> pl.DataFrame:
    rows: dict[str, list[Any]] = {k: [] for k in (
        "record_id", "source", "source_version", "language", "kind", "prompt", "response", "messages",
        "category", "license", "parent_id", "pair_id", "upstream_id", "metadata")}
    for batch in batches:
        licence = license_of(batch.spec)
        for rid, rec in zip(batch.ids, batch.records):
            rows["record_id"].append(rid)
            rows["source"].append(rec.source)
            rows["source_version"].append(batch.version)
            rows["language"].append(rec.language)
            rows["kind"].append(rec.kind)
            rows["prompt"].append(rec.prompt)
            rows["response"].append(rec.response)
            rows["messages"].append(json.dumps(rec.messages, ensure_ascii=False) if rec.messages else None)
            rows["category"].append(rec.category)
            rows["license"].append(licence)
            rows["parent_id"].append(rec.parent_id)
            rows["pair_id"].append(rec.pair_id)
            rows["upstream_id"].append(rec.upstream_id)
            rows["metadata"].append(json.dumps(rec.metadata, ensure_ascii=False) if rec.metadata else None)
    return pl.DataFrame(rows, schema={k: pl.String for k in rows})


def _count_tokens(catalog: Catalog, records: pl.DataFrame, tokenizers: tuple[str, ...], run_id: str,
                  progress: Progress | None) -> None:
    """Count prompt and response tokens for records the catalog has no count for yet."""
    for name in tokenizers:
        counter = get_counter(name)
        missing = catalog.missing_token_counts(records["record_id"].to_list(), counter.name)
        todo = records.filter(pl.col("record_id").is_in(list(missing)))
        task = progress.add_task(f"tokens ({counter.name})", total=todo.height) if progress else None
        for start in range(0, todo.height, TOKEN_BATCH):
            chunk = todo.slice(start, TOKEN_BATCH)
            prompt = counter.count(chunk["prompt"].to_list())
            response = counter.count(chunk["response"].to_list())
            catalog.append("token_counts", pa.table({
                "record_id": chunk["record_id"].to_arrow(),
                "tokenizer": [counter.name] * chunk.height,
                "exact": [counter.exact] * chunk.height,
                "prompt_tokens": prompt,
                "response_tokens": response,
                "total_tokens": [p + r for p, r in zip(prompt, response)],
                "run_id": [run_id] * chunk.height,
            }))
            if progress:
                progress.advance(task, chunk.height)


def _eval_items(catalog_path: Path) -> pl.DataFrame:
    """Every registered evaluation item as (item, text) for decontamination; none before the first `jisr eval`."""
    if not catalog_path.exists():
        return pl.DataFrame(schema={"item": pl.String, "text": pl.String})
    with Catalog.open(catalog_path, read_only=True) as catalog:
        return catalog.con.execute(
            "SELECT DISTINCT eval_set || ':' || item_id AS item, concat_ws(' ', context, question) AS text FROM eval_items"
        ).pl()


def _accounting(batches: list[SourceBatch], decisions: pl.DataFrame) -> list[dict[str, Any]]:
    dropped_ids = set(decisions.filter(~pl.col("kept"))["record_id"].to_list())
    rows = []
    for batch in batches:
        dropped = sum(1 for rid in batch.ids if rid in dropped_ids)
        row = {"source": batch.spec.name, "source_version": batch.version, "location": batch.spec.location,
               "read": batch.read, "kept": len(batch.ids) - dropped, "dropped": dropped,
               "quarantined": len(batch.quarantined)}
        if row["read"] != row["kept"] + row["dropped"] + row["quarantined"]:
            raise RuntimeError(f"accounting broken for source {batch.spec.name}: {row}")  # a bug, never input
        rows.append(row)
    return rows


def run_build(config: BuildConfig, catalog_path: Path, progress: Progress | None = None) -> BuildResult:
    watch = _Stopwatch()
    filters, steps = make_steps(list(config.curation))
    for tokenizer in config.tokenizers:
        get_counter(tokenizer)  # an unknown tokenizer fails before any reading
    for spec in config.sources:
        check_source(spec)
    for step in steps:
        if isinstance(step, Decontaminate):
            step.eval_items = _eval_items(catalog_path)

    batches = []
    for spec in config.sources:
        task = progress.add_task(f"read {spec.name}", total=None) if progress else None
        batch = read_source(spec, on_rows=(lambda n, t=task: progress.advance(t, n)) if progress else None)
        if progress:
            progress.update(task, total=batch.read, completed=batch.read)
        batches.append(batch)

    records = _records_frame(batches)
    watch.lap("read")
    work = catalog_path.parent / "work" / "build"
    task = progress.add_task("curate", total=len(filters) + len(steps)) if progress else None
    decisions, signals = run_steps(records, filters, steps, work, config.shard_records, watch.seconds)
    if progress:
        progress.update(task, completed=len(filters) + len(steps))
    accounting = _accounting(batches, decisions)
    watch.lap("curate")

    params = {"config": str(config.path), "name": config.name, "tokenizers": list(config.tokenizers),
              "curation": [{"step": f.step, **f.params()} for f in filters] + [{"step": s.name, **s.params()} for s in steps],
              "sources": [{"name": s.name, "adapter": s.adapter, "location": s.location} for s in config.sources]}
    with Catalog.open(catalog_path) as catalog, catalog.transaction():
        run_id = catalog.start_run("build", params)
        before = catalog.con.execute("SELECT count(*) FROM store.records").fetchone()[0]
        catalog.append("records", records.with_columns(created_run_id=pl.lit(run_id)).to_arrow())
        new_records = catalog.con.execute("SELECT count(*) FROM store.records").fetchone()[0] - before
        catalog.append("provenance", pa.table({
            "run_id": [run_id] * records.height,
            "record_id": records["record_id"].to_arrow(),
            "source": records["source"].to_arrow(),
            "file": [f for b in batches for f, _ in b.origins],
            "row": [r for b in batches for _, r in b.origins],
        }))
        catalog.append("decisions", decisions.with_columns(run_id=pl.lit(run_id)).to_arrow())
        catalog.append("signals", signals.with_columns(run_id=pl.lit(run_id)).to_arrow())
        quarantined = [q for b in batches for q in b.quarantined]
        catalog.append("quarantine", pa.table({
            "run_id": [run_id] * len(quarantined),
            "source": [q.source for q in quarantined], "file": [q.file for q in quarantined],
            "row": pa.array([q.row for q in quarantined], pa.int64()), "field": [q.field for q in quarantined],
            "reason": [q.reason for q in quarantined], "raw": [q.raw for q in quarantined],
        }))
        catalog.append("source_reads", pa.Table.from_pylist([{"run_id": run_id, **row} for row in accounting]))
        _count_tokens(catalog, records, config.tokenizers, run_id, progress)
        watch.lap("write_and_count")
        catalog.finish_run(run_id, {"sources": accounting, "new_records": new_records, "seconds": watch.seconds})
    shutil.rmtree(work, ignore_errors=True)  # only a killed build needs its work folder back
    return BuildResult(run_id, catalog_path, accounting, new_records, watch.seconds)
