"""`store.composition`: Table 3's answer (kept records and tokens per source, language and tokenizer),
kept up to date in the transaction that finishes each run.

Why: the `composition` view joined every kept record with its token counts on every query (3-5 s at
2.5M records on a shared machine, issue #12 asks for under 200 ms). Recomputing whole groups when a
run finishes doubled the time to land a build, so a finishing run moves the totals by what it changed:
for each record it decided on or counted tokens for, its contribution before (its previous status,
the token counts it had) is taken away and its contribution after is added.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

# Kept records' token totals per (source, language, tokenizer), from the statuses folded into
# `store.record_status`, over the records of `{records}` (a table of record ids) or all of them.
_TOTALS = """
    SELECT r.source, r.language, t.tokenizer, {sign} * count(*) AS records,
           {sign} * sum(t.prompt_tokens) AS prompt_tokens, {sign} * sum(t.response_tokens) AS response_tokens,
           {sign} * sum(t.total_tokens) AS total_tokens
    FROM {records} JOIN store.records r USING (record_id) JOIN store.record_status s USING (record_id)
    JOIN store.token_counts t USING (record_id)
    WHERE s.kept {where}
    GROUP BY ALL"""
_SAME_KEY = ("EXISTS (SELECT 1 FROM _jisr_delta d WHERE d.source = c.source AND d.language = c.language "
             "AND d.tokenizer = c.tokenizer)")


def recompute(con: duckdb.DuckDBPyConnection) -> None:
    """The whole table from every record (a catalog upgraded or migrated from before it existed)."""
    con.execute("DELETE FROM store.composition")
    con.execute("INSERT INTO store.composition" + _TOTALS.format(
        sign=1, records="(SELECT record_id FROM store.records)", where=""))


@contextmanager
def kept_up_to_date(con: duckdb.DuckDBPyConnection, pending: str, params: dict) -> Iterator[None]:
    """Around folding the `pending` runs' decisions (in `_jisr_fresh`) into `store.record_status`: the
    totals move by what those runs changed for the records they decided on or counted tokens for."""
    pending_ids = f"(SELECT run_id FROM ({pending}))"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _jisr_touched AS SELECT record_id FROM _jisr_fresh UNION
                    SELECT record_id FROM store.token_counts WHERE run_id IN {pending_ids}""", params)
    try:
        if not con.execute("SELECT count(*) FROM _jisr_touched").fetchone()[0]:
            yield  # a run that decided nothing and counted no tokens (training, evaluation, reviews)
            return
        con.execute("CREATE OR REPLACE TEMP TABLE _jisr_delta AS" + _TOTALS.format(
            sign=-1, records="_jisr_touched", where=f"AND t.run_id NOT IN {pending_ids}"), params)
        yield
        con.execute("INSERT INTO _jisr_delta" + _TOTALS.format(sign=1, records="_jisr_touched", where=""))
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _jisr_moved AS
            SELECT source, language, tokenizer, sum(records)::BIGINT AS records,
                   sum(prompt_tokens)::BIGINT AS prompt_tokens, sum(response_tokens)::BIGINT AS response_tokens,
                   sum(total_tokens)::BIGINT AS total_tokens
            FROM (SELECT * FROM store.composition c WHERE {_SAME_KEY}
                  UNION ALL BY NAME SELECT * FROM _jisr_delta)
            GROUP BY ALL HAVING sum(records) <> 0""")
        con.execute(f"DELETE FROM store.composition c WHERE {_SAME_KEY}")
        con.execute("INSERT INTO store.composition SELECT * FROM _jisr_moved")
    finally:
        for table in ("_jisr_touched", "_jisr_delta", "_jisr_moved"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
