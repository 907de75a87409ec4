"""`composition`, `record_counts` and `drops` read `store.composition` and `store.record_counts`, which
finishing runs keep up to date (issue #12, "Speed and size"): after every run, and after a writer folds a run
written by hand, each answers what recomputing it from every record's status and token counts answers. On the
embedded and the team catalog."""

import pyarrow as pa
import pytest

from catalog_rows import connection, rows
from jisr.catalog import CATALOG_FILE, Catalog, lifecycle

pytestmark = pytest.mark.usefixtures("any_catalog")

# The view as it was before store.composition: a join of every kept record with its token counts.
RECOMPUTED = """SELECT r.source, r.language, t.tokenizer, count(*), sum(t.prompt_tokens), sum(t.response_tokens),
    sum(t.total_tokens) FROM records r JOIN token_counts t USING (record_id) WHERE r.kept GROUP BY ALL ORDER BY ALL"""
VIEW = "SELECT * FROM composition ORDER BY ALL"
# `drops` as `jisr catalog summary` computed it before store.drops: every record not kept, grouped.
DROPS_RECOMPUTED = "SELECT source, drop_step, drop_reason, count(*) FROM records WHERE NOT kept GROUP BY ALL ORDER BY ALL"
DROPS = "SELECT * FROM drops ORDER BY ALL"
COUNTS_RECOMPUTED = """SELECT source, language, kept, drop_step, drop_reason, count(*) FROM records GROUP BY ALL
    ORDER BY ALL"""
COUNTS = "SELECT * FROM record_counts ORDER BY ALL"


def _run(path, records=(), decisions=(), tokens=(), fail=False):
    """One run landing records (id, source, language), decisions (id, step, kept) and token counts
    (id, tokenizer, total); failed runs land nothing."""
    with Catalog.open(path) as catalog:
        try:
            with lifecycle.run(catalog, "build", {}) as run, run.landing():
                run_id = run.run_id
                if records:
                    catalog.append("records", pa.Table.from_pylist([dict(
                        record_id=rid, source=source, language=language, kind="qa", prompt=f"p {rid}",
                        response=f"r {rid}", created_run_id=run_id) for rid, source, language in records]))
                if decisions:
                    catalog.append("decisions", pa.Table.from_pylist([dict(
                        run_id=run_id, record_id=rid, seq=seq, step=step, kept=kept)
                        for seq, (rid, step, kept) in enumerate(decisions)]))
                if tokens:
                    catalog.append("token_counts", pa.Table.from_pylist([dict(
                        record_id=rid, tokenizer=tok, exact=True, prompt_tokens=total // 3, response_tokens=total
                        - total // 3, total_tokens=total, run_id=run_id) for rid, tok, total in tokens]))
                if fail:
                    raise RuntimeError("the run fails")
        except RuntimeError:
            pass


def _same(home):
    view, recomputed = rows(home, VIEW), rows(home, RECOMPUTED)
    assert view == recomputed
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
    _run(path, tokens=[(ids[4], "qwen", 7), (ids[6], "qwen", 9)])
    third = _same(home)
    assert ("web", "ar", "qwen", 2, 5, 11, 16) in third
    # ... a failed run changes nothing, and new records in a new group land with their run.
    _run(path, decisions=[(ids[0], "quality", False)], fail=True)
    assert _same(home) == third
    _run(path, records=[("n0", "synth", "fr")], decisions=[("n0", "ingest", True)], tokens=[("n0", "llama3", 5)])
    assert ("synth", "fr", "llama3", 1, 1, 4, 5) in _same(home)
    # A record landed with no decision is not kept, with no step or reason; one re-kept leaves `drops`.
    _run(path, records=[("n1", "synth", "fr")], tokens=[("n1", "llama3", 2)])
    assert ("synth", None, None, 1) in rows(home, DROPS)
    _run(path, decisions=[("n1", "quality", False), (ids[1], "quality", True)])
    drops = rows(home, DROPS)
    assert ("synth", "quality", None, 1) in drops and ("synth", None, None, 1) not in drops
    assert ("med", "dedup", None, 1) not in drops
    assert _same(home)
    # The views read the maintained tables: they hold the same rows.
    assert rows(home, "SELECT * FROM store.composition ORDER BY ALL") == rows(home, VIEW)
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
    assert _same(home) == [("med", "en", "llama3", 1, 1, 2, 3)]
    assert rows(home, DROPS) == [("med", "q", None, 1)]
