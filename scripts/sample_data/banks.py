"""The content banks (banks/*.yaml): loaded with the project's safe YAML loader, checked, typed.

Banks are data so that adding a question, a condition or an exam item needs no Python (banks/README.md
says how).  Every string is checked against the dialect of its field (templates.py) when a bank is loaded,
so a mistyped placeholder stops the generator with the file, the entry and the mark to fix.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from jisr.safe_yaml import load_yaml

from .templates import DIALECTS, problems

BANK_DIR = Path(__file__).resolve().parent / "banks"

# Which dialect (templates.DIALECTS) each field uses, by file and dotted path (list positions left out);
# the first matching pattern wins, and a field no pattern names is plain prose.
FIELD_DIALECTS: dict[str, dict[str, str]] = {
    "ahqad_topics.yaml": {"*.stems.text": "ahqad_question", "*.stems.answers": "ahqad_answer"},
    "arabic_framing.yaml": {"extras_*": "gendered", "personas.*.text": "persona", "durations.*": "duration"},
    "cidar.yaml": {"summary_prompts": "summary_prompt", "en_ar_prompts": "en_ar_prompt",
                   "en_ar_answers": "en_ar_answer", "en_ar_plural": "en_ar_plural", "ar_en_prompts": "ar_en_prompt",
                   "ar_en_answer": "ar_en_answer", "word_sets.*.prompts": "word_prompt"},
    "conditions.yaml": {"complaints": "vignette", "findings": "vignette"},
    "alpaca.yaml": {"prompts.mechanism": "drug_prompt", "prompts.adverse": "drug_prompt",
                    "prompts.*": "condition_prompt"},
    "chat.yaml": {"diagnosis_templates": "diagnosis_template", "drug_templates": "drug_template"},
    "medqa.yaml": {"parents": "vignette"},
    "sample_files.yaml": {"*.about": "file_about"},
}


class BankError(Exception):
    """A bank file that cannot be used as it is; the message names every problem, one a line."""


def _strings(value: Any, path: tuple[str, ...], where: str) -> Iterator[tuple[str, str, str]]:
    """(dotted path, place for messages, text) of every string in a document."""
    if isinstance(value, str):
        yield ".".join(path), where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)), f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path, f"{where}[{i}]")


def bank_problems(name: str, doc: Any) -> list[str]:
    """Every mark in a bank document that its field's dialect does not know, as 'file place: problem'."""
    patterns = FIELD_DIALECTS.get(name, {})
    out = []
    for path, where, text in _strings(doc, (), ""):
        kind = next((k for pattern, k in patterns.items() if fnmatchcase(path, pattern)), "plain")
        out += [f"{name} {where}: {p}" for p in problems(text, DIALECTS[kind])]
    return out


@cache
def load(name: str) -> Any:
    """The document of banks/`name`; BankError if any field uses a mark its dialect does not know."""
    path = BANK_DIR / name
    doc = load_yaml(path.read_text(encoding="utf-8"), str(path))
    found = bank_problems(name, doc)
    if found:
        raise BankError("\n".join(found))
    return doc


def check_all() -> None:
    """Load every bank, so that a mistyped placeholder anywhere stops the generator before it builds anything."""
    found = []
    for path in sorted(BANK_DIR.glob("*.yaml")):
        try:
            load(path.name)
        except BankError as exc:
            found.append(str(exc))
    if found:
        raise BankError("\n".join(found))


def _record(cls: type, entry: dict[str, Any], where: str, **extra: Any) -> Any:
    """A frozen dataclass from a bank mapping (lists become tuples); unknown or missing fields are errors."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(entry) - set(fields))
    missing = sorted(n for n, f in fields.items() if n not in entry and n not in extra
                     and f.default is dataclasses.MISSING)
    if unknown or missing:
        raise BankError(f"{where}: unknown fields {unknown}, missing fields {missing} (fields: {', '.join(fields)})")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
    return cls(**values, **extra)


@dataclass(frozen=True)
class Stem:
    text: str
    answers: tuple[str, ...]
    sex: str | None = None                 # "M"/"F": restricts the persona
    ages: tuple[int, int] | None = None    # overrides the topic's age range (months if {MAGE})
    shared: bool = True                    # whether the topic's shared sentences fit this stem


@dataclass(frozen=True)
class Topic:
    key: str
    sex: str                  # persona sexes to draw from: "MF", "F" or "M"
    ages: tuple[int, int]
    duration: str             # duration kind (arabic_framing.yaml durations): acute / subacute / chronic
    shared: tuple[str, ...]
    stems: tuple[Stem, ...]


@dataclass(frozen=True)
class Condition:
    key: str
    dx: str                          # correct diagnosis option
    ages: tuple[int, int]
    sexes: str                       # "M", "F" or "MF"
    acute: bool
    complaints: tuple[str, str]      # each starts with "because of" / "for"
    findings: tuple[str, ...]        # six sentences
    dx_wrong: tuple[str, str, str, str]
    tx: str                          # correct next step / treatment
    tx_wrong: tuple[str, str, str, str]
    name: str = ""                   # how clinicians name it in prose (alpaca)
    features: str = ""
    workup: str = ""
    management: str = ""
    lay: str = ""                    # lay name (chat)
    lay_q: str = ""                  # a patient describing symptoms
    lay_b: str = ""                  # a patient who already has the diagnosis (default from `lay`)
    lay_explain: str = ""
    self_care: str = ""
    lay_red_flags: str = ""
    child: bool = False              # vignette: brought by a parent
    months: bool = False             # ages are in months
    third_person: bool = False       # lay_q describes someone else: no home-care follow-up for the asker


@dataclass(frozen=True)
class Drug:
    name: str
    cls: str
    use: str            # what a patient would say it is for
    mechanism: str      # alpaca
    adverse: str        # alpaca
    counselling: str    # chat
    interactions: str   # chat


@dataclass(frozen=True)
class Mcq:
    subject: str
    topic: str
    question: str
    correct: str
    distractors: tuple[str, str, str]
    explanation: str | None


@cache
def ahqad_topics() -> dict[str, tuple[Topic, ...]]:
    """Specialty (the Category column) -> its topics."""
    out = {}
    for category, topics in load("ahqad_topics.yaml").items():
        out[category] = tuple(
            _record(Topic, {k: v for k, v in t.items() if k != "stems"}, f"ahqad_topics.yaml {t.get('key')}",
                    stems=tuple(_record(Stem, s, f"ahqad_topics.yaml {t.get('key')} stem {i}")
                                for i, s in enumerate(t["stems"])))
            for t in topics)
    return out


@cache
def conditions() -> tuple[Condition, ...]:
    return tuple(_record(Condition, c, f"conditions.yaml {c.get('key')}") for c in load("conditions.yaml"))


@cache
def drugs() -> tuple[Drug, ...]:
    return tuple(_record(Drug, d, f"drugs.yaml {d.get('name')}") for d in load("drugs.yaml"))


@cache
def mcqs() -> tuple[Mcq, ...]:
    return tuple(_record(Mcq, item, f"mcqs.yaml {subject}", subject=subject)
                 for subject, items in load("mcqs.yaml").items() for item in items)
