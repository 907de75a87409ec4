"""Small edits that turn a copy of a record into a planted near duplicate, and residual English injection.

Each edit takes a text and the file's random generator and returns the edited text, or None where it
does not apply (no word long enough, no space ...); the planter then tries another row.
"""

from __future__ import annotations

import random
import re

from . import banks
from .rows import Edit

_AR_WORD = re.compile(r"[\u0621-\u064a]{4,}")
_NON_JOINING = set("اأإآءدذرزوؤةى")


def _edit_diacritic(text: str, rng: random.Random) -> str | None:
    words = list(_AR_WORD.finditer(text))
    if not words:
        return None
    m = rng.choice(words)
    pos = m.start() + 2
    return text[:pos] + rng.choice(["َ", "ّ", "ُ"]) + text[pos:]


def _edit_regex(pattern: str, replacement: str) -> Edit:
    def edit(text: str, rng: random.Random) -> str | None:
        hits = list(re.finditer(pattern, text))
        if not hits:
            return None
        m = rng.choice(hits)
        return text[:m.start()] + replacement + text[m.end():]
    return edit


def _edit_tatweel(text: str, rng: random.Random) -> str | None:
    spots = [m.start() + j for m in _AR_WORD.finditer(text) for j in range(1, len(m.group()) - 1)
             if text[m.start() + j - 1] not in _NON_JOINING and text[m.start() + j - 1] != "ـ"]
    if not spots:
        return None
    pos = rng.choice(spots)
    return text[:pos] + "ـ" + text[pos:]


def _edit_punctuation(text: str, rng: random.Random) -> str | None:
    if text.endswith("؟"):
        return text + rng.choice(["؟", "!", "!!"])
    if text.endswith("."):
        return text[:-1] + rng.choice(["..", "!", " ."])
    return text + rng.choice(["؟", "."])


def _edit_whitespace(text: str, rng: random.Random) -> str | None:
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces:
        return None
    i = rng.choice(spaces)
    return text[:i] + "  " + text[i + 1:]


def _edit_synonym(text: str, rng: random.Random) -> str | None:
    pairs = list(banks.load("planted_defects.yaml")["synonyms"])
    rng.shuffle(pairs)
    for word, synonym in pairs:
        hits = list(re.finditer(rf"(?<![\u0621-\u064a]){re.escape(word)}(?![\u0621-\u064a])", text))
        if hits:
            m = rng.choice(hits)
            return text[:m.start()] + synonym + text[m.end():]
    return None


def _edit_en_case(text: str, rng: random.Random) -> str | None:
    lowered = text.lower()
    return lowered if lowered != text else None


def _edit_en_punctuation(text: str, rng: random.Random) -> str | None:
    if text.endswith("?"):
        return text + "?"
    if text.endswith("."):
        return text[:-1]
    return text + "."


AR_EDITS: dict[str, Edit] = {
    "diacritic": _edit_diacritic,
    "hamza": _edit_regex(r"(?<![\u0621-\u064a])[أإ]", "ا"),
    "ta_marbuta": _edit_regex(r"ة(?![\u0621-\u064a])", "ه"),
    "alef_maqsura": _edit_regex(r"ى(?![\u0621-\u064a])", "ي"),
    "tatweel": _edit_tatweel,
    "punctuation": _edit_punctuation,
    "whitespace": _edit_whitespace,
    "synonym": _edit_synonym,
}
EN_EDITS: dict[str, Edit] = {
    "case": _edit_en_case, "punctuation": _edit_en_punctuation, "whitespace": _edit_whitespace,
}


def inject_english(answer: str, phrase: str, rng: random.Random) -> str:
    """Plant a whole English sentence or clause inside an Arabic answer."""
    style = rng.choice(["append", "middle", "clause"])
    if style == "middle":
        cut = answer.find(". ")
        if cut > 0:
            return answer[:cut + 1] + " " + phrase + answer[cut + 1:]
    if style == "clause":
        return answer.rstrip(".") + "، " + phrase[0].lower() + phrase[1:]
    return answer + " " + phrase
