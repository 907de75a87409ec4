"""An outside package adds an adapter and a curation filter by entry point, and a `jisr build` runs them.

The package is written into a temporary folder with the `*.dist-info` an installer leaves (METADATA and
entry_points.txt), put on PYTHONPATH, and the build runs in a fresh process, as a user's would: nothing
of jisr is edited or imported from the test beforehand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = '''
"""Notes exported as `{title, body}` rows, and a filter that drops answers written in capitals."""
from dataclasses import dataclass

import polars as pl

from jisr.corpus.sources.adapters import Adapter, Record, text
from jisr.curation.base import RecordFilter


def convert(data, options):
    return Record("qa", text(data, "title"), text(data, "body"), upstream_id=text(data, "ref", required=False))


notes = Adapter("notes", convert, required=("title", "body"), language="en", optional=("ref",),
                doc="Clinic notes: `title, body, ref`.")


@dataclass(eq=False, repr=False)
class Shouting(RecordFilter):
    name = "shouting"
    max_upper_share: float = 0.5

    def measure(self, records):
        letters = pl.col("response").str.count_matches(r"\\p{L}")
        upper = pl.col("response").str.count_matches(r"\\p{Lu}")
        return records.select(upper_share=(upper / letters).fill_nan(0.0).round(4))

    def decide(self, record, signals):
        return (False, "shouting") if signals["upper_share"] > self.max_upper_share else True
'''

ENTRY_POINTS = """[jisr.adapters]
notes = outside_notes:notes

[jisr.curation_steps]
shouting = outside_notes:Shouting
"""

ROWS = [
    {"title": "What lowers a fever in adults?", "body": "Paracetamol at the usual dose lowers a fever.", "ref": "n1"},
    {"title": "Is ibuprofen safe with asthma?", "body": "ASK YOUR DOCTOR BEFORE TAKING IT WITH ASTHMA.", "ref": "n2"},
    {"title": "How long does a cold last?", "body": "A common cold usually lasts about a week.", "ref": "n3"},
    {"title": "no answer here"},
]


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """The environment of a process that sees the outside package as installed (its folder on PYTHONPATH)."""
    site = tmp_path / "site"
    (site / "outside_notes").mkdir(parents=True)
    (site / "outside_notes" / "__init__.py").write_text(PACKAGE)
    info = site / "outside_notes-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: outside-notes\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "OMP_NUM_THREADS": "1"}


def _jisr(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "jisr"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


def test_an_outside_adapter_and_filter_run_in_a_build(tmp_path, env):
    (tmp_path / "notes.jsonl").write_text("".join(json.dumps(row) + "\n" for row in ROWS))
    (tmp_path / "build.yaml").write_text("name: notes\ntokenizers: [llama3]\n"
                                         "sources: [{name: clinic, adapter: notes, path: notes.jsonl}]\n"
                                         "curation: [shouting: {max_upper_share: 0.6}, exact_dedup]\n")
    home = tmp_path / "home"

    listed = _jisr(env, "adapters")
    assert listed.returncode == 0 and "notes" in listed.stdout and "Clinic notes" in listed.stdout
    built = _jisr(env, "--home", str(home), "build", str(tmp_path / "build.yaml"))
    assert built.returncode == 0, built.stdout + built.stderr

    def rows(sql: str) -> list[dict]:
        result = _jisr(env, "--home", str(home), "sql", "--format", "json", sql)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    records = rows("SELECT upstream_id, kept FROM records ORDER BY upstream_id")
    assert records == [{"upstream_id": "n1", "kept": True}, {"upstream_id": "n2", "kept": False},
                       {"upstream_id": "n3", "kept": True}]
    assert rows('SELECT "row", field FROM quarantine') == [{"row": 4, "field": "body"}]
    drops = rows("SELECT r.upstream_id, d.step, d.reason FROM decisions d JOIN records r USING (record_id) "
                 "WHERE NOT d.kept")
    assert drops == [{"upstream_id": "n2", "step": "shouting", "reason": "shouting"}]
    shares = rows("SELECT r.upstream_id, s.value FROM signals s JOIN records r USING (record_id) "
                  "WHERE s.step = 'shouting' AND s.name = 'upper_share' ORDER BY r.upstream_id")
    assert [row["upstream_id"] for row in shares] == ["n1", "n2", "n3"] and shares[1]["value"] > 0.6 > shares[0]["value"]
    (run,) = rows("SELECT params FROM runs WHERE command = 'build'")
    params = json.loads(run["params"]) if isinstance(run["params"], str) else run["params"]
    assert params["curation"][0] == {"step": "shouting", "max_upper_share": 0.6}


def test_an_outside_filter_parameter_typo_is_one_line_with_a_suggestion(tmp_path, env):
    (tmp_path / "notes.jsonl").write_text(json.dumps(ROWS[0]) + "\n")
    (tmp_path / "build.yaml").write_text("sources: [{name: clinic, adapter: notes, path: notes.jsonl}]\n"
                                         "curation: [shouting: {max_upper: 0.6}]\n")
    built = _jisr(env, "--home", str(tmp_path / "home"), "build", str(tmp_path / "build.yaml"))
    assert built.returncode != 0
    assert ("curation step shouting: unknown parameter 'max_upper' (did you mean 'max_upper_share'?)"
            in built.stdout + built.stderr)
