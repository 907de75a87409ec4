"""Reading a test's catalog: each query on its own read-only connection (a held connection would block
a later writer in the same process)."""

from pathlib import Path

import duckdb


def rows(home: Path, sql: str, *params) -> list[tuple]:
    con = duckdb.connect(str(home / "catalog.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()
