"""Benchmarks are data: a YAML file on JISR_BENCHMARK_PATH (or in an installed package named by a
`jisr.benchmarks` entry point) adds one, and `jisr eval` registers and scores it.

The user's benchmark here keeps its items in columns no generic mapping would find (`stem`,
`first..third`, a 1-based `key`), so a set read at all was read through the file's `columns`.
Two benchmarks form a group of the user's own; scoring one of them shows the group's title and the
note that its column stands on one of its two members.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jisr.catalog import CATALOG_FILE, Catalog
from jisr.cli import main
from jisr.errors import InputError
from jisr.evaluation import benchmarks
from jisr.evaluation.prompts import render
from jisr.evaluation.scores import score_report
from tiny_models import tiny_llama

TRIAGE = """\
benchmark: triage_adult
title: Adult triage
columns:
  question: stem
  options: [first, second, third]
  answer: key
  answer_format: index
  index_base: 1
languages:
  en:
    hub: {id: example/triage, split: test}
"""
WARDS = """\
group: wards
title: Ward exams
members_are: wards
benchmarks: [triage_adult, triage_child]
"""
ROWS = [
    {"stem": "Which sign needs a doctor first?", "first": "A cough", "second": "Chest pain", "third": "A rash", "key": 2},
    {"stem": "Which patient waits longest?", "first": "A sprain", "second": "A stroke", "third": "Sepsis", "key": 1},
    {"stem": "What is checked first?", "first": "Shoes", "second": "Hair", "third": "Airway", "key": 3},
]


def jisr(home: Path, *args) -> "click.testing.Result":
    return CliRunner().invoke(main, ["--home", str(home), *map(str, args)])


@pytest.fixture
def user_benchmarks(tmp_path, monkeypatch) -> Path:
    """A folder on JISR_BENCHMARK_PATH holding two benchmark files (one a template include) and a group."""
    folder = tmp_path / "my-benchmarks"
    folder.mkdir()
    (folder / "triage_adult.yaml").write_text(TRIAGE, encoding="utf-8")
    (folder / "_triage.yaml").write_text(TRIAGE.replace("benchmark: triage_adult\n", ""), encoding="utf-8")
    (folder / "triage_child.yaml").write_text("include: _triage.yaml\nbenchmark: triage_child\n", encoding="utf-8")
    (folder / "wards.yaml").write_text(WARDS, encoding="utf-8")
    monkeypatch.setenv(benchmarks.PATH_VARIABLE, str(folder))
    return folder


def test_a_benchmark_of_your_own_is_one_yaml_file_registered_and_scored_by_name(user_benchmarks, tmp_path,
                                                                                 monkeypatch):
    data = tmp_path / "sets"
    data.mkdir()
    (data / "triage_adult-en.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    home = tmp_path / "home"

    monkeypatch.delenv(benchmarks.PATH_VARIABLE)
    unknown = jisr(home, "eval", "register", "--benchmarks", "triage_adult", "--data", data, "--languages", "en")
    assert unknown.exit_code == 1 and "unknown benchmark 'triage_adult'" in unknown.output

    monkeypatch.setenv(benchmarks.PATH_VARIABLE, str(user_benchmarks))
    registered = jisr(home, "eval", "register", "--benchmarks", "triage_adult", "--data", data, "--languages", "en")
    assert registered.exit_code == 0, registered.output
    with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
        items = catalog.con.execute("SELECT question, answer FROM eval_items ORDER BY seq").fetchall()
    assert items == [(r["stem"], [r["first"], r["second"], r["third"]][r["key"] - 1]) for r in ROWS]

    texts = [render(r["stem"], [r["first"], r["second"], r["third"]], None, "en") + " " + r["first"] + " " + r["second"]
             + " " + r["third"] for r in ROWS]
    model = tiny_llama(tmp_path / "tiny", texts, vocab_size=300)
    scored = jisr(home, "eval", "--model", model, "--benchmarks", "triage_adult", "--data", data,
                  "--languages", "en", "--dtype", "float32")
    assert scored.exit_code == 0, scored.output
    with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
        assert catalog.con.execute("SELECT DISTINCT benchmark, n FROM eval_results").fetchall() == [
            ("triage_adult", len(ROWS))]
        report = score_report(catalog)
    assert report.tasks == [("wards", "en")]
    assert report.notes == [f"{report.models[0].label}: Ward exams EN is the mean of 1 of 2 wards"]
    shown = json.loads(jisr(home, "eval", "report", "--format", "json").output)
    assert [(r["task"], r["language"], r["n"]) for r in shown] == [("Ward exams", "en", len(ROWS))]


def test_names_from_files_expand_and_count_towards_their_group(user_benchmarks):
    assert benchmarks.expand(["wards", "medqa"]) == ["triage_adult", "triage_child", "medqa"]
    assert benchmarks.expand(["all"])[:3] == ["pubmedqa", "medmcqa", "medqa"]
    assert benchmarks.group_of("triage_child") == "wards" and benchmarks.title("wards") == "Ward exams"
    assert str(benchmarks.hub_source("triage_child", "en")) == "hub:example/triage@test"
    assert benchmarks.default_columns("triage_child", "ar") == benchmarks.default_columns("triage_adult", "en")
    assert benchmarks.default_columns("triage_child", "en").index_base == 1


@pytest.mark.parametrize(("name", "text", "message"), [
    ("typo.yaml", "benchmark: x\ncolums: {}\n", "unknown key 'colums' (did you mean 'columns'?)"),
    ("column.yaml", "benchmark: x\ncolumns: {answr: key}\n", "columns: unknown key 'answr' (did you mean 'answer'?)"),
    ("bool.yaml", "benchmark: x\ncolumns: {choices: [yes, no]}\n", "choices must be a list of text, not [True, False]"),
    ("format.yaml", "benchmark: x\ncolumns: {answer_format: idx}\n", "must be one of auto, letter, index, text"),
    ("base.yaml", "benchmark: x\ncolumns: {index_base: one}\n", "index_base must be an integer, not 'one'"),
    ("hub.yaml", "benchmark: x\nlanguages: {en: {hub: {id: a/b}}}\n", "languages.en.hub: split is required"),
    ("kind.yaml", "title: X\n", "expected one of the keys benchmark, group, suite"),
    ("twice.yaml", "benchmark: medqa\n", "'medqa' is already defined in"),
    ("group.yaml", "group: g\nbenchmarks: [medqaa]\n", "no benchmark 'medqaa' (did you mean 'medqa'?)"),
    ("taken.yaml", "group: g\nbenchmarks: [mmlu_anatomy]\n", "'mmlu_anatomy' is already in group 'mmlu'"),
    ("loop.yaml", "include: loop.yaml\nbenchmark: x\n", "includes itself"),
])
def test_a_faulty_file_is_a_one_line_error_naming_it(tmp_path, monkeypatch, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv(benchmarks.PATH_VARIABLE, str(tmp_path))
    with pytest.raises(InputError) as error:
        benchmarks.expand(["medqa"])
    assert str(error.value).startswith(str(tmp_path / name)) and message in str(error.value)
    assert "\n" not in str(error.value)


def test_an_installed_package_adds_benchmarks_through_its_entry_point(tmp_path):
    """A package whose folder holds benchmark files, installed (a .dist-info on the path) as pip leaves it."""
    site = tmp_path / "site"
    package = site / "ward_benchmarks"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "triage_adult.yaml").write_text(TRIAGE, encoding="utf-8")
    info = site / "ward_benchmarks-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ward-benchmarks\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[jisr.benchmarks]\nwards = ward_benchmarks\n", encoding="utf-8")
    data = tmp_path / "sets"
    data.mkdir()
    (data / "triage_adult-en.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("JISR_HOME", benchmarks.PATH_VARIABLE)}
    done = subprocess.run([str(Path(sys.executable).with_name("jisr")), "--home", str(tmp_path / "home"), "eval",
                           "register", "--benchmarks", "triage_adult", "--data", str(data), "--languages", "en"],
                          env={**env, "PYTHONPATH": str(site)}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with Catalog.open(tmp_path / "home" / CATALOG_FILE, read_only=True) as catalog:
        assert catalog.con.execute("SELECT benchmark, items FROM eval_sets").fetchall() == [("triage_adult", len(ROWS))]
