"""Where the catalog lives: a DuckLake (metadata in SQLite beside its Parquet data files), attached `AS store`.

One DuckDB file lets one process write *or* many read, never both: a notebook holding a read-only
connection made every `jisr build` wait. A DuckLake keeps its metadata in a database that many
processes open at once (SQLite in WAL mode here; PostgreSQL for a team) and its rows in immutable
Parquet files, so a reader never stops a writer. Each commit is one snapshot, and a reader's query
sees whole snapshots only: a run, landed in one transaction, is seen whole or not at all. Writers
still take turns (writer_turns.py): two DuckLake writers at once fail with "database is locked".

The `ducklake` and `sqlite_scanner` extensions come from the `duckdb-ext-*` wheels (they install
into `duckdb_ext/extensions/v<duckdb>/<platform>/`), so no extension is ever downloaded.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sqlite3
from pathlib import Path

import duckdb

from jisr.errors import CatalogError

CATALOG_FILE = "catalog.ducklake"
LEGACY_FILE = "catalog.duckdb"  # the single-file catalog of jisr before the lake (`jisr catalog migrate`)


def extension_directory() -> str:
    """Where the `duckdb-ext-*` wheels put their extension files (a folder DuckDB's `extension_directory` reads)."""
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        raise CatalogError("the DuckLake extensions are missing: pip install duckdb-ext-ducklake duckdb-ext-sqlite")
    return str(Path(list(spec.submodule_search_locations)[0]) / "extensions")


def data_path(metadata: Path) -> Path:
    """The lake's Parquet files: `<metadata>.files/` beside the metadata file (DuckLake's own default name)."""
    return Path(str(metadata) + ".files")


def new_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that loads extensions only from the wheels (never from the network).

    Signature checks are off: DuckDB checks an extension's signature by hashing its whole file (~50 MB
    each) on every connection, measured at 0.3-0.7 s per extension, longer than the queries themselves.
    The files are those of the pinned wheels, found in the installed package, never a path from SQL
    (`jisr sql` refuses LOAD and INSTALL)."""
    con = duckdb.connect(config={"extension_directory": extension_directory(),
                                 "autoinstall_known_extensions": False, "autoload_known_extensions": True,
                                 "allow_unsigned_extensions": True})
    con.execute("SET enable_progress_bar = false")  # DuckLake's attach would draw one on the terminal
    return con


def _create_metadata(metadata: Path) -> None:
    """A new SQLite metadata file in WAL mode (kept by the file), so readers and a writer never block each other."""
    metadata.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(metadata)) as db:
        db.execute("PRAGMA journal_mode=WAL")


def attach(con: duckdb.DuckDBPyConnection, metadata: Path, read_only: bool) -> None:
    """Attach the lake at `metadata` as `store` (created when a writer finds none). The data path is given
    on every attach, so a home copied or moved elsewhere reads its own files."""
    metadata = Path(metadata).absolute()
    if not metadata.exists():
        if read_only:
            raise CatalogError(f"{metadata}: no catalog here yet; run `jisr build` first (or pass --home)")
        _create_metadata(metadata)
    files = data_path(metadata)
    options = [f"DATA_PATH {_quote(str(files) + '/')}", "OVERRIDE_DATA_PATH TRUE"]
    if read_only:
        options.append("READ_ONLY")
    try:
        con.execute(f"ATTACH {_quote('ducklake:sqlite:' + str(metadata))} AS store ({', '.join(options)})")
    except duckdb.Error as exc:
        raise CatalogError(f"{metadata}: {str(exc).splitlines()[0]}") from exc


def allow_only_lake_files(con: duckdb.DuckDBPyConnection, metadata: Path) -> None:
    """No file access beyond the lake's own data files (which a query reads), for `jisr sql` and notebooks.
    DuckDB cannot switch this back on for the connection."""
    con.execute("SET allowed_directories = ?", [[str(data_path(Path(metadata).absolute())) + "/"]])
    con.execute("SET enable_external_access = false")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
