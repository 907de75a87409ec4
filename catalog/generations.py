"""Every LLM call jisr makes, kept in the catalog: its provenance, and the cache that makes reruns cheap.

A call is keyed by a hash of what determines its output (model, prompt template hash, rendered
prompt, sampling parameters); the caller computes the key, the catalog only stores and finds it. A
rerun asks `finished_calls` first and sends only what is missing, so a killed job resumes where it
stopped. Each finished call is written at once in its own small transaction (`record_calls`), not
with the run's results at the end: a SIGKILL loses only the calls in flight. Failed calls are kept
too (with `error`), for the record, but never answer a lookup, so a rerun tries them again. `outcome`
is what the task's rule found in the answer when it arrived (`ok`, or why it was asked again or dropped:
`refusal`, `wrong_language`, `truncated`, `empty_output`, `malformed_judge_score`); null where no rule looks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # store.py imports this module's DDL
    from jisr.catalog.store import Catalog

GENERATION_TABLES = """
CREATE TABLE IF NOT EXISTS store.generations (
    call_key          VARCHAR NOT NULL,
    run_id            VARCHAR NOT NULL,
    task              VARCHAR NOT NULL,
    backend           VARCHAR NOT NULL,
    model             VARCHAR NOT NULL,
    template_id       VARCHAR NOT NULL,
    template_sha256   VARCHAR NOT NULL,
    sampling          JSON NOT NULL,
    messages          JSON NOT NULL,
    output            VARCHAR,
    finish_reason     VARCHAR NOT NULL,
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    latency_s         DOUBLE,
    attempts          INTEGER NOT NULL,
    error             VARCHAR,
    created_at        TIMESTAMPTZ NOT NULL,
    outcome           VARCHAR
);

-- Catalogs made before `outcome` existed gain it here (null for their calls).
ALTER TABLE store.generations ADD COLUMN IF NOT EXISTS outcome VARCHAR;

CREATE OR REPLACE VIEW generations AS
    SELECT call_key, run_id, task, backend, model, template_id, template_sha256, sampling, messages, output,
           finish_reason, prompt_tokens, completion_tokens, latency_s, attempts, error, outcome, created_at
    FROM store.generations;
"""

# What a finished call gives back to the caller; the rest of the row is provenance.
RESULT_COLUMNS = ("call_key", "output", "finish_reason", "prompt_tokens", "completion_tokens", "latency_s")


def finished_calls(catalog: Catalog, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The first successful call stored for each of `keys` (failed calls are not answers)."""
    if not keys:
        return {}
    import pyarrow as pa  # here, not at the top: a reader opening the catalog never needs it

    catalog.con.register("_jisr_keys", pa.table({"call_key": list(set(keys))}))
    try:
        rows = catalog.con.execute(f"""
            SELECT {', '.join('g.' + c for c in RESULT_COLUMNS)}
            FROM store.generations g SEMI JOIN _jisr_keys k ON g.call_key = k.call_key
            WHERE g.error IS NULL
            QUALIFY row_number() OVER (PARTITION BY g.call_key ORDER BY g.created_at) = 1""").fetchall()
    finally:
        catalog.con.unregister("_jisr_keys")
    return {row[0]: dict(zip(RESULT_COLUMNS, row)) for row in rows}


def record_calls(catalog: Catalog, rows: list[dict[str, Any]]) -> None:
    """Store finished calls (one dict per call, keys = the table's columns) in one transaction of their own."""
    if rows:
        import pyarrow as pa

        catalog.append("generations", pa.Table.from_pylist(rows))
