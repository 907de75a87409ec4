"""The catalog file: schema, atomic runs, read-only access, record status across runs."""

import contextlib

import pyarrow as pa
import pytest

from jisr.catalog import SCHEMA_VERSION, VIEW_NAMES, Catalog, lifecycle
from jisr.errors import CatalogError
from catalog_rows import connection

pytestmark = pytest.mark.usefixtures("any_catalog")


def _record(rid: str) -> pa.Table:
    return pa.table({"record_id": [rid], "source": ["s"], "language": ["en"], "kind": ["qa"],
                     "prompt": ["p"], "response": ["r"], "created_run_id": ["x"]})


def _decide(cat: Catalog, run_id: str, rid: str, kept: bool, reason: str | None = None) -> None:
    cat.append("decisions", pa.table({"run_id": [run_id, run_id], "record_id": [rid, rid], "seq": [0, 1],
                                      "step": ["ingest", "exact_dedup"], "kept": [True, kept],
                                      "reason": [None, reason], "detail": [None, None]}))


def test_missing_catalog_read_only_says_what_to_do(tmp_path):
    with pytest.raises(CatalogError, match="run `jisr build` first"):
        Catalog.open(tmp_path / "catalog.ducklake", read_only=True)


def test_views_exist_and_schema_version_recorded(tmp_path):
    with Catalog.open(tmp_path / "c.duckdb") as cat:
        views = {r[0] for r in cat.con.execute("SELECT view_name FROM duckdb_views() WHERE schema_name='main'").fetchall()}
        assert set(VIEW_NAMES) <= views
        assert cat.con.execute("SELECT value FROM store.meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_transaction_is_all_or_nothing(tmp_path):
    with Catalog.open(tmp_path / "c.duckdb") as cat:
        with pytest.raises(RuntimeError):
            with cat.transaction():
                cat.append("records", _record("a"))
                cat.append("records", _record("b"))
                raise RuntimeError("crash mid-run")
        assert cat.con.execute("SELECT count(*) FROM store.records").fetchone()[0] == 0


def test_reinserting_a_record_is_a_no_op(tmp_path):
    with Catalog.open(tmp_path / "c.duckdb") as cat:
        cat.append("records", _record("a"))
        cat.append("records", _record("a"))
        assert cat.con.execute("SELECT count(*) FROM store.records").fetchone()[0] == 1


def test_read_only_connection_refuses_writes(tmp_path):
    Catalog.open(tmp_path / "c.duckdb").close()
    with Catalog.open(tmp_path / "c.duckdb", read_only=True) as cat:
        with pytest.raises(CatalogError, match="^read-only: DELETE statements are refused"):
            cat.query("DELETE FROM store.records").fetchall()
        with pytest.raises(CatalogError, match="SQL error"):
            cat.query("SELEC 1")


def test_newer_schema_is_refused(tmp_path):
    Catalog.open(tmp_path / "c.duckdb").close()
    con = connection(tmp_path / "c.duckdb", read_only=False)
    con.execute("UPDATE store.meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(CatalogError, match="newer than this jisr"):
        Catalog.open(tmp_path / "c.duckdb", read_only=True)
    with pytest.raises(CatalogError, match="newer than this jisr"):
        Catalog.open(tmp_path / "c.duckdb")


def test_status_comes_from_the_latest_succeeded_run(tmp_path):
    with Catalog.open(tmp_path / "c.duckdb") as cat:
        cat.append("records", _record("a"))
        with lifecycle.run(cat, "build", {}) as first:
            _decide(cat, first.run_id, "a", kept=False, reason="exact_duplicate")
        assert cat.query("SELECT kept, drop_reason FROM records").fetchone() == (False, "exact_duplicate")
        with lifecycle.run(cat, "build", {}) as second:
            _decide(cat, second.run_id, "a", kept=True)
            assert cat.query("SELECT kept FROM records").fetchone() == (False,)  # still running: not counted
        assert cat.query("SELECT kept, drop_reason FROM records").fetchone() == (True, None)
        with pytest.raises(RuntimeError), lifecycle.run(cat, "build", {}) as third:
            _decide(cat, third.run_id, "a", kept=False, reason="exact_duplicate")
            raise RuntimeError("the run fails after deciding")
        assert cat.query("SELECT status FROM runs WHERE run_id = ?", [third.run_id]).fetchone() == ("failed",)
        assert cat.query("SELECT kept FROM records").fetchone() == (True,)


# `record_status` as it was defined before statuses were kept in a table: every decision regrouped.
_STATUS_FROM_ALL_DECISIONS = """
    WITH per_run AS (
        SELECT d.record_id, d.run_id, r.finished_at, bool_and(d.kept) AS kept,
               arg_min(d.step, d.seq) FILTER (WHERE NOT d.kept) AS drop_step,
               arg_min(d.reason, d.seq) FILTER (WHERE NOT d.kept) AS drop_reason
        FROM store.decisions d JOIN store.runs r USING (run_id) WHERE r.status = 'succeeded'
        GROUP BY ALL)
    SELECT record_id, run_id, kept, drop_step, drop_reason FROM per_run
    QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY finished_at DESC, run_id DESC) = 1
    ORDER BY record_id"""


def test_kept_statuses_equal_regrouping_every_decision(tmp_path):
    """Statuses folded as runs finish, failed runs and a reopened catalog give what regrouping every decision
    gives; a run written by hand counts once a writer opens the catalog, and a reader sees the kept statuses."""
    import random
    from datetime import datetime, timedelta, timezone

    rng = random.Random(5)
    ids = [f"r{i}" for i in range(40)]
    path = tmp_path / "c.duckdb"
    with Catalog.open(path) as cat:
        for rid in ids:
            cat.append("records", _record(rid))
        for round_ in range(6):
            with contextlib.suppress(RuntimeError), lifecycle.run(cat, "build", {}) as run:
                for rid in rng.sample(ids, 15):
                    _decide(cat, run.run_id, rid, kept=rng.random() < 0.5, reason="exact_duplicate")
                if round_ == 3:
                    raise RuntimeError("this run fails")
            if round_ == 4:  # a run an older jisr (or a hand) wrote: decided, succeeded, never folded
                later = datetime.now(timezone.utc) + timedelta(seconds=1)
                cat.con.execute("INSERT INTO store.runs (run_id, command, params, started_at, finished_at, status) "
                                "VALUES ('run-by-hand', 'build', '{}', ?, ?, 'succeeded')", [later, later])
                for rid in ids[:10]:
                    _decide(cat, "run-by-hand", rid, kept=False, reason="by_hand")
            if round_ < 4:  # from then on, the run by hand is not in the kept statuses until a writer opens
                expected = cat.con.execute(_STATUS_FROM_ALL_DECISIONS).fetchall()
                assert cat.con.execute("SELECT * FROM record_status ORDER BY record_id").fetchall() == expected
        folded = cat.con.execute("SELECT * FROM record_status ORDER BY record_id").fetchall()
        expected = cat.con.execute(_STATUS_FROM_ALL_DECISIONS).fetchall()
    assert folded != expected  # the run by hand decided the latest on ten records, and is not folded yet
    with Catalog.open(path, read_only=True) as cat:  # read-only: nothing folds, the statuses are as kept
        assert cat.con.execute("SELECT * FROM record_status ORDER BY record_id").fetchall() == folded
    with Catalog.open(path) as cat:  # opened to write: folded once
        assert cat.con.execute("SELECT count(*) FROM store.folded_runs WHERE run_id = 'run-by-hand'").fetchone()[0] == 1
        assert cat.con.execute("SELECT * FROM record_status ORDER BY record_id").fetchall() == expected
        assert cat.con.execute("SELECT count(*) FROM store.record_status").fetchone()[0] == len(expected)
