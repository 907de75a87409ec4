"""A build whose filters run as a job array on a real Slurm (one node, started by the test) lands into the
team catalog (metadata in PostgreSQL) what a build on local processes lands into an embedded one.

tests/test_executors.py covers the executor's logic through stand-in commands; this proves the path on
slurmctld + slurmd + munge themselves: datatrove's launch script, sbatch's array, the tasks' completion
markers on the shared work folder and the landing. Skipped, with why, where Slurm cannot start
(not installed: `apt-get install slurm-wlm munge`; not root) or no PostgreSQL answers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalog_rows import rows
from conftest import postgres_catalog
from jisr.catalog import CATALOG_FILE, lake
from jisr.config import sample_config_path
from slurm_cluster import ClusterUnavailable, start_cluster

OUTPUTS = {
    "decisions": "SELECT record_id, seq, step, kept, reason FROM decisions ORDER BY ALL",
    "signals": "SELECT record_id, step, name, value, text FROM signals ORDER BY ALL",
    "token_counts": "SELECT record_id, tokenizer, prompt_tokens, response_tokens, exact FROM token_counts ORDER BY ALL",
}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    try:
        running = start_cluster(tmp_path_factory.mktemp("slurm"))
    except ClusterUnavailable as exc:
        pytest.skip(f"no Slurm cluster: {exc}")
    yield running
    running.stop()


def _config(folder: Path, executor: dict) -> Path:
    raw = yaml.safe_load(sample_config_path().read_text(encoding="utf-8"))
    raw["sources"] = [{**s, "path": str(sample_config_path().parent / s["path"])} for s in raw["sources"]]
    raw["shard_records"] = 400  # the sample's ~1,100 records in 3 array tasks
    raw["executor"] = executor
    path = folder / "build.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _build(home: Path, config: Path, env: dict | None = None, catalog: str | None = None) -> subprocess.CompletedProcess:
    team = ["--catalog", catalog] if catalog else []
    done = subprocess.run([sys.executable, "-m", "jisr.cli", "--home", str(home), *team, "build", str(config)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


def test_a_build_on_a_real_slurm_job_array_lands_in_the_team_catalog_what_local_processes_land(
        cluster, bundled_build, tmp_path, monkeypatch):
    """The local side is the session's build of the bundled sample (local processes, the default shards):
    the same records, decisions, signals and token counts whatever the executor and the shard size."""
    slurm = {"kind": "slurm", "partition": "debug", "time": "0:20:00", "mem_per_cpu_gb": 1, "poll_seconds": 1,
             "job_name": "jisr-test"}
    (tmp_path / "slurm").mkdir()
    with postgres_catalog(tmp_path / "team-data") as team:
        done = _build(tmp_path / "slurm" / "home", _config(tmp_path / "slurm", slurm), cluster.env, catalog=team)

        assert "slurm job" in done.stdout + done.stderr  # it waited on a real job, not on local processes
        assert not (tmp_path / "slurm" / "home" / CATALOG_FILE).exists()  # it landed in the team's
        for name, sql in OUTPUTS.items():
            local = rows(bundled_build[0], sql)
            with monkeypatch.context() as env:
                env.setenv(lake.CATALOG_ENV, team)
                on_slurm = rows(tmp_path / "slurm" / "home", sql)
            assert len(on_slurm) == len(local) > 0, name
            assert on_slurm == local, name
