"""Writers take turns on one catalog; a run whose process died is marked failed on the next open."""

import os
import signal
import subprocess
import sys
import time

import pytest

from jisr.catalog import Catalog
from jisr.errors import CatalogError

HOLD = """
import sys, time
from jisr.catalog import Catalog, lifecycle
cat = Catalog.open(sys.argv[1], command="jisr build")
held = lifecycle.run(cat, "build", {})  # kept: a dropped context manager would end the run
held.__enter__()
print("ready", flush=True)
time.sleep(60)
"""


def _holder(path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_second_writer_waits_then_names_the_holder_and_dead_run_is_marked_failed(tmp_path, monkeypatch):
    path = tmp_path / "catalog.ducklake"
    proc = _holder(path)
    try:
        monkeypatch.setenv("JISR_CATALOG_WAIT", "1")
        started = time.monotonic()
        with pytest.raises(CatalogError, match=rf"waiting for jisr build \(pid {proc.pid} on "):
            Catalog.open(path)
        assert time.monotonic() - started >= 1
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with Catalog.open(path) as cat:  # the kernel released the turn; the killed run is failed, not running
        rows = cat.con.execute("SELECT status, pid, summary->>'error' FROM runs").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("failed", proc.pid)]
    assert "died" in rows[0][2]
