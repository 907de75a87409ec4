import os

# torch on 2 threads swings 40x on a loaded machine; every test runs single-threaded.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("JISR_RTL", "logical")
# Tests never reach a hub; offline mode makes hub code paths fail at once instead of retrying.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import json
from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path: Path):
    """Write a fixture file: write("a.jsonl", [dict, ...]) or write("a.csv", "raw text")."""

    def _write(name: str, content, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, list):
            content = "".join(json.dumps(r, ensure_ascii=False) + "\n" if not isinstance(r, str) else r + "\n"
                              for r in content)
        path.write_text(content, encoding=encoding)
        return path

    return _write
