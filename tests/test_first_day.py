"""A first day offline: the README's tour (tiny model -> mix -> train -> eval -> sweep -> report) runs as
written with no network, on the sample eval sets shipped with jisr, and prints no library noise; a hub
id that cannot be had fails at once with the next step.

The tour's commands are read from README.md itself, so the README cannot drift from what works. They
run in-process (one import of torch and lm-eval for all of them), except `jisr eval`, which runs as
its own process: lm-eval's `git describe` and tqdm write to the process's stderr, below Python.
"""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_rows import rows as count
from conftest import copy_bundled
from jisr.cli import main
from jisr.display import console
from jisr.evaluation.sets import SAMPLE_SETS
from ports import free_port

README = Path(__file__).parent.parent / "README.md"
TOUR_HEADING = "### Train, evaluate, sweep and report, offline"
# What library noise looks like: tqdm bars, git's complaint, Python warnings, logging lines, tracebacks.
NOISE = re.compile(r"it/s\]|\d+%\|| fatal: |^fatal: |Warning|WARNING|INFO|Traceback|Loading checkpoint", re.M)
JISR = Path(sys.executable).with_name("jisr")


def tour_commands() -> list[str]:
    section = README.read_text(encoding="utf-8").split(TOUR_HEADING, 1)[1]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    return [shlex.join(shlex.split(line, comments=True)) for line in block.splitlines() if line.strip()]


def offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "JISR_HOME"}
    return {**env, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1", **extra}


def invoke(*args: str) -> str:
    width = console.width
    console.width = 200
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        console.width = width
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def tour(tmp_path_factory, bundled_build):
    root = tmp_path_factory.mktemp("first-day")
    copy_bundled(bundled_build, root / "jisr-data")  # the README's `jisr build`, made once for the session
    patch = pytest.MonkeyPatch()
    patch.chdir(root)
    patch.delenv("JISR_HOME", raising=False)
    try:
        outputs = {}
        for command in tour_commands():
            args = shlex.split(command)
            assert args[0] == "jisr", command
            if args[1] == "eval":
                done = subprocess.run([str(JISR), *args[1:]], cwd=root, env=offline_env(), capture_output=True,
                                      text=True, timeout=900)
                assert done.returncode == 0, done.stdout + done.stderr
                outputs[command] = (done.stdout, done.stderr)
            else:
                outputs[command] = invoke(*args[1:])
    finally:
        patch.undo()
    return root, root / "jisr-data", outputs


def _output(outputs: dict, verb: str):
    return next(out for command, out in outputs.items() if command.startswith(f"jisr {verb}"))


def test_the_tour_is_in_the_readme_and_covers_each_step():
    verbs = [shlex.split(c)[1] for c in tour_commands()]
    assert verbs[:6] == ["tiny-model", "mix", "train", "eval", "sweep", "report"], verbs


def test_eval_scores_the_shipped_sample_sets_with_no_library_noise(tour):
    root, home, outputs = tour
    stdout, stderr = _output(outputs, "eval")
    assert not NOISE.search(stdout + stderr), stdout + stderr
    assert stderr.strip().splitlines() == [
        "No sets named: reading the sample sets bundled with jisr (6 items each, written for jisr; "
        "--benchmarks all for the hub's, --data or --file for your own)"]
    shipped = sorted(p.stem for p in SAMPLE_SETS.glob("*.jsonl"))
    assert len(shipped) == 8 and {s.rsplit("-", 1)[1] for s in shipped} == {"en", "ar"}
    scored = count(home, "SELECT DISTINCT eval_set, n FROM eval_results WHERE adapter IS NOT NULL ORDER BY 1")
    assert scored == [(name, 6) for name in shipped]
    assert "fatal: not a git repository" in (home / "logs" / "jisr.log").read_text(encoding="utf-8")


def test_train_sweep_and_report_ran_on_the_tiny_model(tour):
    root, home, outputs = tour
    assert count(home, "SELECT mix, status FROM training_runs ORDER BY mix") == [
        ("sweep-ar0-en100@1", "succeeded"), ("sweep-ar100-en0@1", "succeeded"), ("sweep-ar50-en50@1", "succeeded")]
    swept = _output(outputs, "sweep")
    assert "0:100: training" in swept and "💯" not in swept
    assert list((home / "reports").glob("*.html"))


def test_catalog_runs_time_whole_commands_and_say_what_each_did(tour):
    root, home, outputs = tour
    (seconds, stages), = count(home, "SELECT epoch(finished_at - started_at), summary->>'seconds' FROM runs "
                                     "WHERE command = 'build'")
    stages = json.loads(stages)  # the stopwatch's laps, with curation's own steps inside "curate"
    # Not only the landing: reading and curating too (laps are rounded to the ms, and clocks differ by a little).
    assert seconds >= stages["read"] + stages["curate"] + stages["write_and_count"] - 0.05
    runs = _output(outputs, "catalog runs")
    assert re.search(r"build .* \d+ sources: read [\d,]+, kept [\d,]+, dropped [\d,]+, quarantined [\d,]+", runs)
    assert "published sweep-ar50-en50@1: " in runs and "tiny-llama on sweep-ar50-en50@1" in runs
    assert "tiny-llama on 8 sets (48 items), " in runs


def test_tiny_model_refuses_a_folder_in_use(tour):
    root, home, outputs = tour
    result = CliRunner().invoke(main, ["--home", str(home), "tiny-model", str(root / "tiny-llama")])
    assert result.exit_code == 1 and "not empty" in result.output


def test_unknown_hub_model_offline_fails_at_once_with_the_next_step(tour):
    root, home, outputs = tour
    for args in (["train", "--mix", "sweep-ar50-en50", "--base", "Qwen/Qwen2.5-0.5B"],
                 ["eval", "--model", "Qwen/Qwen2.5-0.5B"], ["sweep", "--base", "Qwen/Qwen2.5-0.5B"]):
        result = CliRunner().invoke(main, ["--home", str(home), *args])
        assert result.exit_code == 1
        flag = args[-2]
        assert result.output.startswith(f"error: {flag} Qwen/Qwen2.5-0.5B: not in the Hugging Face cache"), result.output
        assert "HF_HUB_OFFLINE=1 forbids" in result.output and "jisr tiny-model PATH" in result.output
    missing = CliRunner().invoke(main, ["--home", str(home), "eval", "--model", "./no/such/model"])
    assert missing.exit_code == 1 and "no such folder" in missing.output


@pytest.mark.parametrize("args, start, way_on", [
    (["eval", "--model", "Qwen/Qwen2.5-0.5B"], "error: --model Qwen/Qwen2.5-0.5B: ", "local folder"),
    (["eval", "register", "--benchmarks", "medqa", "--languages", "en"],
     "error: set medqa-en: hub dataset GBaker/MedQA-USMLE-4-options: ", "--data DIR or --file"),
])
def test_unreachable_hub_fails_at_once_with_the_next_step(tmp_path, args, start, way_on):
    """No HF_HUB_OFFLINE, and a hub that does not answer (a closed local port stands for no network)."""
    env = offline_env(HF_HUB_OFFLINE="0", HF_HUB_CACHE=str(tmp_path / "cache"),
                      HF_ENDPOINT=f"http://127.0.0.1:{free_port()}")
    done = subprocess.run([str(JISR), "--home", str(tmp_path), *args], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{start}the Hugging Face hub (http://127.0.0.1:"), done.stderr
    assert "cannot be reached" in done.stderr and way_on in done.stderr and "HF_HUB_OFFLINE" in done.stderr


def test_a_hub_eval_set_offline_names_local_copies_as_the_way_on(tmp_path):
    """HF_HUB_OFFLINE=1 (conftest) and a set not in the cache: `datasets` refuses at once, and the message
    names this command's way to local files (--data/--file), not a build config's `path:`."""
    result = CliRunner().invoke(main, ["--home", str(tmp_path), "eval", "register", "--benchmarks", "medqa",
                                       "--languages", "en"])
    assert result.exit_code == 1
    assert "hub:GBaker/MedQA-USMLE-4-options: could not load split" in result.output, result.output
    assert "HF_HUB_OFFLINE=1 reads only the Hugging Face cache" in result.output
    assert "--data DIR or --file NAME-LANG=PATH" in result.output and "path:" not in result.output
