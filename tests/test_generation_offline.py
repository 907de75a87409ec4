"""Generation commands with a hub model id that cannot be had fail at once, naming the next step (issue 13).

transformers retries an unreachable hub for about a minute; `jisr translate`, `paraphrase`, `synth` and
`translate-mcq` check the model first, as `jisr train` and `jisr eval` do. The tests run with
HF_HUB_OFFLINE=1 (conftest), or with a hub that does not answer (a closed local port); a subprocess
limit turns a hang into a failure, no time is asserted.
"""

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from jisr.cli import main
from ports import free_port

JISR = sys.executable.rsplit("/", 1)[0] + "/jisr"
MODEL = "jisr-tests/no-such-model"  # never in any cache


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "seeds.txt").write_text("ما أعراض فقر الدم؟\n", encoding="utf-8")
    (tmp_path / "items.jsonl").write_text('{"question": "Which drug?", "options": ["a", "b"], "answer_index": 0}\n',
                                          encoding="utf-8")
    return tmp_path


def commands(folder):
    return {"translate": ["translate", "--model", MODEL, "--limit", "1"],
            "paraphrase": ["paraphrase", "--model", MODEL, "--limit", "1"],
            "synth": ["synth", "--model", MODEL, "--seeds", str(folder / "seeds.txt")],
            "translate-mcq": ["translate-mcq", "--model", MODEL, str(folder / "items.jsonl"), str(folder / "out.jsonl")]}


@pytest.mark.parametrize("command", ["translate", "paraphrase", "synth", "translate-mcq"])
def test_an_uncached_hub_model_offline_is_refused_before_anything_runs(inputs, command):
    """Before the catalog is read: the empty home would otherwise answer "no records match"."""
    result = CliRunner().invoke(main, ["--home", str(inputs / "home"), *commands(inputs)[command]])
    assert result.exit_code == 1
    assert re.search(f"^error: --model {MODEL}: not in the Hugging Face cache", result.output, re.M), result.output
    assert "HF_HUB_OFFLINE=1 forbids" in result.output and "jisr tiny-model PATH" in result.output


def test_an_unreachable_hub_is_said_with_the_way_on(inputs):
    env = {**os.environ, "HF_HUB_OFFLINE": "0", "HF_HUB_CACHE": str(inputs / "cache"), "OMP_NUM_THREADS": "1",
           "HF_ENDPOINT": f"http://127.0.0.1:{free_port()}"}
    done = subprocess.run([JISR, "--home", str(inputs / "home"), *commands(inputs)["translate"]], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert re.search(f"^error: --model {MODEL}: the Hugging Face hub \\(http://127.0.0.1:", done.stderr, re.M), done.stderr
    assert "cannot be reached" in done.stderr and "local folder" in done.stderr and "HF_HUB_OFFLINE" in done.stderr
