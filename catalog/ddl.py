"""The catalog's DDL in one order: tables and views of every feature, split into what a writer runs when it
creates or upgrades the lake (tables) and what every connection makes in its own in-memory database (views)."""

from __future__ import annotations

import re

import duckdb

from jisr.catalog.evaluations import EVAL_TABLES, EVAL_VIEWS
from jisr.catalog.generations import GENERATION_TABLES
from jisr.catalog.open_answers import OPEN_TABLES
from jisr.catalog.reviews import REVIEW_TABLES
from jisr.catalog.schema import MIX_TABLES, MIX_VIEWS, TABLES, TRAINING_TABLES, VIEWS
from jisr.catalog.verdicts import VERDICT_VIEWS

# Every DDL block, in order: its CREATE TABLE/ALTER statements run when a writer creates or upgrades the
# lake, its views in every connection (`install_views`).
_DDL = (TABLES, MIX_TABLES, TRAINING_TABLES, VIEWS, MIX_VIEWS, GENERATION_TABLES, EVAL_TABLES, EVAL_VIEWS,
        REVIEW_TABLES, VERDICT_VIEWS, OPEN_TABLES)

_VIEW = re.compile(r"^\s*(--[^\n]*\n\s*)*CREATE OR REPLACE VIEW", re.IGNORECASE)


def statements(kind_is_view: bool) -> list[str]:
    return [statement.query for ddl in _DDL for statement in duckdb.extract_statements(ddl)
            if bool(_VIEW.match(statement.query)) == kind_is_view]


def install_views(con: duckdb.DuckDBPyConnection) -> None:
    """The documented views, made in this connection's own in-memory database (shared by its cursors)."""
    for statement in statements(kind_is_view=True):
        con.execute(statement)
