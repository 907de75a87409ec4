"""Script statistics of a text: how much is Arabic, and how much English is left inside Arabic.

The paper dropped ~10% of machine-translated Arabic records for residual English. A drug name or a
unit in Latin script ("HbA1c", "mg") is normal in Arabic medical text; whole English phrases are not,
so the rule looks at runs of consecutive Latin-script words as well as their share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class ScriptStats:
    arabic_letter_share: float  # Arabic letters / all letters
    latin_word_share: float  # Latin-script words / all words
    longest_latin_run: int  # most consecutive Latin-script words


def script_stats(text: str) -> ScriptStats:
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    words = _WORD.findall(text)
    longest = run = latin_words = 0
    for word in words:
        if _LATIN_LETTER.match(word):
            latin_words += 1
            run += 1
            longest = max(longest, run)
        else:
            run = 0
    letters = arabic + latin
    return ScriptStats(arabic / letters if letters else 0.0, latin_words / len(words) if words else 0.0, longest)
