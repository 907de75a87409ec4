"""Generation backends and report sections are plugins: a package from outside jisr adds one of each through
its entry points (`jisr.backends`, `jisr.report_sections`), and `jisr translate` and `jisr report` use them.

The package is a folder with a `.dist-info` beside it on PYTHONPATH, which is what `pip install` leaves
behind; the commands run as processes of their own, so they find it the way a user's install would.
Its backend echoes the last message behind a configurable prefix, so every call it answered is
recognisable in the catalog's `generations`.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog_rows import rows as query
from jisr.corpus.generation.backends import BACKENDS, BackendSpec, make_backend
from jisr.errors import InputError

JISR = Path(sys.executable).with_name("jisr")
PLUGIN = '''
from dataclasses import dataclass

from jisr.corpus.generation.backends import Backend, Completion
from jisr.evaluation.report_doc import Text
from jisr.evaluation.report_sections import ReportSection


class Echo(Backend):
    default_concurrency = 4

    @dataclass(frozen=True)
    class Params:
        prefix: str = "echo: "
        concurrency: int | None = None

    def __init__(self, model, params):
        self.model, self.prefix = model, params.prefix

    def generate(self, conversations, sampling):
        for index, messages in enumerate(conversations):
            yield index, Completion(self.prefix + messages[-1]["content"], "stop")


def _count(ctx):
    (kept,) = ctx.catalog.con.execute("SELECT count(*) FROM records WHERE kept").fetchone()
    return [Text(f"{kept} kept records, counted by a plugin")]


SECTION = ReportSection("Kept records (plugin)", _count)
'''
ENTRY_POINTS = """[jisr.backends]
echo = outside_jisr:Echo

[jisr.report_sections]
kept_count = outside_jisr:SECTION
"""


@pytest.fixture
def installed(tmp_path) -> dict[str, str]:
    """The environment of a process that has the outside package installed."""
    site = tmp_path / "site"
    (site / "outside_jisr").mkdir(parents=True)
    (site / "outside_jisr" / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "outside_jisr-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: outside-jisr\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "JISR_HOME"}
    return {**env, "PYTHONPATH": str(site), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}


def jisr(env: dict[str, str], home: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([str(JISR), "--home", str(home), *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=300)


def test_an_outside_backend_and_report_section_run_in_jisrs_commands(installed, tmp_path):
    home = tmp_path / "home"
    (tmp_path / "qa.jsonl").write_text("".join(json.dumps(r) + "\n" for r in [
        {"instruction": "What does insulin do?", "input": "", "output": "It lowers blood glucose."},
        {"instruction": "What is a fever?", "input": "", "output": "A body temperature above normal."}]))
    (tmp_path / "build.yaml").write_text("tokenizers: [llama3]\ncuration: []\n"
                                         "sources: [{name: qa, adapter: alpaca, path: qa.jsonl}]\n")
    built = jisr(installed, home, "build", tmp_path / "build.yaml")
    assert built.returncode == 0, built.stderr

    translated = jisr(installed, home, "translate", "--backend", "echo", "--model", "parrot", "--tokenizer", "llama3")
    assert translated.returncode == 0, translated.stderr
    calls = query(home, "SELECT DISTINCT backend, model FROM generations")
    assert calls == [("echo", "parrot")]
    assert all(text.startswith("echo: ") for (text,) in query(home, "SELECT output FROM generations"))

    typo = jisr(installed, home, "translate", "--backend", "ecko", "--model", "parrot")
    assert typo.returncode != 0 and "unknown backend 'ecko' (did you mean 'echo'?)" in typo.stderr

    out = tmp_path / "report.md"
    reported = jisr(installed, home, "report", "--format", "md", "--out", out)
    assert reported.returncode == 0, reported.stderr
    page = out.read_text(encoding="utf-8")
    (kept,) = query(home, "SELECT count(*) FROM records WHERE kept")[0]
    assert f"{kept} kept records, counted by a plugin" in page
    assert page.index("Record browser") < page.index("Kept records (plugin)")


def test_a_backends_settings_are_its_params_dataclass_checked_with_a_did_you_mean():
    assert set(BACKENDS.names()) >= {"transformers", "http", "vllm"}
    with pytest.raises(InputError) as error:
        make_backend(BackendSpec("http", "m", options={"max_retrys": 2}))
    assert str(error.value).startswith("backend http: unknown parameter 'max_retrys' (did you mean 'max_retries'?)")
    with pytest.raises(InputError, match=r"^backend http: timeout must be a number, not 'soon'$"):
        make_backend(BackendSpec("http", "m", timeout="soon"))
    with pytest.raises(InputError, match=r"unknown backend 'vlm' \(did you mean 'vllm'\?\)"):
        make_backend(BackendSpec("vlm", "m"))
