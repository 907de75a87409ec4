"""Open-ended answers judged (`jisr eval open`): answers, per-criterion scores, signals and judge checks.

One row per answer (model under test, item), one per judgement x criterion (score 1-5 or null where
the criterion does not apply, and the judge's rationale), one per answer x reference-free signal,
and one per judge check (calibration accuracy, language and position agreement) with its threshold
and whether the judge was flagged. Every judgement names the rubric file's version and SHA-256, so a
score always says which wording produced it. Like the rest of the catalog this imports nothing else
of jisr; callers write inside `catalog.transaction()`, under a run id.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # store.py imports this module's DDL
    from jisr.catalog.store import Catalog

OPEN_TABLES = """
CREATE TABLE IF NOT EXISTS store.open_answers (
    run_id VARCHAR NOT NULL, model VARCHAR NOT NULL, backend VARCHAR NOT NULL, training_run_id VARCHAR,
    mix VARCHAR, eval_set VARCHAR NOT NULL, eval_set_version VARCHAR NOT NULL, item_id VARCHAR NOT NULL,
    pair VARCHAR, language VARCHAR NOT NULL, specialty VARCHAR, question VARCHAR NOT NULL, reference VARCHAR,
    answer VARCHAR, finish_reason VARCHAR NOT NULL, call_key VARCHAR NOT NULL, error VARCHAR,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS store.open_scores (
    run_id VARCHAR NOT NULL, target VARCHAR NOT NULL, variant VARCHAR NOT NULL, item_id VARCHAR NOT NULL,
    judge_model VARCHAR NOT NULL, rubric VARCHAR NOT NULL, rubric_sha256 VARCHAR NOT NULL,
    prompt_language VARCHAR NOT NULL, criterion VARCHAR NOT NULL, score INTEGER, passed BOOLEAN,
    rationale VARCHAR, status VARCHAR NOT NULL, call_key VARCHAR, attempts INTEGER NOT NULL, raw VARCHAR
);

CREATE TABLE IF NOT EXISTS store.open_signals (
    run_id VARCHAR NOT NULL, item_id VARCHAR NOT NULL, name VARCHAR NOT NULL, value DOUBLE, text VARCHAR
);

CREATE TABLE IF NOT EXISTS store.open_judge_checks (
    run_id VARCHAR NOT NULL, judge_model VARCHAR NOT NULL, "check" VARCHAR NOT NULL, value DOUBLE,
    n BIGINT NOT NULL, threshold DOUBLE, flagged BOOLEAN NOT NULL, detail VARCHAR,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE OR REPLACE VIEW open_answers AS
    SELECT run_id, model, mix, training_run_id, eval_set, eval_set_version, item_id, pair, language, specialty,
           question, reference, answer, finish_reason, error, backend, call_key, created_at
    FROM store.open_answers;

-- Scores of the model under test's answers (target 'answer', variant 'standard'), with who answered.
CREATE OR REPLACE VIEW open_scores AS
    SELECT s.run_id, a.model, a.mix, a.eval_set, s.item_id, a.pair, a.language, s.criterion, s.score, s.passed,
           s.rationale, s.status, s.judge_model, s.rubric, s.rubric_sha256, s.attempts, s.call_key
    FROM store.open_scores s JOIN store.open_answers a USING (run_id, item_id)
    WHERE s.target = 'answer' AND s.variant = 'standard';

-- Every judgement, calibration and bias variants included.
CREATE OR REPLACE VIEW open_judgements AS SELECT * FROM store.open_scores;

CREATE OR REPLACE VIEW open_signals AS
    SELECT g.run_id, a.model, a.mix, g.item_id, a.language, g.name, g.value, g.text
    FROM store.open_signals g JOIN store.open_answers a USING (run_id, item_id);

CREATE OR REPLACE VIEW open_judge_checks AS SELECT * FROM store.open_judge_checks;
"""

OPEN_VIEW_NAMES = ("open_answers", "open_scores", "open_judgements", "open_signals", "open_judge_checks")


def record_open_results(catalog: Catalog, answers: list[dict[str, Any]], scores: list[dict[str, Any]],
                        signals: list[dict[str, Any]], checks: list[dict[str, Any]]) -> None:
    """Append one run's rows (dicts with each table's columns; `created_at` is filled in)."""
    now = datetime.now(timezone.utc)
    for table, rows in (("open_answers", [{**r, "created_at": now} for r in answers]), ("open_scores", scores),
                        ("open_signals", signals), ("open_judge_checks", [{**r, "created_at": now} for r in checks])):
        if rows:
            import pyarrow as pa  # here, not at the top: a reader opening the catalog never needs it

            catalog.append(table, pa.Table.from_pylist(rows))
