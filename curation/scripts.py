"""Script statistics of a text: how much is Arabic, and how much English is left inside Arabic.

The paper dropped ~10% of machine-translated Arabic records for residual English. A drug name or a
unit in Latin script ("HbA1c", "mg") is normal in Arabic medical text; whole English phrases are not,
so the rule looks at runs of consecutive Latin-script words as well as their share.
"""

from __future__ import annotations

import polars as pl

_ARABIC_LETTER = r"[\x{0621}-\x{064A}\x{0671}-\x{06D3}\x{06FA}-\x{06FF}\x{0750}-\x{077F}\x{08A0}-\x{08FF}]"
# Latin letters, leaving out the multiplication and division signs (U+00D7, U+00F7) in Latin-1.
_LATIN_LETTER = r"[A-Za-z\x{00C0}-\x{00D6}\x{00D8}-\x{00F6}\x{00F8}-\x{024F}]"
_WORD_CHARS = r"[^\W\d_]"


def script_signals(text: pl.Expr) -> pl.Expr:
    """A struct of `words`, `arabic_letter_share` (Arabic letters / letters), `latin_word_share`
    (Latin-script words / words) and `longest_latin_run` (most consecutive Latin-script words).

    One struct from one batch function, because each intermediate (the per-word marks, the letter
    counts) feeds several signals: as separate expressions, eager Polars recomputes every regex pass
    per signal (measured 137 us per 700-character record against 23 us staged).
    """
    return text.map_batches(_script_struct, return_dtype=SCRIPT_STRUCT, is_elementwise=True)


SCRIPT_STRUCT = pl.Struct({"words": pl.UInt32, "arabic_letter_share": pl.Float64, "latin_word_share": pl.Float64,
                           "longest_latin_run": pl.UInt32})


def _script_struct(texts: pl.Series) -> pl.Series:
    text = pl.col("text")
    # One character per word: L for a word that starts in Latin script, o for any other word, so a
    # run of L is a run of English words. (Latin words go first, so the o-pass never meets Latin.)
    marks = (text.str.replace_all(_LATIN_LETTER + _WORD_CHARS + "*", "L")
             .str.replace_all(r"[^\W\d_L]+", "o")
             .str.replace_all(r"[^Lo]", ""))
    staged = pl.DataFrame({"text": texts}).select(
        arabic=text.str.count_matches(_ARABIC_LETTER), latin=text.str.count_matches(_LATIN_LETTER), marks=marks)
    words = pl.col("marks").str.len_chars()
    return staged.select(
        words=words,
        arabic_letter_share=(pl.col("arabic") / (pl.col("arabic") + pl.col("latin"))).fill_nan(0.0).round(4),
        latin_word_share=(pl.col("marks").str.count_matches("L", literal=True) / words).fill_nan(0.0).round(4),
        longest_latin_run=pl.col("marks").str.extract_all("L+").list.eval(pl.element().str.len_chars()).list.max()
        .fill_null(0),
    ).cast(dict(SCRIPT_STRUCT.to_schema())).to_struct(texts.name)
