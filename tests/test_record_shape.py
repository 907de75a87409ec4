"""One record shape from reader to catalog: the column lists producers use are the catalog's tables."""

from dataclasses import fields

import pytest

from jisr.catalog import Catalog
from jisr.catalog.landing import TABLES
from jisr.catalog.shapes import DECISION_SCHEMA, RECORD_COLUMNS, SIGNAL_SCHEMA
from jisr.corpus.sources.records import Record

pytestmark = pytest.mark.usefixtures("any_catalog")


def _columns(cat: Catalog, table: str) -> tuple[str, ...]:
    return tuple(row[0] for row in cat.con.execute(f"DESCRIBE store.{table}").fetchall())


def test_producer_schemas_are_the_catalog_tables_less_the_run(tmp_path):
    with Catalog.open(tmp_path / "c.duckdb") as cat:
        assert _columns(cat, "records") == (*RECORD_COLUMNS, "created_run_id")
        assert set(_columns(cat, "decisions")) == {"run_id", *DECISION_SCHEMA}
        assert _columns(cat, "signals") == ("run_id", *SIGNAL_SCHEMA)
        for table, spec in TABLES.items():  # every table a run lands (catalog/landing.py)
            assert set(_columns(cat, table)) == {spec.run_column, *spec.shape}, table


def test_a_record_holds_every_record_column_but_those_its_source_gives():
    by_source = {"record_id", "source_version", "license"}
    assert {f.name for f in fields(Record)} == set(RECORD_COLUMNS) - by_source
