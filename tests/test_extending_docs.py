"""docs/extending.md's examples run: every `python` block of a section, in order, in a fresh process.

Each section's code is written to a module in an empty folder and imported from there (the
folder on PYTHONPATH), as a plugin package would be: datatrove's workers import a filter's class by
its module, so a filter defined in the example must live in an importable module, not `__main__`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).parent.parent / "docs" / "extending.md"
# Sections written against the "bench" helper's branch (backends, benchmarks and report sections on
# the registry): the lead empties this when that branch is merged.
def _sections() -> dict[str, str]:
    """Heading -> the section's python blocks joined, for every `## ` section that has any."""
    sections: dict[str, str] = {}
    for part in re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        blocks = re.findall(r"^```python\n(.*?)^```", body, flags=re.M | re.S)
        if blocks:
            sections[heading.strip()] = "\n\n".join(blocks)
    return sections


SECTIONS = _sections()


def test_the_doc_has_an_example_for_every_kind_of_plugin():
    assert list(SECTIONS) == ["A source adapter", "A curation filter", "A tokenizer", "A generation backend",
                              "An eval benchmark", "A report section", "A command that writes to the catalog"]


@pytest.mark.parametrize("heading", list(SECTIONS))
def test_the_examples_of_a_section_run(heading, tmp_path):
    module = "extending_" + re.sub(r"\W+", "_", heading.lower()).strip("_")
    (tmp_path / f"{module}.py").write_text(SECTIONS[heading], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
           "OMP_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
