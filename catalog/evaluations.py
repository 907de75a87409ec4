"""Eval sets, their items and model scores in the catalog.

Every set a model is scored on is registered as (name, version), the version a hash of its items, so
each result names exactly the questions it was measured on, and curation can decontaminate training
data against `eval_items`. Scores land in `eval_results` with the model, the adapter and, when the
model or adapter is a recorded training run's output, that run and its mix version: one query links a
data mix to its accuracy. Each item's outcome (lm-eval's per-sample output: right or wrong, per
metric) lands in `eval_samples`, keyed by run, set version and item id, so two scores on the same
items can be compared item by item (a paired test) instead of as two independent proportions.
Like the rest of the catalog this imports nothing from jisr's other folders;
callers hand it plain rows. Callers write inside `catalog.transaction()`, under a run id.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # store.py imports this module's DDL
    from jisr.catalog.store import Catalog

EVAL_TABLES = """
CREATE TABLE IF NOT EXISTS store.eval_sets (
    name          VARCHAR NOT NULL,
    version       VARCHAR NOT NULL,
    benchmark     VARCHAR NOT NULL,
    language      VARCHAR NOT NULL,
    items         BIGINT NOT NULL,
    source        VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL
    -- one row per (name, version), kept by its writer (DuckLake has no keys)
);

CREATE TABLE IF NOT EXISTS store.eval_items (
    eval_set     VARCHAR NOT NULL,
    version      VARCHAR NOT NULL,
    item_id      VARCHAR NOT NULL,
    seq          INTEGER NOT NULL,
    question     VARCHAR NOT NULL,
    options      JSON NOT NULL,
    answer_index INTEGER NOT NULL,
    context      VARCHAR,
    specialty    VARCHAR,
    level        VARCHAR,
    upstream_id  VARCHAR,
    file         VARCHAR,
    "row"        BIGINT
    -- one row per (eval_set, version, item_id), kept by its writer (DuckLake has no keys)
);

CREATE TABLE IF NOT EXISTS store.eval_problems (
    run_id   VARCHAR NOT NULL,
    eval_set VARCHAR NOT NULL,
    file     VARCHAR,
    "row"    BIGINT,
    field    VARCHAR,
    reason   VARCHAR NOT NULL,
    kept     BOOLEAN NOT NULL,
    raw      VARCHAR
);

