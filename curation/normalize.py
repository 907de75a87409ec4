"""Arabic-aware normalisation for matching keys (dedup, decontamination). Stored text is never altered.

Two copies of a question that differ only by a hamza on the alef, a tatweel, diacritics, ta marbuta
written as ha, Arabic-Indic digits, letter case or punctuation are the same question for a model;
keys built here make them compare equal.

The rules exist twice, kept equal by a test: `normalize_expr` is a Polars expression (a million
records normalise in Rust on every core), `normalize_key` is plain Python for one text at a time
inside per-record filters, where calling Polars per string would cost more than the work.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

_FOLDS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef variants -> bare alef
    "ى": "ي",  # alef maqsura -> ya
    "ة": "ه",  # ta marbuta -> ha
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian (Eastern Arabic-Indic) digits
}
# Harakat and other Arabic marks (fathatan .. sukun, maddah and hamza marks, superscript alef,
# Quranic annotation signs) and the tatweel that stretches words.
_MARK_RANGES = "\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_MARKS = r"[\x{064B}-\x{065F}\x{0670}\x{06D6}-\x{06ED}\x{0640}]"


def normalize_expr(text: pl.Expr) -> pl.Expr:
    """NFKC, no Arabic marks, Arabic letter folding, ASCII digits, lower case, punctuation and
    symbols as spaces, whitespace runs folded to one space."""
    return (
        text.str.normalize("NFKC")
        .str.replace_all(_MARKS, "")
        .str.replace_many(list(_FOLDS), list(_FOLDS.values()))
        .str.to_lowercase()
        .str.replace_all(r"[\p{P}\p{S}]+", " ")
        .str.replace_all(r"\s\s+|[^\S ]", " ")  # = r"\s+" -> " ", without a match per single space
        .str.strip_chars()
    )


_PY_MARKS = re.compile(f"[{_MARK_RANGES}]")
_PY_FOLD = str.maketrans(_FOLDS)


class _PunctuationAsSpace(dict):
    """A `str.translate` table sending punctuation and symbols (Unicode categories P*, S*) to a space,
    filled in as characters are met: building it for all 1.1M code points took ~0.5 s of every
    process that imported this module (each build, each curation worker, each command)."""

    def __missing__(self, code: int) -> int:
        self[code] = mapped = 32 if unicodedata.category(chr(code))[0] in "PS" else code
        return mapped


_PY_PUNCT = _PunctuationAsSpace()
_PY_SPACE = re.compile(r"\s+")


def normalize_key(text: str) -> str:
    """The matching key of one text; the same rules as `normalize_expr`."""
    text = _PY_MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_PY_FOLD).lower()
    return _PY_SPACE.sub(" ", text.translate(_PY_PUNCT)).strip()


def key_hash(keys: list[pl.Expr]) -> pl.Expr:
    """The 64-bit hash of matching keys joined (exact dedup compares these): the same in every process."""
    return pl.concat_str(keys, separator="\u0000").hash(seed=2501)


def key_hashes(records: pl.DataFrame, fields: list[str], chunk: int = 100_000) -> pl.Series:
    """A 64-bit hash of each record's normalised `fields` (joined), computed a chunk at a time.

    Dedup only compares keys, so the normalised strings (several copies of the corpus while the
    expression runs) never need to exist for all records at once. 64 bits make a false match
    between two of a million keys about a 1 in 30 million event.
    """
    key = key_hash([normalize_expr(pl.col(f)) for f in fields])
    parts = [records.slice(start, chunk).select(key).to_series() for start in range(0, records.height, chunk)]
    return pl.concat(parts) if parts else pl.Series(dtype=pl.UInt64)
