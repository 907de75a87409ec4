"""Keeping `jisr sql` read-only: only queries run, and no statement can write a file.

A read-only DuckDB connection already refuses INSERT, UPDATE, DELETE and DDL on the catalog, but
`COPY ... TO`, `EXPORT DATABASE` and `EXPLAIN ANALYZE COPY ...` still write any file the user can
reach (the catalog's own file included). Statements are classified by DuckDB's own parser
(`duckdb.extract_statements`), not by pattern matching on the text, and only SELECT-type statements
(SELECT, FROM ..., DESCRIBE, SHOW, SUMMARIZE, PIVOT queries) and EXPLAIN of one are answered.
`lock_file_access` then switches DuckDB's file system access off for the connection, so a
statement the parser lets through still cannot open a file but the lake's own data files.
"""

from __future__ import annotations

import re
import duckdb

from jisr.catalog.lake import Location, allow_only_lake_files

from jisr.errors import CatalogError

_READING = {duckdb.StatementType.SELECT}
_EXPLAIN = re.compile(r"^\s*explain\s+(analyze\s+)?", re.IGNORECASE)


def check_read_only(sql: str) -> None:
    """Raise a one-line `CatalogError` ("read-only: ...") unless every statement in `sql` only reads.

    A syntax error is left to DuckDB, so its message (with the caret line) reaches the user.
    """
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error:
        return
    for statement in statements:
        kind = statement.type
        if kind == duckdb.StatementType.EXPLAIN:  # EXPLAIN ANALYZE runs the statement it explains
            check_read_only(_EXPLAIN.sub("", statement.query, count=1))
            continue
        if kind not in _READING:
            name = kind.name.replace("_", " ")
            raise CatalogError(f"read-only: {name} statements are refused here; `jisr sql` only answers queries "
                               "(SELECT ...), and writes no file")


def lock_file_access(con: duckdb.DuckDBPyConnection, location: Location) -> None:
    """No file reads or writes beyond the lake's data files (DuckDB cannot switch this back on)."""
    allow_only_lake_files(con, location)