CREATE TABLE IF NOT EXISTS store.eval_results (
    run_id           VARCHAR NOT NULL,
    model            VARCHAR NOT NULL,
    adapter          VARCHAR,
    training_run_id  VARCHAR,
    mix              VARCHAR,
    eval_set         VARCHAR NOT NULL,
    eval_set_version VARCHAR NOT NULL,
    benchmark        VARCHAR NOT NULL,
    language         VARCHAR NOT NULL,
    scoring          VARCHAR NOT NULL,
    chat_template    BOOLEAN NOT NULL,
    metric           VARCHAR NOT NULL,
    value            DOUBLE NOT NULL,
    stderr           DOUBLE,
    n                BIGINT NOT NULL,
    lm_eval_version  VARCHAR NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS store.eval_samples (
    run_id           VARCHAR NOT NULL,
    eval_set         VARCHAR NOT NULL,
    eval_set_version VARCHAR NOT NULL,
    benchmark        VARCHAR NOT NULL,
    language         VARCHAR NOT NULL,
    metric           VARCHAR NOT NULL,
    item_id          VARCHAR NOT NULL,
    correct          TINYINT NOT NULL
    -- one row per (run_id, eval_set, eval_set_version, metric, item_id), kept by its writer (DuckLake has no keys)
);
"""

EVAL_VIEWS = """
CREATE OR REPLACE VIEW eval_sets AS
    SELECT name, benchmark, language, version, items, source, registered_at, run_id FROM store.eval_sets;

CREATE OR REPLACE VIEW eval_items AS
    SELECT eval_set, version, item_id, seq, question, options, answer_index,
           options->>(answer_index) AS answer, context, specialty, level, upstream_id, file, "row"
    FROM store.eval_items;

CREATE OR REPLACE VIEW eval_problems AS SELECT * FROM store.eval_problems;

-- ci_low / ci_high: the 95% interval jisr prints (evaluation/intervals.py, Acc.interval): value ± 1.96
-- lm-eval's stderr, clipped to 0-1, when it stored one, else Wilson's score interval over n.
CREATE OR REPLACE VIEW eval_results AS
    SELECT run_id, model, adapter, training_run_id, mix, benchmark, language, metric, value, stderr, n,
           lm_eval_version, created_at, eval_set, eval_set_version, scoring, chat_template,
           CASE WHEN stderr > 0 THEN greatest(0.0, value - 1.959963984540054 * stderr)
                ELSE greatest(0.0, (value + 3.841458820694124 / (2 * n)
                       - 1.959963984540054 * sqrt(value * (1 - value) / n + 3.841458820694124 / (4 * n * n)))
                       / (1 + 3.841458820694124 / n)) END AS ci_low,
           CASE WHEN stderr > 0 THEN least(1.0, value + 1.959963984540054 * stderr)
                ELSE least(1.0, (value + 3.841458820694124 / (2 * n)
                       + 1.959963984540054 * sqrt(value * (1 - value) / n + 3.841458820694124 / (4 * n * n)))
                       / (1 + 3.841458820694124 / n)) END AS ci_high
    FROM store.eval_results;

CREATE OR REPLACE VIEW eval_samples AS
    SELECT s.run_id, r.model, r.adapter, r.training_run_id, r.mix, s.benchmark, s.language, s.metric,
           s.item_id, s.correct, s.eval_set, s.eval_set_version, r.scoring, r.chat_template, i.seq, i.upstream_id
    FROM store.eval_samples s
    LEFT JOIN store.eval_results r USING (run_id, eval_set, eval_set_version, metric)
    LEFT JOIN store.eval_items i ON i.eval_set = s.eval_set AND i.version = s.eval_set_version
                                AND i.item_id = s.item_id;
"""

EVAL_VIEW_NAMES = ("eval_sets", "eval_items", "eval_problems", "eval_results", "eval_samples")


def record_eval_problems(catalog: Catalog, run_id: str, name: str, problems: list[dict[str, Any]]) -> None:
    """Record the rows of set `name` that this read left out or read generously (`file, row, field, reason,
    kept, raw` each): the eval sets' quarantine, the `eval_problems` view."""
    import pyarrow as pa  # here, not at the top: a reader opening the catalog never needs it

    catalog.append("eval_problems", pa.Table.from_pylist(
        [{"run_id": run_id, "eval_set": name, **p} for p in problems],
        schema=pa.schema([("run_id", pa.string()), ("eval_set", pa.string()), ("file", pa.string()),
                          ("row", pa.int64()), ("field", pa.string()), ("reason", pa.string()),
                          ("kept", pa.bool_()), ("raw", pa.string())])))


def record_eval_set(catalog: Catalog, run_id: str, *, name: str, benchmark: str, language: str, version: str,
                    source: str, items: int) -> bool:
    """Record set `name` at `version` (`items` questions read from `source`) unless it is already there (an
    eval set's version is a hash of its content); returns whether the version is new."""
    exists = catalog.con.execute("SELECT count(*) FROM store.eval_sets WHERE name = ? AND version = ?",
                                 [name, version]).fetchone()[0]
    if not exists:
        catalog.con.execute("INSERT INTO store.eval_sets VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [name, version, benchmark, language, items, source, run_id, datetime.now(timezone.utc)])
    return not exists


def register_eval_set(catalog: Catalog, run_id: str, *, name: str, benchmark: str, language: str, version: str,
                      source: str, items: list[dict[str, Any]], problems: list[dict[str, Any]]) -> bool:
    """Record this read's problem rows, and the set's items unless (name, version) is already there.

    `items` are dicts with the `store.eval_items` columns after `version` (options as a list);
    `problems` with `file, row, field, reason, kept, raw`. Returns whether the version is new.
    """
    record_eval_problems(catalog, run_id, name, problems)
    if not record_eval_set(catalog, run_id, name=name, benchmark=benchmark, language=language, version=version,
                           source=source, items=len(items)):
        return False
    import pyarrow as pa

    catalog.append("eval_items", pa.Table.from_pylist(
        [{"eval_set": name, "version": version, "seq": seq, **item,
          "options": json.dumps(list(item["options"]), ensure_ascii=False)} for seq, item in enumerate(items, 1)],
        schema=pa.schema([("eval_set", pa.string()), ("version", pa.string()), ("seq", pa.int32()),
                          ("item_id", pa.string()), ("question", pa.string()), ("options", pa.string()),
                          ("answer_index", pa.int32()), ("context", pa.string()), ("specialty", pa.string()),
                          ("level", pa.string()), ("upstream_id", pa.string()), ("file", pa.string()),
                          ("row", pa.int64())])))
    return True


def record_results(catalog: Catalog, rows: list[dict[str, Any]]) -> None:
    """Append scores: dicts with the `store.eval_results` columns (`created_at` is filled in)."""
    now = datetime.now(timezone.utc)
    import pyarrow as pa

    catalog.append("eval_results", pa.Table.from_pylist([{**row, "created_at": now} for row in rows]))


def record_samples(catalog: Catalog, rows: list[dict[str, Any]]) -> None:
    """Append item outcomes: dicts with the `store.eval_samples` columns (`correct` 0 or 1)."""
    import pyarrow as pa

    catalog.append("eval_samples", pa.Table.from_pylist(rows, schema=pa.schema(
        [("run_id", pa.string()), ("eval_set", pa.string()), ("eval_set_version", pa.string()),
         ("benchmark", pa.string()), ("language", pa.string()), ("metric", pa.string()), ("item_id", pa.string()),
         ("correct", pa.int8())])))


def training_run_for(catalog: Catalog, *paths: str | None) -> tuple[str, str] | None:
    """(run_id, mix) of the latest training run whose output folder is one of `paths` (adapter first)."""
    runs = catalog.con.execute(
        "SELECT run_id, mix, output_path FROM training_runs WHERE output_path IS NOT NULL "
        "ORDER BY started_at DESC NULLS LAST, run_id DESC").fetchall()
    for path in paths:
        if path is None or not Path(path).exists():
            continue
        wanted = Path(path).resolve()
        for run_id, mix, output_path in runs:
            if Path(output_path).resolve() == wanted:
                return run_id, mix
    return None
