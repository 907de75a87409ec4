"""A real one-node Slurm cluster for a test: munged, slurmctld and slurmd from Debian's `slurm-wlm`.

Everything lives in the test's folder (config, state, spool, logs, munge socket) on free ports, so it
neither needs nor touches a cluster the machine may have. `start_cluster` returns the environment the
build runs with (`SLURM_CONF`), or raises `ClusterUnavailable` with why, for the test to skip with.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ports import free_port

MUNGE_KEY = Path("/etc/munge/munge.key")
INSTALL = "apt-get install slurm-wlm munge"


class ClusterUnavailable(Exception):
    pass


@dataclass
class Cluster:
    folder: Path
    munge: Path  # munged's own folder: under /tmp, as the munge user cannot enter a test's private folder
    env: dict[str, str]

    def stop(self) -> None:
        subprocess.run(["scancel", "--full", "--user=root"], env=self.env, capture_output=True, timeout=30)
        for path in (self.folder / "slurmd.pid", self.folder / "slurmctld.pid", self.munge / "munged.pid"):
            if path.exists():
                try:
                    os.kill(int(path.read_text().split()[0]), signal.SIGTERM)
                except (ProcessLookupError, ValueError):
                    pass
        shutil.rmtree(self.munge, ignore_errors=True)


def _check_can_start() -> None:
    missing = [name for name in ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo") if not shutil.which(name)]
    if missing:
        raise ClusterUnavailable(f"Slurm is not installed ({', '.join(missing)} not found): {INSTALL}")
    if os.geteuid() != 0:
        raise ClusterUnavailable("starting slurmctld/slurmd as a one-node cluster needs root")
    if not MUNGE_KEY.exists():
        raise ClusterUnavailable(f"{MUNGE_KEY} is missing: {INSTALL} creates it")


def _conf(folder: Path, munge: Path, host: str) -> str:
    return "\n".join([
        "ClusterName=jisrtest", f"SlurmctldHost={host}",
        f"SlurmctldPort={free_port()}", f"SlurmdPort={free_port()}",
        "SlurmUser=root", "SlurmdUser=root",
        "AuthType=auth/munge", f"AuthInfo=socket={munge}/munge.socket",
        f"StateSaveLocation={folder}/state", f"SlurmdSpoolDir={folder}/spool",
        f"SlurmctldPidFile={folder}/slurmctld.pid", f"SlurmdPidFile={folder}/slurmd.pid",
        f"SlurmctldLogFile={folder}/log/slurmctld.log", f"SlurmdLogFile={folder}/log/slurmd.log",
        "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none",
        "SelectType=select/cons_tres", "SelectTypeParameters=CR_Core", "MpiDefault=none",
        "ReturnToService=2", "SchedulerType=sched/backfill",
        "JobCompType=jobcomp/none", "AccountingStorageType=accounting_storage/none",
        f"NodeName={host} CPUs={os.cpu_count()} RealMemory=4000 State=UNKNOWN",
        "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP", ""])


def start_cluster(folder: Path, timeout: float = 30) -> Cluster:
    _check_can_start()
    for sub in ("state", "spool", "log"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    munge = Path(tempfile.mkdtemp(prefix="jisr-munge-"))
    user = pwd.getpwnam("munge")
    os.chown(munge, user.pw_uid, user.pw_gid)
    munge.chmod(0o711)  # munged requires that everyone may reach its socket
    host = socket.gethostname()
    (folder / "slurm.conf").write_text(_conf(folder, munge, host), encoding="utf-8")
    env = {**os.environ, "SLURM_CONF": str(folder / "slurm.conf")}
    cluster = Cluster(folder, munge, env)
    munged = subprocess.run(
        ["su", "-s", "/bin/sh", "munge", "-c",
         f"munged --socket={munge}/munge.socket --pid-file={munge}/munged.pid "
         f"--log-file={munge}/munged.log --seed-file={munge}/seed"], capture_output=True, text=True)
    if munged.returncode:
        cluster.stop()
        raise ClusterUnavailable(f"munged did not start: {munged.stderr.strip()}")
    for daemon in ("slurmctld", "slurmd"):
        started = subprocess.run([daemon, "-f", env["SLURM_CONF"]], env=env, capture_output=True, text=True)
        if started.returncode:
            cluster.stop()
            raise ClusterUnavailable(f"{daemon} did not start: {started.stderr.strip()}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = subprocess.run(["sinfo", "--noheader", "--format=%T"], env=env, capture_output=True, text=True)
        if state.stdout.strip() == "idle":
            return cluster
        time.sleep(0.5)
    cluster.stop()
    log = (folder / "log" / "slurmd.log")
    raise ClusterUnavailable(f"the node did not come up in {timeout:.0f} s"
                             + (f": {log.read_text()[-300:]}" if log.exists() else ""))
