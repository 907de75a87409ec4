"""docs/python-api.md runs as written, and lists every name the wings export.

Every fenced ```python block of the page is executed in order, in one namespace (as a notebook runs its
cells), in a fresh folder that is the working directory, so its `jisr-data` home is the test's own. The
examples build the bundled sample, publish a mix, train a tiny random model, translate with it and score
it: each step reads what the one before it wrote, so one failing block fails the page.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from jisr.catalog import CATALOG_FILE

DOC = Path(__file__).resolve().parent.parent / "docs" / "python-api.md"
WINGS = ("jisr.catalog", "jisr.corpus", "jisr.curation", "jisr.evaluation", "jisr.training")
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def blocks() -> list[str]:
    return _BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_every_exported_name_is_in_the_page():
    text = DOC.read_text(encoding="utf-8")
    for wing in WINGS:
        module = importlib.import_module(wing)
        for name in module.__all__:
            getattr(module, name)  # resolves (the lazily imported ones too)
            assert f"`{name}`" in text or re.search(rf"\b{name}\b", "\n".join(blocks())), (wing, name)


def test_the_examples_run(tmp_path, monkeypatch):
    pytest.importorskip("transformers", reason='the examples train a tiny model: pip install -e ".[train]"')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JISR_HOME", raising=False)
    found = blocks()
    assert len(found) >= 5
    namespace: dict = {"__name__": "python_api_doc"}
    for i, block in enumerate(found, 1):
        exec(compile(block, f"{DOC.name}, python block {i}", "exec"), namespace)
    assert (tmp_path / "jisr-data" / CATALOG_FILE).exists()
