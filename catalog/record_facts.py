"""`store.record_facts`: what the kept totals need to know of each record beyond its status, kept beside it so
that a finishing run reads a narrow table instead of every record's text or every signal.

Per record: its `source`, `language`, `category` and `created_run_id` (as in `store.records`, so the kept
totals join this narrow table, not the records), `words` (its prompt and response split on spaces, as the
docs' tokens-per-word query counts them) and the latest `language_id` answer variety and score
(`response_variety`, `response_variety_score`: the signal of the greatest run id, as `arabic_varieties` always
took them), each with the run that said it, so a later fold can tell which is the latest.

Why: `composition` keeps words, categories and varieties (catalog/composition.py) so that the docs'
tokens-per-word, per-specialty and `arabic_varieties` queries read a few kept rows; computing a record's words
from its text (or its variety from `signals`) at every landing would read every text (or signal) of the
catalog. A record gets its row when the run that created it is folded (a record written by hand: at the next
fold); its words never change (records are immutable), its variety moves with later runs.
"""

from __future__ import annotations

import duckdb

# A record's own facts, from its row in `store.records` (as `r`).
OWN = ("r.record_id, r.source, r.language, r.category, len(string_split(r.prompt || ' ' || r.response, ' ')) AS words, "
       "r.created_run_id")

# The latest variety and score a set of signals names per record (`{where}` narrows `store.signals`).
VARIETIES = """
    SELECT record_id,
           arg_max(text, run_id) FILTER (WHERE name = 'response_variety') AS variety,
           max(run_id) FILTER (WHERE name = 'response_variety' AND text IS NOT NULL) AS variety_run_id,
           arg_max(value, run_id) FILTER (WHERE name = 'response_variety_score') AS score,
           max(run_id) FILTER (WHERE name = 'response_variety_score' AND value IS NOT NULL) AS score_run_id
    FROM store.signals WHERE step = 'language_id' AND name IN ('response_variety', 'response_variety_score') {where}
    GROUP BY record_id"""

# The records whose variety signals the runs `{runs}` (a literal list) wrote.
NAMED = ("SELECT record_id FROM store.signals WHERE run_id IN {runs} AND step = 'language_id' "
         "AND name IN ('response_variety', 'response_variety_score')")


def recompute(con: duckdb.DuckDBPyConnection) -> None:
    """Every record's facts from its text and every signal (a catalog upgraded or migrated from before them)."""
    con.execute("DELETE FROM store.record_facts")
    con.execute(f"""INSERT INTO store.record_facts BY NAME
        SELECT {OWN}, v.variety, v.variety_run_id, v.score, v.score_run_id
        FROM store.records r LEFT JOIN ({VARIETIES.format(where='')}) v USING (record_id)""")


def fold(con: duckdb.DuckDBPyConnection, runs: str) -> None:
    """Bring the facts up to date with the finishing runs `runs` (a literal list of run ids): a row for each record
    they created (and for any other record that has none), then their varieties where later than the record's."""
    try:
        # The runs' own records: DuckLake finds them, and any facts already made for them, by `created_run_id`
        # (a run's id sorts after the runs before it) without reading other runs' files.
        con.execute(f"""INSERT INTO store.record_facts BY NAME SELECT {OWN} FROM store.records r
            WHERE r.created_run_id IN {runs} AND NOT EXISTS
            (SELECT 1 FROM store.record_facts f WHERE f.created_run_id IN {runs} AND f.record_id = r.record_id)""")
        # Every other record has its row from the fold of the run that created it, but for records written by hand
        # (counting rows reads DuckLake's metadata; finding the missing ones reads every text).
        if con.execute("SELECT (SELECT count(*) FROM store.records) > (SELECT count(*) FROM store.record_facts)"
                       ).fetchone()[0]:
            con.execute(f"""INSERT INTO store.record_facts BY NAME SELECT {OWN} FROM store.records r
                WHERE NOT EXISTS (SELECT 1 FROM store.record_facts f WHERE f.record_id = r.record_id)""")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _jisr_named AS {VARIETIES.format(where='AND run_id IN ' + runs)}")
        if not con.execute("SELECT count(*) FROM _jisr_named").fetchone()[0]:
            return
        later = "n.{0}_run_id IS NOT NULL AND (f.{0}_run_id IS NULL OR n.{0}_run_id > f.{0}_run_id)"
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _jisr_refacted AS
            SELECT f.* REPLACE (
                   CASE WHEN {later.format('variety')} THEN n.variety ELSE f.variety END AS variety,
                   CASE WHEN {later.format('variety')} THEN n.variety_run_id ELSE f.variety_run_id END AS variety_run_id,
                   CASE WHEN {later.format('score')} THEN n.score ELSE f.score END AS score,
                   CASE WHEN {later.format('score')} THEN n.score_run_id ELSE f.score_run_id END AS score_run_id)
            FROM store.record_facts f JOIN _jisr_named n USING (record_id)""")
        con.execute("DELETE FROM store.record_facts f USING _jisr_refacted n WHERE f.record_id = n.record_id")
        con.execute("INSERT INTO store.record_facts BY NAME SELECT * FROM _jisr_refacted")
    finally:
        for name in ("_jisr_named", "_jisr_refacted"):
            con.execute(f"DROP TABLE IF EXISTS {name}")
