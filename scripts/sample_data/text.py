"""Text measures the generator keeps its promises with: normalisation, n-gram similarity, Latin-script runs.

The sample must plant near duplicates only where it says so, so every record is fingerprinted (character
5-grams and word 3-grams after aggressive normalisation) and admitted only if it is unlike everything
admitted before (`DistinctnessGuard`).  `latin_run` measures residual English inside Arabic answers.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

SIM_LIMIT = 0.5            # unplanted records: Jaccard on char 5-grams and on word 3-grams stays below
QUESTION_SIM_LIMIT = 0.75  # unplanted Arabic questions compared on their own stay below
NEAR_MIN = 0.8             # planted near duplicates: normalised char 5-gram Jaccard at least this

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_TO_ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_TO_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_LATIN_WORD = re.compile(r"^[^\w]*[A-Za-z][A-Za-z0-9'’.\-/]*[^\w]*$")


def full_norm(text: str) -> str:
    """Aggressive normalisation: no diacritics or tatweel, folded alef/ya/ta marbuta, ASCII digits, no punctuation."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _DIACRITICS.sub("", text).translate(_FOLD).translate(_TO_ASCII_DIGITS)
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def char_grams(text: str, n: int = 5) -> frozenset[str]:
    if not text:
        return frozenset()
    return frozenset(text[i:i + n] for i in range(max(len(text) - n + 1, 1)))


def word_grams(text: str, n: int = 3) -> frozenset[str]:
    words = text.split()
    if len(words) < n:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


@dataclass(frozen=True)
class Fingerprint:
    chars: frozenset[str]
    words: frozenset[str]


def fingerprint(text: str) -> Fingerprint:
    norm = full_norm(text)
    return Fingerprint(char_grams(norm), word_grams(norm))


def similarity(a: Fingerprint, b: Fingerprint, floor: float = 0.0) -> float:
    """max(char 5-gram Jaccard, word 3-gram Jaccard); pairs that provably stay below `floor` return 0."""
    best = 0.0
    for x, y in ((a.chars, b.chars), (a.words, b.words)):
        small, large = sorted((len(x), len(y)))
        if not small or small / large < max(floor, best):
            continue  # Jaccard can be at most |small| / |large|
        best = max(best, jaccard(x, y))
    return best


def near_similarity(a: str, b: str) -> float:
    """What a planted near duplicate is measured by: normalised character 5-gram Jaccard, 3 decimals."""
    return round(jaccard(char_grams(full_norm(a)), char_grams(full_norm(b))), 3)


def max_pairwise(items: list[tuple[str, str]]) -> tuple[float, tuple[str, str] | None]:
    """The largest similarity between two of the (label, text) items, and the labels of that pair."""
    fps = [(label, fingerprint(text)) for label, text in items]
    worst, pair = 0.0, None
    for i, (la, fa) in enumerate(fps):
        for lb, fb in fps[i + 1:]:
            s = similarity(fa, fb, floor=worst)
            if s > worst:
                worst, pair = s, (la, lb)
    return worst, pair


def latin_run(text: str) -> int:
    """Longest run of consecutive Latin-script words (residual English shows up as long runs)."""
    best = run = 0
    for token in text.split():
        if _LATIN_WORD.match(token):
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


def ar_digits(value: int | str, rng: random.Random, p: float = 0.55) -> str:
    """A number written with Arabic-Indic digits (٠-٩) with probability p, else with ASCII digits."""
    text = str(value)
    return text.translate(_TO_ARABIC_DIGITS) if rng.random() < p else text


def ar_decimal(text: str, rng: random.Random) -> str:
    """A decimal like 38.5, in Arabic-Indic digits with the Arabic decimal separator half the time."""
    return text.translate(_TO_ARABIC_DIGITS).replace(".", "٫") if rng.random() < 0.5 else text


class DistinctnessGuard:
    """Admits a record only if it is not similar to any record admitted before (same language)."""

    def __init__(self, limit: float):
        self.limit = limit
        self.items: list[Fingerprint] = []

    def check(self, text: str) -> Fingerprint | None:
        """The record's fingerprint if it is distinct from everything admitted so far, else None."""
        fp = fingerprint(text)
        for other in self.items:
            if similarity(fp, other, floor=self.limit) >= self.limit:
                return None
        return fp

    def add(self, fp: Fingerprint) -> None:
        self.items.append(fp)

    def admit(self, text: str) -> bool:
        fp = self.check(text)
        if fp is not None:
            self.add(fp)
        return fp is not None


@dataclass
class Guards:
    """The guards one generation shares across files: records per language, Arabic questions on their own."""

    ar: DistinctnessGuard = field(default_factory=lambda: DistinctnessGuard(SIM_LIMIT))
    en: DistinctnessGuard = field(default_factory=lambda: DistinctnessGuard(SIM_LIMIT))
    ar_questions: DistinctnessGuard = field(default_factory=lambda: DistinctnessGuard(QUESTION_SIM_LIMIT))

    def admit_arabic_qa(self, question: str, answer: str) -> bool:
        """Admit a Q&A pair if its question is unlike earlier questions and the pair unlike earlier records."""
        qfp = self.ar_questions.check(question)
        fp = self.ar.check(question + "\n" + answer) if qfp else None
        if qfp and fp:
            self.ar_questions.add(qfp)
            self.ar.add(fp)
        return bool(qfp and fp)
