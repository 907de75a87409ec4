"""The template language of the content banks (banks/*.yaml): resolving it, and checking what a field may use.

Banks are prose with a few marks, documented for bank authors in banks/README.md:

* ``[a|b|c]``      one alternative, drawn at random (AHQAD question stems and answer sentences);
* ``{g:m/f}``      the masculine or feminine form, after the persona's sex (AHQAD questions and extras);
* ``{R:a-b}``      an integer, ``{F:a-b}`` a decimal, ``{T:a-b}`` a temperature in °C and °F (vignettes);
* ``{n:a-b}``      an integer in Arabic or ASCII digits (durations);
* ``{name}``       a value named by the field's dialect (``{dur}``, ``{he}``, ``{lay}`` ...).

Each templated field has a `Dialect`; `problems` reports a mark the dialect does not know (a typo such as
``{dru}`` would otherwise crash the generator or, worse, reach the sample as literal text).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .text import ar_digits

_ALTERNATIVES = re.compile(r"\[([^\[\]]+)\]")
_GENDERED = re.compile(r"\{g:([^/{}]+)/([^{}]+)\}")
_RANGE = re.compile(r"\{([A-Za-z]):([\d.]+)-([\d.]+)\}")
_TOKEN = re.compile(r"\{([^{}]*)\}")
_PRONOUNS = {"he": ("he", "she"), "He": ("He", "She"), "his": ("his", "her"), "His": ("His", "Her"),
             "him": ("him", "her")}


def pick_alternatives(text: str, rng: random.Random) -> str:
    """Resolve inline alternatives written as [a|b|c]."""
    return _ALTERNATIVES.sub(lambda m: rng.choice(m.group(1).split("|")), text)


def pick_gendered(text: str, sex: str) -> str:
    """Resolve {g:masculine/feminine} for a persona of sex "M" or "F"."""
    return _GENDERED.sub(lambda m: m.group(1) if sex == "M" else m.group(2), text)


def fill_counts(text: str, rng: random.Random) -> str:
    """Resolve {n:a-b}: an integer from a to b, in Arabic-Indic digits about half the time."""
    return _RANGE.sub(lambda m: ar_digits(rng.randint(int(m.group(2)), int(m.group(3))), rng), text)


def fill_vignette(text: str, rng: random.Random, sex: str) -> str:
    """Resolve {R:a-b} / {F:a-b} / {T:a-b} number slots, then the pronoun slots {he} {He} {his} {His} {him}."""
    def number(m: re.Match[str]) -> str:
        kind, lo, hi = m.group(1), m.group(2), m.group(3)
        if kind == "R":
            return str(rng.randint(int(lo), int(hi)))
        if kind == "F":
            decimals = len(lo.split(".")[1]) if "." in lo else 1
            return f"{rng.uniform(float(lo), float(hi)):.{decimals}f}"
        celsius = round(rng.uniform(float(lo), float(hi)), 1)
        return f"{celsius:.1f}°C ({celsius * 9 / 5 + 32:.1f}°F)"
    text = _RANGE.sub(number, text)
    for slot, (male, female) in _PRONOUNS.items():
        text = text.replace("{" + slot + "}", male if sex == "M" else female)
    return text


@dataclass(frozen=True)
class Dialect:
    """What one kind of bank field may contain; `names` are the {name} placeholders it fills."""

    names: frozenset[str] = frozenset()
    alternatives: bool = False                 # [a|b]; False: a [a|b] is reported, unless brackets are literal
    literal_brackets: bool = False             # brackets are text of their own (Markdown, JSON examples)
    gendered: bool = False                     # {g:m/f}
    ranges: str = ""                           # letters X allowed in {X:a-b}
    needs: tuple[frozenset[str], str] | None = None  # these names are only filled when that one is present
    formatted: bool = False                    # filled by str.format: {{ and }} stand for literal braces

    def allowed(self) -> str:
        marks = [f"{{{n}}}" for n in sorted(self.names)] + [f"{{{x}:a-b}}" for x in self.ranges]
        marks += ["{g:m/f}"] if self.gendered else []
        marks += ["[a|b]"] if self.alternatives else []
        return ", ".join(marks) or "no placeholders"


def dialect(*names: str, **marks: object) -> Dialect:
    """A dialect; one with {name} placeholders is filled by str.format unless it says formatted=False."""
    marks.setdefault("formatted", bool(names))
    return Dialect(frozenset(names), **marks)  # type: ignore[arg-type]


_CHILD = frozenset({"C", "h", "t", "pt", "hu", "CAGE", "MAGE", "kg"})
_MEASURES = ("P", "dur", "bp", "ldl", "temp", "a1c", "fbs", "low", "gw", "oldage", "yrs", "count")

DIALECTS: dict[str, Dialect] = {
    "plain": dialect(),
    "ahqad_question": dialect(*_MEASURES, *_CHILD, alternatives=True, gendered=True, needs=(_CHILD, "C")),
    "ahqad_answer": dialect(alternatives=True),
    "gendered": dialect(gendered=True),
    "persona": dialect("age"),
    "duration": dialect(ranges="n"),
    "vignette": dialect(*_PRONOUNS, ranges="RFT", formatted=False),
    "summary_prompt": dialect("p"),
    "en_ar_prompt": dialect("en"),
    "en_ar_answer": dialect("ar", "en", "plural_part", "example"),
    "en_ar_plural": dialect("plural"),
    "ar_en_prompt": dialect("ar"),
    "ar_en_answer": dialect("ar", "en", "note"),
    "word_prompt": dialect("words"),
    "condition_prompt": dialect("name"),
    "drug_prompt": dialect("name", "cls"),
    "diagnosis_template": dialect("lay"),
    "drug_template": dialect("name", "use"),
    "file_about": dialect("rows", "planted", "n_specialties", "n_topics", "n_stems", "n_alpaca_conditions",
                          "n_conditions", "n_drugs", "n_labs", "n_subjects", "clinic_name", literal_brackets=True),
}


def problems(text: str, kind: Dialect) -> list[str]:
    """What in `text` its dialect does not know: unknown placeholders, lone braces, misplaced alternatives."""
    found: set[str] = set()
    out: list[str] = []
    if kind.formatted:
        text = text.replace("{{", "").replace("}}", "")
    for m in _TOKEN.finditer(text):
        body = m.group(1)
        if kind.gendered and _GENDERED.fullmatch(m.group()):
            continue
        ranged = _RANGE.fullmatch(m.group())
        if ranged and ranged.group(1) in kind.ranges:
            continue
        if body in kind.names:
            found.add(body)
            continue
        out.append(f"unknown placeholder {m.group()} (allowed here: {kind.allowed()})")
    if "{" in _TOKEN.sub("", text) or "}" in _TOKEN.sub("", text):
        out.append("a { or } that opens or closes no placeholder")
    for m in _ALTERNATIVES.finditer(text):
        if kind.alternatives and "|" not in m.group(1):
            out.append(f"{m.group()} is one alternative only (write [a|b], or no brackets)")
        elif not kind.alternatives and not kind.literal_brackets and "|" in m.group(1):
            out.append(f"{m.group()}: [a|b] alternatives are not resolved in this field")
    if kind.needs and found & kind.needs[0] and kind.needs[1] not in found:
        names = ", ".join(f"{{{n}}}" for n in sorted(found & kind.needs[0]))
        out.append(f"{names} only filled in a question that has {{{kind.needs[1]}}}")
    return out
