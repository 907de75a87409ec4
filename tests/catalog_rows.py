"""Reading a test's catalog: each query on its own read-only connection, and a raw connection for tests
that edit the catalog behind jisr's back (no writer turn: nothing else writes meanwhile)."""

from pathlib import Path

import duckdb

from jisr.catalog import CATALOG_FILE
from jisr.catalog import lake
from jisr.catalog.store import install_views


def connection(path: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the lake at `path` (a catalog's metadata file) attached as `store`, and the views."""
    con = lake.new_connection()
    lake.attach(con, lake.locate(path), read_only)
    install_views(con)
    return con


def rows(home: Path, sql: str, *params) -> list[tuple]:
    con = connection(home / CATALOG_FILE)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()
