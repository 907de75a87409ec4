"""Arabic-aware normalisation for matching keys (dedup, decontamination). Stored text is never altered.

Two copies of a question that differ only by a hamza on the alef, a tatweel, diacritics, ta marbuta
written as ha, Arabic-Indic digits or punctuation are the same question for a model; keys built here
make them compare equal.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef variants -> bare alef
        "ى": "ي",  # alef maqsura -> ya
        "ة": "ه",  # ta marbuta -> ha
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian (Eastern Arabic-Indic) digits
    }
)
# Harakat and other Arabic marks (fathatan .. sukun, maddah, hamza marks, superscript alef, Quranic
# annotation signs) and the tatweel used to stretch words.
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_SPACE = re.compile(r"\s+")


def _is_punctuation_or_symbol(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def normalize_key(text: str) -> str:
    """The matching key of a text: NFKC, Arabic letter folding, no marks, ASCII digits, no punctuation."""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKS.sub("", text).translate(_FOLD).casefold()
    text = "".join(" " if _is_punctuation_or_symbol(ch) else ch for ch in text)
    return _SPACE.sub(" ", text).strip()
