"""Arabic-aware normalisation for matching keys (dedup, decontamination). Stored text is never altered.

Two copies of a question that differ only by a hamza on the alef, a tatweel, diacritics, ta marbuta
written as ha, Arabic-Indic digits, letter case or punctuation are the same question for a model;
keys built here make them compare equal.

The rules are one Polars expression, so a million records normalise in Rust on every core instead
of a Python loop per character; `normalize_key` applies the same expression to one string.
"""

from __future__ import annotations

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
_MARKS = r"[\x{064B}-\x{065F}\x{0670}\x{06D6}-\x{06ED}\x{0640}]"


def normalize_expr(text: pl.Expr) -> pl.Expr:
    """NFKC, Arabic letter folding, no marks, ASCII digits, lower case, punctuation and symbols as
    spaces, whitespace runs folded to one space."""
    return (
        text.str.normalize("NFKC")
        .str.replace_all(_MARKS, "")
        .str.replace_many(list(_FOLDS), list(_FOLDS.values()))
        .str.to_lowercase()
        .str.replace_all(r"[\p{P}\p{S}]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def normalize_key(text: str) -> str:
    """The matching key of one text (see `normalize_expr`)."""
    return pl.select(normalize_expr(pl.lit(text, dtype=pl.String))).item()
