"""The committed sample (corpus/sample/) is exactly what its generator writes: a hand edit of a sample
file, or a generator change without regenerating, fails here instead of drifting silently."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_committed_sample_equals_a_fresh_generation():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), "--check"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
