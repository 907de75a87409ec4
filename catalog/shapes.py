"""The rows producers hand the catalog, defined once: a record's columns, a decision's and a signal's.

Ingest, generation, review pull and curation build their frames from these, so a record keeps one
shape (and one column list) from the reader to `store.records`. They are the columns of the tables in
catalog/schema.py less the run that wrote them; tests/test_catalog.py checks that the two agree.
"""

from __future__ import annotations

import polars as pl

# `store.records` in table order, less `created_run_id`; JSON columns (messages, metadata) travel as text.
RECORD_SCHEMA: dict[str, type[pl.DataType]] = {
    name: pl.String for name in ("record_id", "source", "source_version", "language", "kind", "prompt", "response",
                                 "messages", "category", "license", "parent_id", "pair_id", "upstream_id", "metadata")
}
RECORD_COLUMNS = tuple(RECORD_SCHEMA)
# What a curation step reads of a record.
CURATION_SCHEMA = {name: RECORD_SCHEMA[name] for name in ("record_id", "prompt", "response", "language", "kind")}

DECISION_SCHEMA = {"record_id": pl.String, "seq": pl.Int32, "step": pl.String, "kept": pl.Boolean,
                   "reason": pl.String, "detail": pl.String}
# What a whole-corpus step's `decide` returns per record; the step and its place in the run are added after.
VERDICT_SCHEMA = {name: DECISION_SCHEMA[name] for name in ("record_id", "kept", "reason", "detail")}
SIGNAL_SCHEMA = {"record_id": pl.String, "step": pl.String, "name": pl.String, "value": pl.Float64, "text": pl.String}
