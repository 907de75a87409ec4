"""A run's lifecycle (catalog/lifecycle.py): `running` at once, its results and `succeeded` in one snapshot,
`failed` with the error and its summary so far when it raises; and a training run's status in one place,
also for catalogs written before (schema 3). On the embedded and the team catalog."""

from datetime import datetime, timedelta, timezone

import pyarrow as pa
import pytest

from catalog_rows import connection
from jisr.catalog import SCHEMA_VERSION, Catalog, lifecycle

pytestmark = pytest.mark.usefixtures("any_catalog")


def _record(rid: str, run_id: str) -> pa.Table:
    return pa.table({"record_id": [rid], "source": ["s"], "language": ["en"], "kind": ["qa"], "prompt": ["p"],
                     "response": ["r"], "created_run_id": [run_id]})


def _seen(path) -> list[tuple]:
    """What a reader sees: every run's status and the record count."""
    con = connection(path)
    try:
        return con.execute("SELECT status, (SELECT count(*) FROM records) FROM runs ORDER BY run_id").fetchall()
    finally:
        con.close()


def test_a_run_by_path_is_running_meanwhile_and_lands_whole(tmp_path):
    path = tmp_path / "catalog.ducklake"
    with lifecycle.run(path, "build", {"asked": 1}, measured=lambda: {"read": 2}) as run:
        assert _seen(path) == [("running", 0)]
        with Catalog.open(path) as other:  # no turn is held while the run works
            assert other.con.execute("SELECT count(*) FROM store.runs").fetchone()[0] == 1
        with run.landing() as catalog:
            catalog.append("records", _record("a", run.run_id))
            catalog.append("records", _record("b", run.run_id))
            run.summary["landed"] = 2
            assert _seen(path) == [("running", 0)]  # not yet committed: readers see the run before it
    assert _seen(path) == [("succeeded", 2)]
    with Catalog.open(path, read_only=True) as catalog:
        summary, = catalog.con.execute("SELECT summary FROM runs").fetchone()
    assert summary == '{"read": 2, "landed": 2}'


def test_a_run_that_raises_lands_nothing_and_is_failed_with_its_summary_so_far(tmp_path):
    path = tmp_path / "catalog.ducklake"
    with Catalog.open(path) as catalog:
        with pytest.raises(ValueError), lifecycle.run(catalog, "mix build", {}) as run:
            run.summary["selected"] = 5
            with run.landing():
                catalog.append("records", _record("a", run.run_id))
                raise ValueError("bad recipe")
        status, error, selected = catalog.con.execute(
            "SELECT status, summary->>'error', summary->>'selected' FROM runs").fetchone()
    assert (status, error, selected) == ("failed", "ValueError: bad recipe", "5")
    assert _seen(path) == [("failed", 0)]


def test_a_run_that_lands_nothing_succeeds_with_its_summary_and_a_run_starts_outside_a_transaction(tmp_path):
    with Catalog.open(tmp_path / "catalog.ducklake") as catalog:
        with lifecycle.run(catalog, "eval register", {}) as run:
            run.summary["sets"] = 0
        assert catalog.con.execute("SELECT status, summary FROM runs").fetchone() == ("succeeded", '{"sets": 0}')
        with pytest.raises(RuntimeError, match="outside a transaction"), catalog.transaction():
            with lifecycle.run(catalog, "eval", {}):
                pass
        assert catalog.con.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_a_schema_3_catalog_keeps_one_status_per_training_run(tmp_path):
    """Schema 3 kept a training run's status twice, which a dead run's `failed` left disagreeing; upgraded,
    each training run has its run's status, and one written by hand (no run) keeps its own as a run."""
    path = tmp_path / "catalog.ducklake"
    Catalog.open(path).close()
    began = datetime.now(timezone.utc) - timedelta(hours=1)
    con = connection(path, read_only=False)
    for column, kind in (("status", "VARCHAR"), ("started_at", "TIMESTAMPTZ"), ("finished_at", "TIMESTAMPTZ")):
        con.execute(f"ALTER TABLE store.training_runs ADD COLUMN {column} {kind}")
    con.execute("INSERT INTO store.runs (run_id, command, params, started_at, finished_at, status) "
                "VALUES ('run-dead', 'train', '{}', ?, ?, 'failed')", [began, began + timedelta(minutes=5)])
    for run_id, status in (("run-dead", "running"), ("run-by-hand", "succeeded")):
        con.execute("INSERT INTO store.training_runs VALUES (?, 'm@1', 'h', 'base', 'lora', '{}', NULL, NULL, NULL, "
                    "?, ?, ?)", [run_id, status, began, began + timedelta(minutes=9)])
    con.execute("UPDATE store.meta SET value = '3' WHERE key = 'schema_version'")
    con.close()

    with pytest.raises(Exception, match="older than this jisr"):
        Catalog.open(path, read_only=True)
    Catalog.open(path).close()  # a writer upgrades it
    with Catalog.open(path, read_only=True) as catalog:
        assert catalog.columns("training_runs")[-1] == "output_path"
        got = catalog.con.execute("SELECT run_id, status, finished_at - started_at FROM training_runs "
                                  "ORDER BY run_id").fetchall()
        assert catalog.con.execute("SELECT value FROM store.meta WHERE key = 'schema_version'").fetchone()[0] == \
            str(SCHEMA_VERSION)
    assert got == [("run-by-hand", "succeeded", timedelta(minutes=9)), ("run-dead", "failed", timedelta(minutes=5))]
