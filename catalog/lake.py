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
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import duckdb

from jisr.errors import CatalogError

DEFAULT_HOME = "./jisr-data"  # the home (`--home`, JISR_HOME) where none is given
CATALOG_FILE = "catalog.ducklake"
LEGACY_FILE = "catalog.duckdb"  # the single-file catalog of jisr before the lake (`jisr catalog migrate`)
CATALOG_ENV = "JISR_CATALOG"  # a team's shared catalog (`jisr --catalog URL`), in place of each home's own


@dataclass(frozen=True)
class Location:
    """Where one catalog is: its metadata (`attach_url`, for DuckLake) and its data files (`files`). `path`
    names it in messages, and its folder holds the writer turn's lock and landing's staging files."""

    attach_url: str
    files: Path
    path: Path
    label: str
    metadata_schema: str | None = None

    @property
    def embedded(self) -> bool:
        return self.metadata_schema is None


def locate(path: Path) -> Location:
    """The catalog `JISR_CATALOG` names, where it is set; else the embedded one whose metadata file is `path`."""
    url = os.environ.get(CATALOG_ENV, "").strip()
    if url:
        return shared(url)
    path = Path(path).absolute()
    return Location("ducklake:sqlite:" + str(path), data_path(path), path, str(path))


def shared(url: str) -> Location:
    """A team catalog: `postgres://[user@]host[:port]/dbname?data=/shared/folder[&schema=jisr]`: metadata in
    PostgreSQL (schema `schema`, default `jisr`), data files in `data`, a folder every machine sees.

    Credentials come from PostgreSQL's own means (PGPASSWORD, ~/.pgpass or PGPASSFILE, a service file):
    a password written in the URL is used to connect but never shown, stored or logged."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme not in ("postgres", "postgresql") or not parts.path.strip("/") or not query.get("data"):
        raise CatalogError(f"{CATALOG_ENV}/--catalog: expected postgres://[user@]host[:port]/dbname?data=FOLDER"
                           f"[&schema=NAME], got {redact(url)!r}")
    conninfo = {"dbname": unquote(parts.path.strip("/")), "host": parts.hostname, "port": parts.port,
                "user": unquote(parts.username) if parts.username else None,
                "password": unquote(parts.password) if parts.password else None}
    attach = "ducklake:postgres:" + " ".join(f"{k}={_conninfo_value(str(v))}" for k, v in conninfo.items() if v)
    schema = query.get("schema", "jisr")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", schema):
        raise CatalogError(f"{CATALOG_ENV}/--catalog: schema {schema!r} must be a plain SQL name")
    files = Path(query["data"]).absolute()
    label = f"postgres://{parts.hostname or ''}{':' + str(parts.port) if parts.port else ''}/{conninfo['dbname']}" \
            f" (schema {schema}, data {files})"
    return Location(attach, files, files / "catalog", label, schema)


def use_shared(url: str) -> None:
    """Make `url` the catalog of this process and the workers it starts (`jisr --catalog URL`)."""
    shared(url)  # a malformed URL fails here, in one line
    os.environ[CATALOG_ENV] = url


def redact(text: str) -> str:
    """`text` with any password (in a URL or a libpq `password=`) replaced by `***`."""
    text = re.sub(r"(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@", r"\1***@", text)
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", text)


def _conninfo_value(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'" if re.search(r"[\s'\\]", value) else value


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


def attach(con: duckdb.DuckDBPyConnection, location: Location, read_only: bool, snapshot: int | None = None) -> None:
    """Attach the lake at `location` as `store` (an embedded one is created when a writer finds none), as of
    `snapshot` where given (read-only). The data path is given on every attach, so a home copied or moved
    elsewhere reads its own files."""
    if location.embedded and not location.path.exists():
        if read_only:
            raise CatalogError(f"{location.path}: no catalog here yet; run `jisr build` first (or pass --home)")
        _create_metadata(location.path)
    options = [f"DATA_PATH {_quote(str(location.files) + '/')}", "OVERRIDE_DATA_PATH TRUE"]
    if location.metadata_schema:
        options.append(f"METADATA_SCHEMA {_quote(location.metadata_schema)}")
    if read_only:
        options.append("READ_ONLY")
    if snapshot is not None:
        options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
    try:
        con.execute(f"ATTACH {_quote(location.attach_url)} AS store ({', '.join(options)})")
    except duckdb.Error as exc:
        if read_only and "creating a new DuckLake is explicitly disabled" in str(exc):
            raise CatalogError(f"{location.label}: no catalog here yet; run `jisr build` first") from None
        raise CatalogError(f"{location.label}: {redact(str(exc).splitlines()[0])}") from None


def allow_only_lake_files(con: duckdb.DuckDBPyConnection, location: Location) -> None:
    """No file access beyond the lake's own data files (which a query reads), for `jisr sql`. DuckDB cannot
    switch this back on for the connection. The folder is quoted into the statement, as `attach` does: binding
    it as a parameter makes DuckDB import pandas (0.25-1 s, longer than the query itself)."""
    con.execute(f"SET allowed_directories = [{_quote(str(location.files) + '/')}]")
    con.execute("SET enable_external_access = false")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def catalog_exists(path: Path) -> bool:
    """Is there a catalog at `path` (or the team catalog `JISR_CATALOG` names) yet? Before the first build there is none."""
    location = locate(Path(path))
    if location.embedded:
        return location.path.exists()
    con = new_connection()
    try:
        attach(con, location, read_only=True)
        return True
    except CatalogError:
        return False
    finally:
        con.close()
