"""A query's rows, fetched in pieces, with DuckDB's errors turned into one-line `CatalogError`s."""

from __future__ import annotations

import duckdb

from jisr.errors import CatalogError


def sql_error(exc: duckdb.Error) -> str:
    """DuckDB's whole message: its hints (did you mean, candidate columns, the caret line) help the user."""
    return str(exc).strip()


class QueryResult:
    """Rows of a query, fetched in pieces; conversion errors also surface as `CatalogError`."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection):
        self._cursor = cursor
        self.columns = [d[0] for d in cursor.description]

    def _guard(self, fetch, *args):
        try:
            return fetch(*args)
        except duckdb.Error as exc:
            raise CatalogError(f"SQL error: {sql_error(exc)}") from exc

    def fetchall(self) -> list[tuple]:
        return self._guard(self._cursor.fetchall)

    def fetchmany(self, size: int) -> list[tuple]:
        return self._guard(self._cursor.fetchmany, size)

    def fetchone(self) -> tuple | None:
        return self._guard(self._cursor.fetchone)
