"""`composition`, `composition_by_category`, `arabic_varieties`, `record_counts` and `drops` read
`store.composition`, `store.record_facts` and `store.record_counts`, which finishing runs keep up to date (issue
#12, "Speed and size"): after every run, after a writer folds a run written by hand, and after a schema 4 catalog
is upgraded, each answers what the SQL it replaced answers from every record's status, text, token counts and
signals (the docs' per-specialty and tokens-per-word queries too). On the embedded and the team catalog."""

import pyarrow as pa
import pytest

from catalog_rows import connection, rows
from jisr.catalog import CATALOG_FILE, SCHEMA_VERSION, Catalog, lifecycle

pytestmark = pytest.mark.usefixtures("any_catalog")

# The view as it was before store.composition: a join of every kept record with its token counts (and words).
RECOMPUTED = """SELECT r.source, r.language, t.tokenizer, count(*), sum(t.prompt_tokens), sum(t.response_tokens),
    sum(t.total_tokens), sum(len(string_split(r.prompt || ' ' || r.response, ' ')))
    FROM records r JOIN token_counts t USING (record_id) WHERE r.kept GROUP BY ALL ORDER BY ALL"""
VIEW = "SELECT * FROM composition ORDER BY ALL"
BY_CATEGORY_RECOMPUTED = """SELECT r.source, r.language, r.category, t.tokenizer, count(*), sum(t.prompt_tokens),
    sum(t.response_tokens), sum(t.total_tokens), sum(len(string_split(r.prompt || ' ' || r.response, ' ')))
    FROM records r JOIN token_counts t USING (record_id) WHERE r.kept GROUP BY ALL ORDER BY ALL"""
BY_CATEGORY = "SELECT * FROM composition_by_category ORDER BY ALL"
# `arabic_varieties` as it was before store.record_facts: every kept Arabic record with its latest signals.
VARIETIES_RECOMPUTED = """
    WITH variety AS (
        SELECT record_id, arg_max(text, run_id) AS variety, arg_max(value, run_id) AS score
        FROM store.signals WHERE step = 'language_id' AND name IN ('response_variety', 'response_variety_score')
        GROUP BY record_id, name
    ), per_record AS (
        SELECT record_id, any_value(variety) FILTER (WHERE variety IS NOT NULL) AS variety,
               any_value(score) FILTER (WHERE score IS NOT NULL) AS score
        FROM variety GROUP BY record_id
    )
    SELECT r.source, coalesce(v.variety, 'unknown') AS variety, t.tokenizer,
           count(*) AS records, round(avg(v.score), 3) AS mean_score, sum(t.total_tokens) AS total_tokens
    FROM records r JOIN store.token_counts t USING (record_id) LEFT JOIN per_record v USING (record_id)
    WHERE r.kept AND r.language = 'ar'
    GROUP BY ALL ORDER BY ALL"""
VARIETIES = "SELECT * FROM arabic_varieties ORDER BY ALL"
# The docs' queries before and after they read `composition_by_category` and `composition` (docs/catalog.md).
SPECIALTY_BEFORE = """SELECT r.category, count(*) AS records, avg(t.response_tokens)::INT AS avg_answer_tokens
    FROM records r JOIN token_counts t USING (record_id)
    WHERE r.kept AND r.language = 'ar' AND t.tokenizer = 'qwen2.5'
    GROUP BY ALL ORDER BY avg_answer_tokens DESC, category"""
SPECIALTY = """SELECT category, sum(records) AS records, (sum(response_tokens) / sum(records))::INT AS avg_answer_tokens
    FROM composition_by_category WHERE language = 'ar' AND tokenizer = 'qwen2.5'
    GROUP BY ALL ORDER BY avg_answer_tokens DESC, category"""
PER_WORD_BEFORE = """SELECT r.language, t.tokenizer,
       round(sum(t.total_tokens) / sum(len(string_split(r.prompt || ' ' || r.response, ' '))), 2) AS tokens_per_word
    FROM records r JOIN token_counts t USING (record_id) WHERE r.kept GROUP BY ALL ORDER BY ALL"""
PER_WORD = """SELECT language, tokenizer, round(sum(total_tokens) / sum(words), 2) AS tokens_per_word
    FROM composition GROUP BY ALL ORDER BY ALL"""
