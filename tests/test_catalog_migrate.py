"""`jisr catalog migrate`: a single-file catalog (jisr before the lake) moves into the lake without losing a row,
and until then every command refuses it with one line naming the command."""

from click.testing import CliRunner

from catalog_rows import connection
from conftest import postgres_catalog
from jisr.catalog import CATALOG_FILE, Catalog, lake
from jisr.cli import main


def _legacy_from(lake_home, legacy_home) -> dict[str, list]:
    """Write a schema-1 single file holding the lake's tables (as an older jisr kept them); their rows."""
    con = connection(lake_home / CATALOG_FILE)
    con.execute(f"ATTACH '{legacy_home / 'catalog.duckdb'}' AS old")
    con.execute("CREATE SCHEMA old.store")
    tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_catalog = 'store' ORDER BY 1").fetchall()]
    contents = {}
    for table in (t for t in tables if t != "composition"):  # schema 1 kept no composition table
        con.execute(f"CREATE TABLE old.store.{table} AS SELECT * FROM store.{table}")
        contents[table] = sorted(map(repr, con.execute(f"SELECT * FROM store.{table}").fetchall()))
    con.execute("UPDATE old.store.meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    return contents


def _legacy_home(tmp_path) -> tuple:
    """A home holding only a schema-1 single file made from a small build (one record kept, one dropped)."""
    (tmp_path / "qa.jsonl").write_text('{"prompt": "What is a fever?", "response": "A raised temperature.", '
                                       '"language": "en"}\n{"prompt": "x", "response": "", "language": "en"}\n')
    (tmp_path / "build.yaml").write_text("name: t\ntokenizers: [llama3]\ncuration: [quality]\n"
                                         "sources: [{name: qa, adapter: jisr, path: qa.jsonl}]\n")
    built, home = tmp_path / "built", tmp_path / "home"
    assert CliRunner().invoke(main, ["--home", str(built), "build", str(tmp_path / "build.yaml")]).exit_code == 0
    home.mkdir()
    contents = _legacy_from(built, home)
    return home, contents


def test_migrate_moves_every_row_and_old_catalogs_are_refused_until_then(tmp_path):
    home, contents = _legacy_home(tmp_path)
    assert contents["records"] and contents["decisions"] and contents["token_counts"]

    refused = CliRunner().invoke(main, ["--home", str(home), "sql", "SELECT 1"])
    assert refused.exit_code == 1 and "jisr catalog migrate" in refused.output
    assert len(refused.output.strip().splitlines()) == 1, refused.output

    moved = CliRunner().invoke(main, ["--home", str(home), "catalog", "migrate"])
    assert moved.exit_code == 0, moved.output
    assert (home / "catalog.duckdb.migrated").exists() and not (home / "catalog.duckdb").exists()
    with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
        for table, rows in contents.items():
            got = sorted(map(repr, catalog.con.execute(f"SELECT * FROM store.{table}").fetchall()))
            if table == "meta":
                continue  # the lake's own schema version
            assert got == rows, table
        assert catalog.con.execute("SELECT count(*) FROM records WHERE kept").fetchone()[0] == 1
        # Recomputed from the moved records, statuses and token counts: the file had no composition table.
        assert catalog.con.execute("SELECT source, records FROM composition").fetchall() == [("qa", 1)]


def test_migrate_into_a_team_catalog(tmp_path, monkeypatch):
    """`jisr --catalog postgres://... catalog migrate`: a home's single file moves into the team catalog, every row."""
    monkeypatch.delenv(lake.CATALOG_ENV, raising=False)  # built in an embedded catalog
    home, contents = _legacy_home(tmp_path)
    with postgres_catalog(tmp_path / "lake") as url:
        monkeypatch.setenv(lake.CATALOG_ENV, url)  # what --catalog sets for this process; undone after the test
        moved = CliRunner().invoke(main, ["--home", str(home), "--catalog", url, "catalog", "migrate"])
        assert moved.exit_code == 0, moved.output
        assert (home / "catalog.duckdb.migrated").exists() and not (home / CATALOG_FILE).exists()
        with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
            assert not catalog.location.embedded
            for table, rows in contents.items():
                if table != "meta":
                    got = sorted(map(repr, catalog.con.execute(f"SELECT * FROM store.{table}").fetchall()))
                    assert got == rows, table
            assert catalog.con.execute("SELECT source, records FROM composition").fetchall() == [("qa", 1)]
