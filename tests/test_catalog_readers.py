"""Issue #12, item 1: a reader held open for the whole of a build and a mix build never stops them, and
never sees half a run; a build killed with SIGKILL leaves the catalog as it was and its run `failed`."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from catalog_rows import rows
from click.testing import CliRunner
from test_resume import _build_config, _jisr

from jisr.catalog import CATALOG_FILE, Catalog, lake
from jisr.cli import main

pytestmark = pytest.mark.usefixtures("any_catalog")

# One statement, so one snapshot: every table a build or a mix build lands into, and the runs that finished.
STATE = """SELECT (SELECT count(*) FROM store.records), (SELECT count(*) FROM store.decisions),
    (SELECT count(*) FROM store.signals), (SELECT count(*) FROM store.token_counts),
    (SELECT count(*) FROM store.provenance), (SELECT count(*) FROM store.source_reads),
    (SELECT count(*) FROM store.record_status), (SELECT count(*) FROM records WHERE kept),
    (SELECT count(*) FROM store.mixes), (SELECT count(*) FROM store.mix_members),
    (SELECT count(*) FROM runs WHERE status = 'succeeded')"""

READER = """
import json, sys, time
from pathlib import Path
import jisr.catalog
home, out, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
con = jisr.catalog.connect(home)  # held for the whole test
with out.open("w") as seen:
    while True:
        seen.write(json.dumps(con.execute(sys.argv[4]).fetchone()) + "\\n")
        seen.flush()
        if stop.exists():
            break
        time.sleep(0.01)
"""


def _small_build(home: Path, config: Path) -> None:
    """The one-record build a test starts from, in process: only the writers the reader races run as processes."""
    result = CliRunner().invoke(main, ["--home", str(home), "build", str(config)])
    assert result.exit_code == 0, result.output


def _state(home: Path) -> list:
    return list(rows(home, STATE)[0])


def _start_reader(home: Path, tmp_path: Path, state: str = STATE) -> tuple[subprocess.Popen, Path, Path]:
    """A reader in a process of its own that polls `state` on one connection until `_polls` stops it."""
    seen, stop = tmp_path / "seen.jsonl", tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(home), str(seen), str(stop), state],
                              env={**os.environ, "OMP_NUM_THREADS": "1"}, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (seen.exists() and seen.read_text()):
        assert reader.poll() is None, reader.stderr.read()
        time.sleep(0.05)
    return reader, seen, stop


def _polls(reader: subprocess.Popen, seen: Path, stop: Path) -> list[list]:
    stop.touch()
    assert reader.wait(timeout=60) == 0, reader.stderr.read()
    return [json.loads(line) for line in seen.read_text().splitlines()]


def test_a_reader_held_open_never_stops_a_writer_nor_sees_half_a_run(tmp_path):
    config = _build_config(tmp_path)
    small = tmp_path / "small.yaml"
    (tmp_path / "small.jsonl").write_text(json.dumps({"prompt": "What is a fever?", "response": "A raised body "
                                                      "temperature.", "language": "en"}) + "\n", encoding="utf-8")
    small.write_text(yaml.safe_dump({"name": "small", "tokenizers": ["llama3"], "curation": [],
                                     "sources": [{"name": "one", "adapter": "jisr", "path": "small.jsonl"}]}))
    home = tmp_path / "home"
    _small_build(home, small)
    recipe = tmp_path / "mix.yaml"
    recipe.write_text(yaml.safe_dump({"name": "m", "budget": 20000, "ratio": "50:50", "seed": 1}))

    states = [_state(home)]
    reader, seen, stop = _start_reader(home, tmp_path)
    try:
        build = _jisr(home, config)
        assert build.wait(timeout=300) == 0, build.stderr.read()
        states.append(_state(home))
        mix = subprocess.run([str(Path(sys.executable).with_name("jisr")), "--home", str(home), "mix", "build",
                              str(recipe), "--allow-shortfall"], capture_output=True, text=True, timeout=300,
                             env={**os.environ, "OMP_NUM_THREADS": "1"})
        assert mix.returncode == 0, mix.stdout + mix.stderr
        states.append(_state(home))
    finally:
        polls = _polls(reader, seen, stop)
    assert states[0] != states[1] != states[2]
    assert len(polls) > 3
    partial = [poll for poll in polls if poll not in states]
    assert not partial, f"the reader saw a catalog between runs: {partial[:3]} (whole states: {states})"
    assert polls[0] == states[0] and polls[-1] == states[2]
    # States only move forward, and every whole state the writers made was seen or passed through in order.
    assert [states.index(p) for p in polls] == sorted(states.index(p) for p in polls)


def test_a_build_killed_while_landing_leaves_the_catalog_as_it_was(tmp_path):
    config = _build_config(tmp_path)
    home = tmp_path / "home"
    small = tmp_path / "small.yaml"
    (tmp_path / "small.jsonl").write_text(json.dumps({"prompt": "What is a cough?", "response": "A reflex that "
                                                      "clears the airways.", "language": "en"}) + "\n")
    small.write_text(yaml.safe_dump({"name": "small", "tokenizers": ["llama3"], "curation": [],
                                     "sources": [{"name": "one", "adapter": "jisr", "path": "small.jsonl"}]}))
    _small_build(home, small)
    before = _state(home)
    staging = lake.locate(home / CATALOG_FILE).path.parent  # where landing stages (the home, or the team folder)
    reader, seen, stop = _start_reader(home, tmp_path)
    try:
        victim = _jisr(home, config, start_new_session=True)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and victim.poll() is None:
            if list(staging.glob("*.landing-*")):  # landing has begun: its files are being written
                break
            time.sleep(0.005)
        assert victim.poll() is None, "the build finished before it could be killed while landing"
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
    finally:
        polls = _polls(reader, seen, stop)
    assert all(poll == before for poll in polls), [p for p in polls if p != before][:3]
    with Catalog.open(home / CATALOG_FILE):  # the next open marks the killed run failed
        pass
    assert _state(home) == before
    runs = rows(home, "SELECT command, status, summary->>'error' FROM runs ORDER BY started_at")
    assert [r[:2] for r in runs] == [("build", "succeeded"), ("build", "failed")]
    assert "died while the run was running" in runs[1][2]
