"""What a curation step is: the registry of step names and the two base classes a step derives from.

A config's `curation:` list names steps of two sorts, both registered in `STEPS` with
`@STEPS.register("name")` (an outside package: an entry point in the group `jisr.curation_steps`):

- a per-record filter (`RecordFilter`, a datatrove `BaseFilter`): the base owns the stats and writes
  what the filter drops; a filter writes `measure` (signals for a batch, with Polars) and `decide` (one
  record's keep or `(False, reason)`). Filters run first, sharded and resumable (curation/pipeline.py),
  handed whole record frames rather than a datatrove Document per record (curation/frames.py);
- a whole-corpus step (`Step`): writes `decide` over every record that is still kept (dedup,
  decontamination).

Each is a dataclass whose fields are its parameters: the config's mapping is checked against them
(jisr/registry.py) and they are recorded with the run as they are. A field made with `from_catalog()`
is not a parameter: the build fills it from the catalog before the step runs (jisr/build.py).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import field, fields
from typing import Any, Callable, ClassVar

import polars as pl
from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter, get_filter_result
from datatrove.utils.typeshelper import StatHints

from jisr.catalog.shapes import CURATION_SCHEMA
from jisr.curation.frames import RecordBatch, write_task_file
from jisr.registry import Registry, parameters

STEPS: Registry[type] = Registry(
    "curation step", "jisr.curation_steps", name_attribute="step",
    builtins=("jisr.curation.filters", "jisr.curation.steps", "jisr.curation.minhash", "jisr.curation.decontaminate"))


def from_catalog() -> Any:
    """A step's field that the build fills from the catalog (by the field's name; jisr/build.py), not a parameter."""
    return field(default=None, repr=False, metadata={"parameter": False, "from_catalog": True})


class Step(ABC):
    """A whole-corpus step: `decide` returns one row per input record (record_id, kept, reason, detail).

    Any further column is a signal of the step (number or label, null where it says nothing), stored
    like the filters' signals, so a step explains its drops in queryable columns, not only in `detail`.
    """

    step: ClassVar[str]  # the registered name (set by `STEPS.register`)

    @abstractmethod
    def decide(self, records: pl.DataFrame) -> pl.DataFrame: ...

    def params(self) -> dict[str, Any]:
        return parameters(self)

    def shard_columns(self) -> dict[str, Callable[[pl.DataFrame], pl.Series]]:
        """Columns this step needs that depend on each record alone (key hashes, signatures), which the filter
        workers can compute beside the filters, from a batch whose matching keys are normalised already
        (column name -> how to compute it; curation/frames.py). The step then finds them among its records'
        columns (absent where no filter ran: it computes them itself). None by default."""
        return {}

    def record_columns(self, available: list[str]) -> list[str] | None:
        """The record columns `decide` reads beyond the narrow ones (ids, language, kind, links: corpus/sources/
        spool.py), given the columns at hand; None (the default): all of them. A build that keeps its records'
        text on disk reads back only these for the step."""
        return None

    def catalog_inputs(self) -> list[str]:
        """The names of the fields the build fills from the catalog (`from_catalog()` fields)."""
        return [f.name for f in fields(self) if f.metadata.get("from_catalog")]


class RecordFilter(BaseFilter):
    """A per-record filter: a datatrove filter over batches of records (subclasses are dataclasses).

    In the build's pipeline it is handed `RecordBatch`es (curation/frames.py) and passes on the kept
    part of each; what it drops goes to `dropped_folder` (one file per task), when set. Signals are
    kept per step (`{step: {name: value}}`), so the catalog keeps them for kept records too.
    `filter(doc)` judges one datatrove Document (its metadata carries `prompt, response, language, kind`).
    """

    step: ClassVar[str] = "filter"  # the registered name (set by `STEPS.register`)
    dropped_folder: ClassVar[str | None] = None

    def __post_init__(self) -> None:
        BaseFilter.__init__(self)
        # Kept on the instance too: a worker process unpickles the filter without loading the registry,
        # and a filter registered by an entry point gets its name only there.
        self.step = type(self).step

    def params(self) -> dict[str, Any]:
        return parameters(self)

    def measure(self, records: pl.DataFrame) -> pl.DataFrame:
        """Signals for a batch (columns `record_id, prompt, response, language, kind`): one row per record."""
        raise NotImplementedError

    def decide(self, record: dict[str, Any], signals: dict[str, Any]) -> bool | tuple[bool, str]:
        raise NotImplementedError

    def judge(self, batch: RecordBatch) -> list[bool | tuple[bool, str]]:
        """Measure and decide every record of the batch; its signals join the batch's, under `step`."""
        results = []
        for record, signals, held in zip(batch.records.select(list(CURATION_SCHEMA)).iter_rows(named=True),
                                         self.measure(batch.records).iter_rows(named=True), batch.signals):
            signals = {k: v for k, v in signals.items() if v is not None}
            results.append(self.decide(record, signals))  # may pop helper columns that are no signals
            held.setdefault(self.step, {}).update(signals)
        return results

    def run(self, data, rank: int = 0, world_size: int = 1):
        """Batches in, the kept part of each out; stats as datatrove's filters keep them, per batch."""
        dropped = []
        for batch in data:
            self.stat_update("batches")
            with self.track_time("batch"):
                results = [get_filter_result(r) for r in self.judge(batch)]
            kept = [keep for keep, _ in results]
            self.stat_update(StatHints.total, value=len(results))
            self.stat_update(StatHints.forwarded, value=sum(kept))
            if not all(kept):
                self.stat_update(StatHints.dropped, value=len(results) - sum(kept))
                reasons = [reason for keep, reason in results if not keep]
                for reason in set(reasons) - {None}:
                    self.stat_update(f"dropped_{reason}", value=reasons.count(reason))
                dropped.append(batch.take([not k for k in kept]).outputs(reasons))
            if any(kept):
                yield batch.take(kept)
        if self.dropped_folder:
            write_task_file(self.dropped_folder, rank, dropped)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        row = {k: doc.id if k == "record_id" else doc.metadata.get(k) for k in CURATION_SCHEMA}
        record = pl.DataFrame([row], schema=CURATION_SCHEMA)
        return self.judge(RecordBatch(record, [doc.metadata.setdefault("signals", {})]))[0]
