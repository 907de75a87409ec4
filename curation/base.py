"""What a curation step is: the registry of step names and the two base classes a step derives from.

A config's `curation:` list names steps of two sorts, both registered in `STEPS` with
`@STEPS.register("name")` (an outside package: an entry point in the group `jisr.curation_steps`):

- a per-record filter (`RecordFilter`, a datatrove `BaseFilter`): the base owns batching, stats and the
  exclusion writer; a filter writes `measure` (signals for a batch, with Polars) and `decide` (one
  record's keep or `(False, reason)`). Filters run first, sharded and resumable (curation/pipeline.py);
- a whole-corpus step (`Step`): writes `decide` over every record that is still kept (dedup,
  decontamination).

Each is a dataclass whose fields are its parameters: the config's mapping is checked against them
(jisr/registry.py) and they are recorded with the run as they are. A field made with `from_catalog()`
is not a parameter: the build fills it from the catalog before the step runs (jisr/build.py).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import field, fields
from typing import Any, ClassVar

import polars as pl
from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter

from jisr.registry import Registry, parameters

STEPS: Registry[type] = Registry(
    "curation step", "jisr.curation_steps", name_attribute="step",
    builtins=("jisr.curation.filters", "jisr.curation.steps", "jisr.curation.minhash", "jisr.curation.decontaminate"))
BATCH = 1000  # records a filter measures at once
RECORD_SCHEMA = {"prompt": pl.String, "response": pl.String, "language": pl.String, "kind": pl.String}


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

    def catalog_inputs(self) -> list[str]:
        """The names of the fields the build fills from the catalog (`from_catalog()` fields)."""
        return [f.name for f in fields(self) if f.metadata.get("from_catalog")]


class RecordFilter(BaseFilter):
    """A per-record filter: a datatrove filter over batches of records (subclasses are dataclasses).

    Signals go into `doc.metadata["signals"][step]`, so the catalog keeps them for kept records too.
    Documents carry the record's `prompt`, `response`, `language` and `kind` in their metadata.
    """

    step: ClassVar[str] = "filter"  # the registered name (set by `STEPS.register`)

    def __post_init__(self) -> None:
        BaseFilter.__init__(self, batch_size=BATCH)
        # Kept on the instance too: a worker process unpickles the filter without loading the registry,
        # and a filter registered by an entry point gets its name only there.
        self.step = type(self).step

    def params(self) -> dict[str, Any]:
        return parameters(self)

    def measure(self, records: pl.DataFrame) -> pl.DataFrame:
        """Signals for a batch (columns `prompt, response, language, kind`): one row per record."""
        raise NotImplementedError

    def decide(self, record: dict[str, Any], signals: dict[str, Any]) -> bool | tuple[bool, str]:
        raise NotImplementedError

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        records = pl.DataFrame([{k: doc.metadata[k] for k in RECORD_SCHEMA} for doc in batch], schema=RECORD_SCHEMA)
        results = []
        for doc, signals in zip(batch, self.measure(records).iter_rows(named=True)):
            signals = {k: v for k, v in signals.items() if v is not None}
            results.append(self.decide(doc.metadata, signals))  # may pop helper columns that are no signals
            doc.metadata.setdefault("signals", {}).setdefault(self.step, {}).update(signals)
        return results

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]