# `drops` as `jisr catalog summary` computed it before store.drops: every record not kept, grouped.
DROPS_RECOMPUTED = "SELECT source, drop_step, drop_reason, count(*) FROM records WHERE NOT kept GROUP BY ALL ORDER BY ALL"
DROPS = "SELECT * FROM drops ORDER BY ALL"
COUNTS_RECOMPUTED = """SELECT source, language, kept, drop_step, drop_reason, count(*) FROM records GROUP BY ALL
    ORDER BY ALL"""
COUNTS = "SELECT * FROM record_counts ORDER BY ALL"


def _run(path, records=(), decisions=(), tokens=(), varieties=(), fail=False):
    """One run landing records (id, source, language), decisions (id, step, kept), token counts
    (id, tokenizer, total) and language ID's varieties (id, variety, score); failed runs land nothing.
    A record's category and words follow from its id."""
    with Catalog.open(path) as catalog:
        try:
            with lifecycle.run(catalog, "build", {}) as run, run.landing():
                run_id = run.run_id
                if records:
                    catalog.append("records", pa.Table.from_pylist([dict(
                        record_id=rid, source=source, language=language, kind="qa", prompt=f"p {rid}",
                        response="r " * (len(rid) + sum(map(ord, rid)) % 5), category=("cardio", "derm", None)[sum(map(ord, rid)) % 3],
                        created_run_id=run_id) for rid, source, language in records]))
                if decisions:
                    catalog.append("decisions", pa.Table.from_pylist([dict(
                        run_id=run_id, record_id=rid, seq=seq, step=step, kept=kept)
                        for seq, (rid, step, kept) in enumerate(decisions)]))
                if tokens:
                    catalog.append("token_counts", pa.Table.from_pylist([dict(
                        record_id=rid, tokenizer=tok, exact=True, prompt_tokens=total // 3, response_tokens=total
                        - total // 3, total_tokens=total, run_id=run_id) for rid, tok, total in tokens]))
                if varieties:
                    catalog.append("signals", pa.Table.from_pylist([dict(
                        run_id=run_id, record_id=rid, step="language_id", name=name, value=value, text=text)
                        for rid, variety, score in varieties
                        for name, value, text in (("response_variety", None, variety),
                                                  ("response_variety_score", score, None))
                        if (text if name == "response_variety" else value) is not None]))
                if fail:
                    raise RuntimeError("the run fails")
        except RuntimeError:
            pass


def _same(home):
    view, recomputed = rows(home, VIEW), rows(home, RECOMPUTED)
    assert view == recomputed
    assert rows(home, BY_CATEGORY) == rows(home, BY_CATEGORY_RECOMPUTED)
    assert rows(home, VARIETIES) == rows(home, VARIETIES_RECOMPUTED)
    assert rows(home, SPECIALTY) == rows(home, SPECIALTY_BEFORE)
    assert rows(home, PER_WORD) == rows(home, PER_WORD_BEFORE)
    assert rows(home, DROPS) == rows(home, DROPS_RECOMPUTED)
    assert rows(home, COUNTS) == rows(home, COUNTS_RECOMPUTED)
    return view


def test_composition_answers_as_its_full_recomputation_after_every_run(tmp_path):
    home = tmp_path / "home"
    path = home / CATALOG_FILE
    home.mkdir()
    ids = [f"r{i:02d}" for i in range(8)]
    _run(path, records=[(ids[i], "med" if i < 4 else "web", "en" if i % 2 else "ar") for i in range(8)],
         decisions=[(rid, "quality", i != 3) for i, rid in enumerate(ids)],
         tokens=[(rid, "llama3", 10 + i) for i, rid in enumerate(ids)])
    first = _same(home)
    assert first and sum(n for _, _, _, n, *_ in first) == 7
    # A later run re-decides records of one group only (one dropped, one kept again) ...
    _run(path, decisions=[(ids[1], "dedup", False), (ids[3], "quality", True)])
    second = _same(home)
    assert second != first
    # ... one adds another tokenizer's counts for some records, with no decisions ...
    _run(path, tokens=[(ids[4], "qwen2.5", 7), (ids[6], "qwen2.5", 9)])
    third = _same(home)
    assert ("web", "ar", "qwen2.5", 2, 5, 11, 16) in [row[:7] for row in third]
    # ... a failed run changes nothing, and new records in a new group land with their run.
    _run(path, decisions=[(ids[0], "quality", False)], fail=True)
    assert _same(home) == third
    _run(path, records=[("n0", "synth", "fr")], decisions=[("n0", "ingest", True)], tokens=[("n0", "llama3", 5)])
    assert ("synth", "fr", "llama3", 1, 1, 4, 5) in [row[:7] for row in _same(home)]
    # Language ID names varieties: a later run renames one, another names one again and adds a score only,
    # one record named gets dropped, and records that no language ID saw stay `unknown`.
    _run(path, varieties=[(ids[0], "arz", 0.8), (ids[2], "ar", 0.9), (ids[4], "arz", 0.55), (ids[6], "apc", None)])
    named = rows(home, VARIETIES)
    assert {variety for _, variety, *_ in named} == {"arz", "ar", "apc"} and _same(home)
    _run(path, varieties=[(ids[0], "ar", 0.7), (ids[6], None, 0.6)], decisions=[(ids[2], "language_id", False)])
    assert rows(home, VARIETIES) != named and _same(home)
    _run(path, records=[("n2", "web", "ar")], decisions=[("n2", "ingest", True)],
         tokens=[("n2", "llama3", 4), ("n2", "qwen2.5", 6)], varieties=[("n2", "ary", 0.4)])
    assert _same(home) and ("web", "ary", "qwen2.5", 1, 0.4, 6) in rows(home, VARIETIES)
    # A record landed with no decision is not kept, with no step or reason; one re-kept leaves `drops`.
    _run(path, records=[("n1", "synth", "fr")], tokens=[("n1", "llama3", 2)])
    assert ("synth", None, None, 1) in rows(home, DROPS)
    _run(path, decisions=[("n1", "quality", False), (ids[1], "quality", True)])
    drops = rows(home, DROPS)
    assert ("synth", "quality", None, 1) in drops and ("synth", None, None, 1) not in drops
    assert ("med", "dedup", None, 1) not in drops
    assert _same(home)
    # The views read the maintained tables, which hold as many records.
    assert rows(home, "SELECT sum(records) FROM store.composition") == rows(home, "SELECT sum(records) FROM composition")
    assert rows(home, "SELECT * FROM store.record_counts ORDER BY ALL") == rows(home, COUNTS)


def test_a_run_written_by_hand_counts_once_a_writer_opens_the_catalog(tmp_path):
    home = tmp_path / "home"
    path = home / CATALOG_FILE
    home.mkdir()
    _run(path, records=[("a", "med", "en"), ("b", "med", "en")], decisions=[("a", "q", True), ("b", "q", True)],
         tokens=[("a", "llama3", 3), ("b", "llama3", 4)])
    con = connection(path, read_only=False)  # behind jisr's back: nothing folds the run
    try:
        con.execute("INSERT INTO store.runs (run_id, command, started_at, finished_at, status) "
                    "VALUES ('byhand', 'build', now(), now(), 'succeeded')")
        con.execute("INSERT INTO store.decisions (run_id, record_id, seq, step, kept) "
                    "VALUES ('byhand', 'b', 0, 'q', false)")
    finally:
        con.close()
    with Catalog.open(path):  # a writer's open folds the run
        pass
    assert [row[:7] for row in _same(home)] == [("med", "en", "llama3", 1, 1, 2, 3)]
    assert rows(home, DROPS) == [("med", "q", None, 1)]
    # A record (and its count) written by hand under a run that never ran counts once a run decides on it.
    con = connection(path, read_only=False)
    try:
        con.execute("INSERT INTO store.records (record_id, source, language, kind, prompt, response, category, "
                    "created_run_id) VALUES ('c', 'med', 'ar', 'qa', 'p c', 'r r r', 'derm', 'never-ran')")
        con.execute("INSERT INTO store.token_counts VALUES ('c', 'llama3', true, 1, 2, 3, 'never-ran')")
    finally:
        con.close()
    _run(path, decisions=[("c", "q", True)], varieties=[("c", "arz", 0.5)])
    assert ("med", "ar", "llama3", 1, 1, 2, 3, 5) in _same(home)
    assert rows(home, VARIETIES) == [("med", "arz", "llama3", 1, 0.5, 3)]


def test_a_schema_4_catalog_gains_its_records_facts_when_a_writer_upgrades_it(tmp_path):
    """Schema 4 kept composition per (source, language, tokenizer) only, and no record facts: upgraded, every view
    answers as the SQL it replaced, and later runs keep it so."""
    home = tmp_path / "home"
    path = home / CATALOG_FILE
    home.mkdir()
    ids = [f"u{i}" for i in range(6)]
    _run(path, records=[(rid, "med", "ar" if i % 3 else "en") for i, rid in enumerate(ids)],
         decisions=[(rid, "quality", i != 4) for i, rid in enumerate(ids)],
         tokens=[(rid, tok, 5 + i) for i, rid in enumerate(ids) for tok in ("llama3", "qwen2.5")],
         varieties=[(ids[1], "arz", 0.7), (ids[2], "ar", 0.9)])
    _run(path, varieties=[(ids[1], "ar", 0.8)], decisions=[(ids[4], "quality", True)])
    expected = _same(home)
    con = connection(path, read_only=False)  # back to what schema 4 kept
    try:
        con.execute("DROP TABLE store.record_facts")
        con.execute("DELETE FROM store.composition")
        for column in ("category", "variety", "words", "score_sum", "scored"):
            con.execute(f"ALTER TABLE store.composition DROP COLUMN {column}")
        con.execute("INSERT INTO store.composition " + RECOMPUTED.replace(
            ", sum(len(string_split(r.prompt || ' ' || r.response, ' ')))", "").replace(" ORDER BY ALL", ""))
        con.execute("UPDATE store.meta SET value = '4' WHERE key = 'schema_version'")
    finally:
        con.close()
    with pytest.raises(Exception, match="older than this jisr"):
        Catalog.open(path, read_only=True)
    Catalog.open(path).close()  # a writer upgrades it
    assert rows(home, "SELECT value FROM store.meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    assert _same(home) == expected
    assert rows(home, "SELECT count(*) FROM store.record_facts") == [(len(ids),)]
    _run(path, varieties=[(ids[2], "apc", 0.5)], decisions=[(ids[1], "dedup", False)])
    assert _same(home) != expected


# The docs' "each translated record's calls" before it read `records` once (docs/catalog.md).
CALLS_BEFORE = """WITH linked AS (
    SELECT record_id, kept, drop_reason, unnest(json_extract_string(metadata, '$.translation.calls[*]')) AS call_key,
           true AS used
    FROM records WHERE source LIKE 'translated:%'
    UNION ALL
    SELECT record_id, kept, drop_reason, unnest(json_extract_string(metadata, '$.translation.retried_calls[*]')),
           false
    FROM records WHERE source LIKE 'translated:%')
SELECT l.record_id, l.kept, l.drop_reason, l.used, g.sampling->>'seed' AS seed, g.outcome, left(g.output, 60) AS output
FROM linked l JOIN generations g USING (call_key) ORDER BY l.record_id, g.created_at"""


def test_the_docs_translated_calls_query_answers_as_before(tmp_path):
    import json
    import re
    from datetime import datetime, timezone
    from pathlib import Path

    home = tmp_path / "home"
    path = home / CATALOG_FILE
    home.mkdir()
    records = [("t1", "translated:med", "ar"), ("t2", "translated:med", "ar"), ("e1", "med", "en")]
    _run(path, records=records, decisions=[("t1", "qe", True), ("t2", "qe", False), ("e1", "q", True)])
    with Catalog.open(path) as catalog, lifecycle.run(catalog, "translate", {}) as run, run.landing():
        calls = {"t1": {"calls": ["k1", "k2"], "retried_calls": ["k0"]}, "t2": {"calls": ["k3"]},
                 "e1": {"calls": ["k4"]}}
        catalog.con.execute("CREATE TEMP TABLE m (record_id VARCHAR, metadata JSON)")
        for rid, translation in calls.items():
            catalog.con.execute("INSERT INTO m VALUES (?, ?)", [rid, json.dumps({"translation": translation})])
        catalog.con.execute("UPDATE store.records r SET metadata = m.metadata FROM m WHERE m.record_id = r.record_id")
        catalog.append("generations", pa.Table.from_pylist([dict(
            call_key=key, run_id=run.run_id, task="translate", backend="http", model="m", template_id="t",
            template_sha256="s", sampling=json.dumps({"seed": seed}), messages="[]", output=f"out {key}",
            finish_reason="stop", attempts=1, created_at=datetime(2026, 1, 1, seed, tzinfo=timezone.utc),
            outcome="ok") for seed, key in enumerate(["k0", "k1", "k2", "k3", "k4"])]))
    docs = (Path(__file__).parents[1] / "docs" / "catalog.md").read_text(encoding="utf-8")
    query = re.search(r"(WITH translated AS .*?);\n```", docs, re.S).group(1)
    answer = rows(home, query)
    assert answer == rows(home, CALLS_BEFORE)
    assert [(rid, used) for rid, _, _, used, *_ in answer] == [("t1", False), ("t1", True), ("t1", True), ("t2", True)]
