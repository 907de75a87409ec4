"""The committed sample (corpus/sample/) is exactly what its generator writes: a hand edit of a sample
file, or a generator change without regenerating, fails here instead of drifting silently.  The content
banks the generator reads (scripts/sample_data/banks/) use only the placeholders their fields know."""

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jisr.safe_yaml import load_yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from sample_data import ahqad_questions, banks, templates  # noqa: E402


def test_committed_sample_equals_a_fresh_generation():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), "--check"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_every_bank_uses_only_the_placeholders_of_its_fields():
    paths = sorted(banks.BANK_DIR.glob("*.yaml"))
    assert len(paths) >= 10
    found = [p for path in paths for p in banks.bank_problems(path.name, load_yaml(path.read_text("utf-8"), str(path)))]
    assert found == []


@pytest.mark.parametrize("name, doc, expected", [
    ("chat.yaml", {"drug_templates": ["I take {nme} for {use}."]}, "unknown placeholder {nme}"),
    ("conditions.yaml", [{"findings": ["Pulse is {Q:90-100}/min."]}], "unknown placeholder {Q:90-100}"),
    ("drugs.yaml", [{"mechanism": "It {acts} on receptors."}], "unknown placeholder {acts}"),
    ("ahqad_topics.yaml", {"طب": [{"stems": [{"text": "عمر{h} {CAGE}", "answers": ["جواب."]}]}]},
     "only filled in a question that has {C}"),
    ("ahqad_topics.yaml", {"طب": [{"shared": ["[نعم|لا]"]}]}, "alternatives are not resolved"),
    ("ahqad_topics.yaml", {"طب": [{"stems": [{"text": "سؤال [واحد]؟", "answers": []}]}]}, "one alternative only"),
    ("cidar.yaml", {"summary_prompts": ["لخّص:\n{p"]}, "opens or closes no placeholder"),
    ("alpaca.yaml", {"prompts": {"features": ["What is {name}, a {cls}?"]}}, "unknown placeholder {cls}"),
])
def test_a_bank_entry_with_an_unknown_mark_is_reported(name, doc, expected):
    found = banks.bank_problems(name, doc)
    assert len(found) == 1 and expected in found[0], found


def test_the_generator_stops_on_a_mistyped_placeholder(tmp_path):
    shutil.copy(ROOT / "scripts" / "make_sample_data.py", tmp_path)
    shutil.copytree(ROOT / "scripts" / "sample_data", tmp_path / "sample_data",
                    ignore=shutil.ignore_patterns("__pycache__"))
    chat = tmp_path / "sample_data" / "banks" / "chat.yaml"
    chat.write_text(chat.read_text("utf-8").replace("{use}", "{usage}", 1), "utf-8")
    result = subprocess.run([sys.executable, str(tmp_path / "make_sample_data.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert re.search(r"chat\.yaml drug_templates\[\d\]: unknown placeholder \{usage\}", result.stderr), result.stderr


def test_the_banks_readme_documents_every_placeholder():
    readme = (banks.BANK_DIR / "README.md").read_text("utf-8")
    names = {n for d in templates.DIALECTS.values() for n in d.names}
    assert names and not [n for n in sorted(names) if f"`{{{n}}}`" not in readme]


def test_the_question_dialect_names_exactly_the_slots_the_generator_fills():
    topic = next(iter(banks.ahqad_topics().values()))[0]
    filled = ahqad_questions.slot_values(topic, "F", 5, "{P} {C}", random.Random(0))
    assert set(filled) == templates.DIALECTS["ahqad_question"].names
