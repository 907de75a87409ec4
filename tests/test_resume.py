"""A build killed mid-curation (SIGKILL) and rerun ends with exactly the catalog of an uninterrupted build."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from catalog_rows import connection

RECORDS = 6000
SHARD = 500  # 12 datatrove tasks, so the kill lands between finished and unfinished ones

# What a run writes, minus what differs by run by design (run ids, timestamps).
SNAPSHOT = {
    "records": "SELECT * EXCLUDE (created_run_id) FROM records ORDER BY record_id",
    "decisions": "SELECT * EXCLUDE (run_id) FROM decisions ORDER BY record_id, seq",
    "signals": "SELECT * EXCLUDE (run_id) FROM signals ORDER BY record_id, step, name",
    "token_counts": "SELECT * EXCLUDE (run_id) FROM token_counts ORDER BY record_id, tokenizer",
    "quarantine": "SELECT * EXCLUDE (run_id) FROM quarantine ORDER BY file, \"row\"",
    "run_sources": "SELECT * EXCLUDE (run_id) FROM run_sources ORDER BY source",
}


def _corpus(path: Path) -> None:
    rng = random.Random(11)
    ar = ["الحمى", "السعال", "الصداع", "ضغط الدم", "السكري", "الربو", "فقر الدم", "الأرق"]
    en = ["fever", "cough", "headache", "blood pressure", "diabetes", "asthma", "anaemia", "insomnia"]
    lines = []
    for i in range(RECORDS):
        if i % 2:
            topic = rng.choice(ar)
            response = f"يعالج {topic} حسب السبب، ويفيد شرب الماء والراحة، ومراجعة الطبيب إذا استمر أكثر من {rng.randint(2, 9)} أيام."
            if i % 37 == 1:
                response += " you should also take it after meals every single day"
            lines.append({"prompt": f"سؤال رقم {i // 7}: ما علاج {topic}؟", "response": response, "language": "ar"})
        else:
            topic = rng.choice(en)
            lines.append({"prompt": f"Question {i // 7}: how is {topic} treated?",
                          "response": f"Treatment of {topic} depends on the cause; rest, fluids and a review after {rng.randint(2, 9)} days help.",
                          "language": "en"})
    lines.insert(100, "{broken json")
    path.write_text("".join((json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x) + "\n" for x in lines),
                    encoding="utf-8")


def _jisr(home: Path, config: Path, **kw) -> subprocess.Popen:
    script = Path(sys.executable).with_name("jisr")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([str(script), "--home", str(home), "build", str(config)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)


def _snapshot(home: Path) -> dict[str, list]:
    con = connection(home / "catalog.ducklake")
    try:
        return {name: con.execute(sql).fetchall() for name, sql in SNAPSHOT.items()}
    finally:
        con.close()


def _build_config(tmp_path: Path) -> Path:
    _corpus(tmp_path / "corpus.jsonl")
    config = tmp_path / "build.yaml"
    config.write_text(yaml.safe_dump({
        "name": "resume", "tokenizers": ["llama3"], "shard_records": SHARD,
        "curation": ["language_id", "quality", {"exact_dedup": {"key": "prompt"}}],
        "sources": [{"name": "qa", "adapter": "jisr", "path": "corpus.jsonl"}]}), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def configs(tmp_path_factory) -> tuple[Path, Path]:
    """`build.yaml` and `other.yaml` (fewer curation steps, smaller shards) over the same corpus; the tests
    only read them, and share them so that the reference builds below are made once."""
    root = tmp_path_factory.mktemp("resume")
    config = _build_config(root)
    other = root / "other.yaml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    other.write_text(yaml.safe_dump({**settings, "name": "other", "shard_records": SHARD // 2,
                                     "curation": ["quality", "language_id"]}), encoding="utf-8")
    return config, other


@pytest.fixture(scope="module")
def uninterrupted(configs, tmp_path_factory) -> list[dict[str, list]]:
    """What uninterrupted builds leave, one after the other on one home: the snapshot after `build.yaml`,
    then after `other.yaml` on top of it."""
    home = tmp_path_factory.mktemp("sequential") / "home"
    snapshots = []
    for build in configs:
        one_by_one = _jisr(home, build)
        assert one_by_one.wait(timeout=300) == 0, one_by_one.stderr.read()
        snapshots.append(_snapshot(home))
    return snapshots


def test_killed_build_resumes_to_the_same_catalog(tmp_path, configs, uninterrupted):
    config = configs[0]

    killed_home = tmp_path / "killed"
    victim = _jisr(killed_home, config, start_new_session=True)
    deadline = time.monotonic() + 240
    done: list[Path] = []
    while time.monotonic() < deadline and victim.poll() is None:
        done = list((killed_home / "work" / "build").glob("filters-*/logs/completions/*"))
        if len(done) >= 2:
            break
        time.sleep(0.05)
    assert victim.poll() is None and done, "the build finished before it could be killed mid-way"
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    con = connection(killed_home / "catalog.ducklake")
    assert con.execute("SELECT command, status FROM store.runs").fetchall() == [("build", "running")]
    assert con.execute("SELECT count(*) FROM store.records").fetchone()[0] == 0  # nothing of the run landed
    con.close()
    # Proof that finished tasks are not redone: wreck their input shards (one shard per task).
    # Had the rerun read them again, it would fail.
    work = done[0].parents[2]
    finished = sorted({int(p.name) for p in (work / "logs" / "completions").iterdir()})
    for rank in finished:
        (work / "input" / f"{rank:05d}.parquet").write_bytes(b"not parquet any more")

    resumed = _jisr(killed_home, config)
    assert resumed.wait(timeout=300) == 0, resumed.stderr.read()
    assert 0 < len(finished) < RECORDS // SHARD
    assert _snapshot(killed_home) == uninterrupted[0]
    assert not (killed_home / "work" / "build").exists() or not any((killed_home / "work" / "build").iterdir())
    con = connection(killed_home / "catalog.ducklake")
    runs = con.execute("SELECT status, summary->>'error' FROM store.runs ORDER BY started_at").fetchall()
    con.close()
    assert [status for status, _ in runs] == ["failed", "succeeded"]  # the killed one, marked on the next open
    assert "died while the run was running" in runs[0][1]


def test_a_killed_build_leaves_nothing_running_and_its_leftovers_are_cleared(tmp_path, configs):
    """kill -9 of the build process alone: its datatrove workers die with it; the rerun removes the staging
    a killed landing left and the killed build's spooled records, and a build removes only its own work
    folder, never another build's."""
    import psutil

    config = configs[0]
    home = tmp_path / "home"
    victim = _jisr(home, config)
    workers: list[psutil.Process] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and victim.poll() is None:
        if list((home / "work" / "build").glob("filters-*/logs/completions/*")):
            workers = [p for p in psutil.Process(victim.pid).children(recursive=True) if p.is_running()]
            if workers:
                break
        time.sleep(0.05)
    assert victim.poll() is None and workers, "the build finished before it could be killed mid-way"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"still running after the build was killed: {[p.cmdline()[:3] for p in alive]}"

    [spool] = (home / "work").glob("spool-*")  # the killed build's records on disk
    assert any(spool.glob("*.parquet"))
    staging = home / "catalog.ducklake.landing-killed"  # what a kill during landing leaves
    (staging / "records.parquet").parent.mkdir(parents=True)
    (staging / "records.parquet").write_bytes(b"x" * 1000)
    other = home / "work" / "build" / "filters-0123456789abcdef"  # another build's live work folder
    (other / "input").mkdir(parents=True)
    (other / "input.done").touch()
    rerun = _jisr(home, config)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
    assert not staging.exists()
    assert not list((home / "work").glob("spool-*"))
    assert sorted(p.name for p in (home / "work" / "build").iterdir()) == [other.name]


def test_two_builds_at_once_end_as_two_builds_one_after_the_other(tmp_path, configs, uninterrupted):
    """The reproduction in issue #12: a second build started on the same home while the first one's filters
    run. Both must finish, with the catalog two builds one after the other give."""
    config, other = configs
    home = tmp_path / "together"
    first = _jisr(home, config)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and first.poll() is None:
        if list((home / "work" / "build").glob("filters-*/input.done")):
            break
        time.sleep(0.05)
    assert first.poll() is None, "the first build ended before the second could start beside it"
    second = _jisr(home, other)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert second.wait(timeout=300) == 0, second.stderr.read()
    together, sequential = _snapshot(home), uninterrupted[1]
    assert {k: sorted(map(repr, v)) for k, v in together.items()} == \
        {k: sorted(map(repr, v)) for k, v in sequential.items()}
