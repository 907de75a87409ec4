"""A team catalog (`jisr --catalog postgres://...`): builds and queries land in PostgreSQL and a shared folder,
and a password written in the URL never reaches the catalog, the output or any file jisr writes."""

import getpass
import os

import pytest
from click.testing import CliRunner

from conftest import copy_bundled
from jisr.catalog import lake
from jisr.cli import main

SECRET = "hunter2-not-for-logs"


@pytest.fixture
def team(tmp_path, any_catalog):
    if any_catalog != "postgres":
        pytest.skip("a team catalog is PostgreSQL's")
    url = os.environ[lake.CATALOG_ENV]  # the fixture's fresh schema and data folder
    return url.replace("postgres://", f"postgres://{getpass.getuser()}:{SECRET}@")


def test_a_build_lands_in_the_team_catalog_and_the_password_is_never_written(tmp_path, team, monkeypatch):
    monkeypatch.delenv(lake.CATALOG_ENV)  # only --catalog names it
    (tmp_path / "qa.jsonl").write_text('{"prompt": "What is a fever?", "response": "A raised temperature.", '
                                       '"language": "en"}\n')
    (tmp_path / "build.yaml").write_text("name: t\ntokenizers: [llama3]\ncuration: [quality]\n"
                                         "sources: [{name: qa, adapter: jisr, path: qa.jsonl}]\n")
    homes = [tmp_path / "alice", tmp_path / "bob"]  # two engineers, one catalog
    built = CliRunner().invoke(main, ["--home", str(homes[0]), "--catalog", team, "build", str(tmp_path / "build.yaml")])
    assert built.exit_code == 0, built.output
    asked = CliRunner().invoke(main, ["--home", str(homes[1]), "--catalog", team, "sql", "--format", "csv",
                                      "SELECT source, count(*) FROM records WHERE kept GROUP BY ALL"])
    assert asked.exit_code == 0 and "qa,1" in asked.output, asked.output
    assert not (homes[1] / lake.CATALOG_FILE).exists() and not (homes[0] / lake.CATALOG_FILE).exists()
    runs = CliRunner().invoke(main, ["--catalog", team, "sql", "--format", "csv", "SELECT * FROM runs"])
    assert runs.exit_code == 0 and "build" in runs.output
    wrong = CliRunner().invoke(main, ["--catalog", team.replace("127.0.0.1", "127.0.0.1:1"), "sql", "SELECT 1"])
    assert wrong.exit_code == 1 and "127.0.0.1:1" in wrong.output
    for output in (built.output, asked.output, runs.output, wrong.output):
        assert SECRET not in output
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix not in (".jsonl", ".yaml")]
    assert written and not [p for p in written if SECRET.encode() in p.read_bytes()]


def test_a_malformed_catalog_url_is_one_line_without_the_password():
    result = CliRunner().invoke(main, ["--catalog", f"postgres://me:{SECRET}@host/?schema=x", "sql", "SELECT 1"])
    assert result.exit_code != 0 and SECRET not in result.output and "data=FOLDER" in result.output


def test_every_docs_query_answers_the_same_on_the_embedded_and_the_team_catalog(tmp_path, team, monkeypatch,
                                                                                bundled_build):
    """docs/catalog.md's example queries, on the bundled sample built into each catalog (the embedded one is
    a copy of the session's build)."""
    import json
    from pathlib import Path

    monkeypatch.delenv(lake.CATALOG_ENV)
    docs = (Path(__file__).parents[1] / "docs" / "catalog.md").read_text(encoding="utf-8")
    queries = [q.strip().rstrip(";") for b in docs.split("```sql\n")[1:] for q in b.split("```")[0].split(";\n")
               if q.strip() and "<record_id>" not in q]
    assert len(queries) >= 8
    where = {"embedded": ["--home", str(tmp_path / "home")], "team": ["--home", str(tmp_path / "t"), "--catalog", team]}
    copy_bundled(bundled_build, tmp_path / "home")
    built = CliRunner().invoke(main, [*where["team"], "build"])
    assert built.exit_code == 0, built.output
    for query in queries:
        answers = []
        for args in where.values():
            result = CliRunner().invoke(main, [*args, "sql", "--format", "json", "--", query])
            assert result.exit_code == 0, (query, result.output)
            rows = json.loads(result.output)
            answers.append(sorted(json.dumps({k: v for k, v in row.items() if "run_id" not in k and not
                                              k.endswith("_at")}, sort_keys=True) for row in rows))
        assert answers[0] == answers[1], query
