"""The rows producers hand the catalog, defined once: a record's columns, a decision's, a signal's, and
every other table a run lands (catalog/landing.py).

Ingest, generation, review pull and curation build their frames from these, so a record keeps one
shape (and one column list) from the reader to `store.records`. They are the columns of the tables in
catalog/schema.py less the run that wrote them; tests/test_record_shape.py checks that the two agree.
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

# Where each record of a run was read: file and row (null for a record made from another, or from a call).
PROVENANCE_SCHEMA = {"record_id": pl.String, "source": pl.String, "file": pl.String, "row": pl.Int64}
# A row read that could not become a record, and why.
QUARANTINE_SCHEMA = {"source": pl.String, "file": pl.String, "row": pl.Int64, "field": pl.String, "reason": pl.String,
                     "raw": pl.String}
# A run's accounting per source: read = kept + dropped + quarantined.
SOURCE_READ_SCHEMA = {"source": pl.String, "source_version": pl.String, "location": pl.String, "read": pl.Int64,
                      "kept": pl.Int64, "dropped": pl.Int64, "quarantined": pl.Int64}
TOKEN_COUNT_SCHEMA = {"record_id": pl.String, "tokenizer": pl.String, "exact": pl.Boolean, "prompt_tokens": pl.Int64,
                      "response_tokens": pl.Int64, "total_tokens": pl.Int64}

# What a review pull replaces for its dataset (catalog/reviews.py): each reviewer's latest response, the
# verdicts the rule draws from them, and the reviewers' agreement.
REVIEW_SCHEMA = {"dataset": pl.String, "record_id": pl.String, "reviewer": pl.String, "status": pl.String,
                 "adequacy": pl.Int32, "fluency": pl.Int32, "errors": pl.List(pl.String), "correction": pl.String,
                 "values": pl.String, "time": pl.Datetime("us", "UTC"), "ter": pl.Float64, "chrf": pl.Float64}
REVIEW_STATUS_SCHEMA = {"dataset": pl.String, "record_id": pl.String, "status": pl.String, "reviews": pl.Int32,
                        "adequacy": pl.Float64, "fluency": pl.Float64, "correction": pl.String, "rule": pl.String,
                        "ter": pl.Float64, "chrf": pl.Float64, "corrected_record_id": pl.String}
REVIEW_AGREEMENT_SCHEMA = {"dataset": pl.String, "question": pl.String, "label": pl.String, "level": pl.String,
                           "alpha": pl.Float64, "agreement": pl.Float64, "units": pl.Int32}
