"""The GPU check's dry run (`--device cpu`): every step of scripts/gpu_check.py runs on the CPU in CI, so the
script a lent GPU machine gets is known to work up to the device itself (docs/benchmarks.md, GPU check)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_dry_run_on_the_cpu_runs_every_step_and_records_where_each_ran(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gpu_check.py"), "--device", "cpu",
                           "--out", str(tmp_path)], capture_output=True, text=True,
                          env={**os.environ, "OMP_NUM_THREADS": "1"}, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = done.stdout.strip().splitlines()[-1]
    assert summary.startswith("gpu-check OK (cpu): train ") and "steps/s" in summary, summary
    figures = json.loads((tmp_path / "gpu-check.json").read_text())
    assert figures["device"] == "cpu"
    for step in ("build", "mix", "train", "eval", "translate", "generation benchmark"):
        assert figures[step]["seconds"] > 0, step
    assert figures["generation"]["device"] == "cpu" and figures["generation"]["requests"] == 8
    assert figures["eval"]["items_per_s"] > 0
    log = (tmp_path / "gpu-check.log").read_text()
    assert "$ jisr translate --backend transformers" in log and "$ jisr train --mix gpu-check@1" in log


def test_cuda_without_a_gpu_fails_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gpu_check.py"), "--device", "cuda",
                           "--out", str(tmp_path)], capture_output=True, text=True,
                          env={**os.environ, "CUDA_VISIBLE_DEVICES": ""}, timeout=300)
    assert done.returncode == 1
    assert done.stdout.strip().splitlines()[-1] == (
        "gpu-check FAILED (cuda): --device cuda, but torch sees no CUDA GPU (torch.cuda.is_available() is False)")
