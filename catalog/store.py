"""Opening the catalog, writing to it atomically, and reading it safely.

The catalog is a DuckLake (catalog/lake.py) attached as `store`. A write happens inside one
transaction per command, which DuckLake commits as one snapshot: a run either lands whole (its run
row, records, decisions, quarantine, counts) or not at all, so bad input or a crash never leaves a half
run behind, and a reader that queries meanwhile sees the catalog before or after it, never between.
Readers (`jisr sql`, notebooks, reports) never stop a writer. Writers take turns (writer_turns.py): a
second writer waits for the first, and a run left `running` by a process that died is marked `failed`
the next time a writer opens the catalog. Commands write through a run's lifecycle (catalog/lifecycle.py).
"""

from __future__ import annotations

import contextlib
import json
import socket
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import duckdb

from jisr.catalog import lake
from jisr.catalog.ddl import install_views, statements  # noqa: F401 (install_views: tests import it here)
from jisr.catalog.lake import CATALOG_FILE, LEGACY_FILE, catalog_exists  # noqa: F401 (commands import them here)
from jisr.catalog.query_result import QueryResult, sql_error
from jisr.catalog.readonly import check_read_only
from jisr.catalog.writer_turns import WriterTurn
from jisr.catalog import composition, record_counts, record_facts
from jisr.catalog.schema import PENDING_RUNS, PER_RUN_STATUS, SCHEMA_VERSION, TRAINING_RUNS_WITHOUT_A_RUN
from jisr.errors import CatalogError

if TYPE_CHECKING:  # pyarrow is imported where rows are appended: a reader never needs it
    import pyarrow as pa

# A writer compacts when a table has more data files than this (small commits pile them up; see `compact`).
COMPACT_AFTER_FILES = 200

# A run's finishing commit is named `run <run_id>`, so `--as-of RUN_ID` finds the snapshot it made.
COMMIT_PREFIX = "run "

# Keyed tables whose re-insert is a no-op (running the same job twice adds nothing): DuckLake has no
# primary keys, so `append` skips rows whose key is already there.
_KEYS = {"records": ("record_id",), "token_counts": ("record_id", "tokenizer")}


def _new_rows(table: str, keys: tuple[str, ...], columns: str, source: str, first_by: str = "") -> str:
    """A query of `columns` of the rows of `source` (as `s`) whose key `store.<table>` lacks, one row per key
    (the first by `first_by`, where given)."""
    on = " AND ".join(f"t.{k} = s.{k}" for k in keys)
    order = f" ORDER BY {first_by}" if first_by else ""
    return (f"SELECT {columns} FROM {source} s WHERE NOT EXISTS (SELECT 1 FROM store.{table} t WHERE {on}) "
            f"QUALIFY row_number() OVER (PARTITION BY {', '.join('s.' + k for k in keys)}{order}) = 1")


def _process_started_before(pid: int, moment: datetime) -> bool:
    """Is `pid` alive and the same process that started a run at `moment` (not a later one reusing the pid)?"""
    import psutil

    try:
        return psutil.Process(pid).create_time() <= moment.timestamp() + 1
    except psutil.Error:  # NoSuchProcess, or AccessDenied on a process that is gone
        return False


