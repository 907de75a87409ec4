"""Time travel (issue #12, item 5): `jisr sql --as-of RUN_ID` answers as the catalog stood when that run finished,
and a mix names the catalog snapshot it was built from."""

import json

import pytest
from click.testing import CliRunner

from catalog_rows import rows
from jisr.cli import main

pytestmark = pytest.mark.usefixtures("any_catalog")


def _build(tmp_path, home, name, lines):
    (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(
        {"prompt": p, "response": r, "language": "en"}) + "\n" for p, r in lines))
    (tmp_path / f"{name}.yaml").write_text(f"name: {name}\ntokenizers: [llama3]\ncuration: []\n"
                                           f"sources: [{{name: {name}, adapter: jisr, path: {name}.jsonl}}]\n")
    result = CliRunner().invoke(main, ["--home", str(home), "build", str(tmp_path / f"{name}.yaml")])
    assert result.exit_code == 0, result.output


def _sql(home, query, *extra):
    result = CliRunner().invoke(main, ["--home", str(home), "sql", "--format", "json", *extra, query])
    return result.exit_code, result.output


def test_as_of_a_run_answers_as_the_catalog_stood_then(tmp_path):
    home = tmp_path / "home"
    _build(tmp_path, home, "first", [("What is a fever?", "A raised temperature."), ("What is a cough?", "A reflex.")])
    _build(tmp_path, home, "second", [("What is gout?", "A form of arthritis.")])
    first, second = [r for (r,) in rows(home, "SELECT run_id FROM runs ORDER BY started_at")]
    query = "SELECT source, count(*) AS n FROM records GROUP BY ALL ORDER BY ALL"
    assert json.loads(_sql(home, query, "--as-of", first)[1]) == [{"source": "first", "n": 2}]
    assert json.loads(_sql(home, query, "--as-of", second)[1]) == [{"source": "first", "n": 2},
                                                                    {"source": "second", "n": 1}]
    assert json.loads(_sql(home, "SELECT count(*) AS n FROM runs", "--as-of", first)[1]) == [{"n": 1}]
    code, output = _sql(home, query, "--as-of", "run-nope")
    assert code == 1 and "no such run" in output

    (tmp_path / "mix.yaml").write_text("name: m\nbudget: 10\nratio: '0:100'\nseed: 1\n")
    mixed = CliRunner().invoke(main, ["--home", str(home), "mix", "build", str(tmp_path / "mix.yaml"),
                                      "--allow-shortfall"])
    assert mixed.exit_code == 0, mixed.output
    (snapshot,) = rows(home, "SELECT catalog_snapshot FROM mixes")[0]
    latest = rows(home, "SELECT max(snapshot_id) FROM store.snapshots() WHERE commit_message = ?",
                  f"run {second}")[0][0]
    assert snapshot == latest  # built from the catalog as the second build left it