def _run_snapshot(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """The catalog snapshot a run's landing committed (catalog/lifecycle.py names the run in the commit)."""
    found = con.execute("SELECT max(snapshot_id) FROM store.snapshots() WHERE commit_message = ?",
                        [COMMIT_PREFIX + run_id]).fetchone()[0]
    if found is None:
        status = con.execute("SELECT status FROM store.runs WHERE run_id = ?", [run_id]).fetchone()
        why = "no such run" if status is None else f"the run is {status[0]}, so no snapshot is its own"
        raise CatalogError(f"--as-of {run_id}: {why} (see `jisr catalog runs`)")
    return found


def _refuse_legacy(path: Path) -> None:
    legacy = path.parent / LEGACY_FILE
    if legacy.exists() and not path.exists():
        raise CatalogError(f"{legacy}: a single-file catalog of an older jisr; run `jisr catalog migrate` to move "
                           "it into the lake")


class Catalog:
    """The catalog lake, attached as `store`. Use `Catalog.open(path)` to write, `Catalog.open(path, read_only=True)`
    to read."""

    def __init__(self, con: duckdb.DuckDBPyConnection, location: lake.Location, read_only: bool,
                 turn: WriterTurn | None = None):
        self.con = con
        self.location = location
        self.path = location.path  # names the catalog in messages; its folder holds the lock and staging
        self.read_only = read_only
        self._turn = turn
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._in_transaction = False

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False, command: str | None = None,
             allow_legacy: bool = False, as_of: str | None = None) -> "Catalog":
        """Open to read, or to write once it is this process's turn (`command` names us to waiting writers).
        `path` is the lake's metadata file (`<home>/catalog.ducklake`), or the team catalog `JISR_CATALOG`
        names where it is set (catalog/lake.py); beside an old single-file catalog it is refused
        (`allow_legacy`: for `jisr catalog migrate`). `as_of` (a run id, read-only) opens the catalog as it
        stood when that run finished."""
        location = lake.locate(Path(path))
        if location.embedded and not allow_legacy:
            _refuse_legacy(location.path)
        turn = None if read_only else WriterTurn(location.path, command).acquire()
        try:
            con = lake.new_connection()
            try:
                lake.attach(con, location, read_only)
                if as_of is not None:
                    snapshot = _run_snapshot(con, as_of)
                    con.execute("DETACH store")
                    lake.attach(con, location, read_only=True, snapshot=snapshot)
                catalog = cls(con, location, read_only, turn)
                if read_only:
                    catalog._check_version()
                else:
                    catalog._migrate()
                install_views(con)
                if not read_only:
                    catalog.mark_dead_runs()
            except BaseException:
                con.close()
                raise
        except BaseException:
            if turn:
                turn.release()
            raise
        return catalog

    def close(self) -> None:
        # A cursor keeps the in-memory database (and so the attached lake) open until it is closed too.
        for cursor in self._cursors:
            cursor.close()
        if not self.read_only and self._data_files(per_table=True) > COMPACT_AFTER_FILES:
            self.compact()
        self.con.close()
        if self._turn:
            self._turn.release()
            self._turn = None

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _stored_version(self) -> int | None:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'store' AND table_name = 'meta'"
        ).fetchone()[0]
        if not exists:
            return None
        row = self.con.execute("SELECT value FROM store.meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else None

    def columns(self, table: str, catalog: str = "store") -> list[str]:
        """The columns of `table` in the lake (or in an attached single-file catalog named `catalog`)."""
        return [name for (name,) in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = ? AND table_schema = ? "
            "AND table_name = ? ORDER BY ordinal_position",
            [catalog, "main" if catalog == "store" else "store", table]).fetchall()]

    def _check_version(self) -> None:
        version = self._stored_version()
        if version is None:
            raise CatalogError(f"{self.path}: not a jisr catalog (no store.meta table)")
        if version < SCHEMA_VERSION:  # its tables lack what this jisr's views read; a writer adds it
            raise CatalogError(f"{self.path}: catalog schema v{version} is older than this jisr (v{SCHEMA_VERSION}); "
                               "any writing command upgrades it (`jisr catalog migrate` for a catalog.duckdb)")
        if version > SCHEMA_VERSION:
            raise CatalogError(
                f"{self.path}: catalog schema v{version} is newer than this jisr (v{SCHEMA_VERSION}); upgrade jisr"
            )

    def _migrate(self) -> None:
        """Create the tables in a new lake, or add what an older jisr's lake lacks, in one transaction (a
        current lake is left as it is: DuckLake commits no snapshot for a transaction that changed nothing)."""
        version = self._stored_version()
        if version is not None and version > SCHEMA_VERSION:
            self._check_version()
        with self.transaction():
            if version is not None and version < 4 and "status" in self.columns("training_runs"):
                self.con.execute(TRAINING_RUNS_WITHOUT_A_RUN.format(source="store.training_runs"))
            for statement in statements(kind_is_view=False):
                self.con.execute(statement)
            if version is not None and version < 4:  # and its record counts
                record_counts.recompute(self.con)
            if version is not None and version < 5:  # its records' facts, and composition by them
                record_facts.recompute(self.con)
                composition.recompute(self.con)
            if version != SCHEMA_VERSION:
                self.con.execute("DELETE FROM store.meta WHERE key = 'schema_version'")
                self.con.execute("INSERT INTO store.meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        self.fold_decisions()  # runs written by hand or by an older jisr: once, then there are none

    def mark_dead_runs(self) -> list[str]:
        """Runs left `running` on this host by a process that no longer exists become `failed` (with why).

        Runs of other hosts are left alone: their process cannot be checked from here.
        """
        host = socket.gethostname()
        dead = [(run_id, pid) for run_id, pid, started in self.con.execute(
            "SELECT run_id, pid, started_at FROM store.runs WHERE status = 'running' AND host = ? AND pid IS NOT NULL",
            [host]).fetchall() if not _process_started_before(pid, started)]
        for run_id, pid in dead:
            self.con.execute(
                "UPDATE store.runs SET status = 'failed', finished_at = ?, "
                "summary = json_merge_patch(coalesce(summary, '{}'), ?) WHERE run_id = ?",
                [datetime.now(timezone.utc),
                 json.dumps({"error": f"process {pid} on {host} died while the run was running; "
                                      "marked failed when the catalog was next opened"}), run_id])
        return [run_id for run_id, _ in dead]

    @property
    def in_transaction(self) -> bool:
        return self._in_transaction

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Catalog"]:
        """Everything inside lands together or not at all (one DuckLake snapshot); nested, it joins the outer one."""
        if self._in_transaction:
            yield self
            return
        self.con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield self
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            self._in_transaction = False

    def fold_decisions(self, run_id: str | None = None) -> None:
        """Bring `store.record_status`, `store.record_facts`, `store.composition` and `store.record_counts` up to date
        with a succeeded run's decisions, token counts and signals (`run_id`), or with every succeeded run not folded
        yet. Where two runs decided on a record, the later-finished one wins, as the `record_status` view defines
        (catalog/totals.py for how the kept totals follow)."""
        pending = f"SELECT * FROM ({PENDING_RUNS})" + (" WHERE run_id = $run" if run_id else "")
        params = {"run": run_id} if run_id else {}
        runs = [run for (run,) in self.con.execute(f"SELECT run_id FROM ({pending})", params).fetchall()]
        if not runs:
            return
        # The runs' ids as literals: DuckLake then reads only their own files of decisions, counts and signals.
        listed = "(" + ", ".join("'" + run.replace("'", "''") + "'" for run in runs) + ")"
        self.con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _jisr_fresh AS
            SELECT d.record_id, d.run_id, p.finished_at,{PER_RUN_STATUS}
            FROM store.decisions d JOIN store.runs p USING (run_id) WHERE d.run_id IN {listed}
            GROUP BY d.record_id, d.run_id, p.finished_at
            QUALIFY row_number() OVER (PARTITION BY d.record_id ORDER BY p.finished_at DESC, d.run_id DESC) = 1""")
        try:
            with composition.kept_up_to_date(self.con, listed), record_counts.kept_up_to_date(self.con, listed):
                record_facts.fold(self.con, listed)
                self.con.execute("DELETE FROM store.record_status s USING _jisr_fresh f WHERE s.record_id = "
                                 "f.record_id AND (f.finished_at, f.run_id) > (s.finished_at, s.run_id)")
                self.con.execute("INSERT INTO store.record_status SELECT * FROM _jisr_fresh f WHERE NOT EXISTS "
                                 "(SELECT 1 FROM store.record_status s WHERE s.record_id = f.record_id)")
                self.con.execute(f"INSERT INTO store.folded_runs SELECT run_id FROM store.runs WHERE run_id IN {listed}")
        finally:
            self.con.execute("DROP TABLE _jisr_fresh")

    def compact(self) -> int:
        """Merge the small Parquet files that many small commits leave (each commit writes its own) into
        larger ones, so reads do not slow down (measured: a query over `signals` went from 17 ms to 465 ms
        after 1,000 one-row commits, and back to 37 ms compacted); snapshots stay, so time travel still
        answers. The count of data files before minus after."""
        before = self._data_files()
        self.con.execute("CALL ducklake_merge_adjacent_files('store')")
        return before - self._data_files()

    def _data_files(self, per_table: bool = False) -> int:
        agg = "max" if per_table else "sum"
        return self.con.execute(f"SELECT coalesce({agg}(file_count), 0) FROM ducklake_table_info('store')").fetchone()[0]

    def _insert(self, table: str, source: str, params: list[Any] | None = None) -> None:
        """Insert `source`'s rows into `store.<table>` by column name; into a keyed table only rows whose key
        is new (and one row per key)."""
        keys = _KEYS.get(table)
        if keys is None:
            self.con.execute(f"INSERT INTO store.{table} BY NAME SELECT * FROM {source}", params)
            return
        self.con.execute(f"INSERT INTO store.{table} BY NAME {_new_rows(table, keys, 's.*', source)}", params)

    def append(self, table: str, rows: pa.Table) -> None:
        """Append an Arrow table to `store.<table>` by column name (re-inserts into keyed tables are ignored)."""
        if rows.num_rows == 0:
            return
        self.con.register("_jisr_rows", rows)
        try:
            self._insert(table, "_jisr_rows")
        finally:
            self.con.unregister("_jisr_rows")

    def append_parquet(self, table: str, path: Path) -> None:
        """Append a Parquet file to `store.<table>` by column name, as `append` does for Arrow tables.

        For large appends: DuckDB streams the file, while an Arrow table must sit in memory beside
        DuckDB's own copy (measured: inserting 400k records from Arrow grew the process by 1.5 GB,
        from Parquet by 0.6 GB).
        """
        keys = _KEYS.get(table)
        if keys is None:
            self._insert(table, "read_parquet(?)", [str(path)])
            return
        # Which rows are new is found from their keys alone, then only those rows are read whole: deciding it
        # over whole rows (a window over every text) held them all at once, +2.15 GB per million records
        # landed against +1.10 (most of which is DuckDB's writer, +0.91 for a plain insert). Of rows that
        # share a key, the first in the file is kept.
        scan = "read_parquet(?, file_row_number = true)"
        self.con.execute("CREATE OR REPLACE TEMP TABLE _jisr_new_rows AS "
                         f"{_new_rows(table, keys, 'file_row_number', scan, 'file_row_number')}", [str(path)])
        try:
            self.con.execute(f"INSERT INTO store.{table} BY NAME SELECT s.* EXCLUDE (file_row_number) FROM {scan} s "
                             "SEMI JOIN _jisr_new_rows USING (file_row_number)", [str(path)])
        finally:
            self.con.execute("DROP TABLE IF EXISTS _jisr_new_rows")

    def missing_token_counts(self, record_ids: pa.Array, tokenizer: str) -> pa.Array:
        """Which of these records have no count yet for `tokenizer`."""
        import pyarrow as pa

        if len(record_ids) == 0:
            return record_ids
        self.con.register("_jisr_ids", pa.table({"record_id": record_ids}))
        try:
            return self.con.execute(
                "SELECT i.record_id FROM _jisr_ids i ANTI JOIN store.token_counts t "
                "ON t.record_id = i.record_id AND t.tokenizer = ?",
                [tokenizer],
            ).fetch_arrow_table()["record_id"].combine_chunks()
        finally:
            self.con.unregister("_jisr_ids")

    def query(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> QueryResult:
        """Run one SQL statement eagerly (`?` or `$name` parameters); errors come back as one-line `CatalogError`s."""
        if self.read_only:
            check_read_only(sql)
        cursor = self.con.cursor()
        self._cursors.append(cursor)
        try:
            cursor.execute(sql, params)
        except duckdb.Error as exc:
            raise CatalogError(f"SQL error: {sql_error(exc)}") from exc
        if cursor.description is None:
            raise CatalogError("the statement returned no rows to show (only queries are answered here)")
        return QueryResult(cursor)


def connect(home: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """The catalog for a notebook or script, read-only: `con = jisr.catalog.connect(home)` gives a DuckDB
    connection with the lake attached as `store` and every documented view. Held open for hours, it never
    stops a writer; each query sees the catalog as of the last run that finished before it began."""
    from jisr.catalog.export import default_home

    catalog = Catalog.open(Path(home or default_home()) / CATALOG_FILE, read_only=True)
    return catalog.con
