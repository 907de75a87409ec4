"""Per-record curation filters, as datatrove `BaseFilter`s: each measures signals and decides.

The base class (`RecordFilter`, curation/base.py) owns the stats and writes what a filter drops; a
filter is a dataclass whose fields are its parameters, and writes two methods:
`measure` computes its signals for a whole batch at once with Polars expressions (string work in
Rust rather than a Python loop per record, which is what bounds throughput at the paper's ~1M
records), and `decide` turns one record's signals into keep or `(False, reason)`.
Signals are kept per step, so the catalog keeps them for kept records too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import polars as pl

from jisr.curation.base import STEPS, RecordFilter
from jisr.curation.lid import fold, identify_variety
from jisr.curation.frames import normalised
from jisr.curation.normalize import normalize_key
from jisr.curation.pii import PATTERNS, find_pii
from jisr.curation.scripts import script_signals


@STEPS.register("language_id")
@dataclass(eq=False, repr=False)  # datatrove's own repr names the step in its stats
class LanguageIdFilter(RecordFilter):
    """fastText language ID on prompt and response separately, plus the Arabic-script share.

    Every Arabic variety the model names counts as Arabic (curation/lid.py): `response_lang` is the
    language (`ar`), `response_variety` and `response_variety_score` what the model said (`arz`,
    0.82), so an Egyptian answer is kept and the catalog can still break Arabic down by variety.

    Drops a record whose response is confidently in another language than the record says
    (`wrong_language`; only for answers of `min_words` words or more, since fastText guesses on a
    word or two, and a one-word answer to "translate X" is fine), and an Arabic record whose
    response keeps English phrases (`residual_english`: a run of `max_latin_run` or more
    Latin-script words, or more than `max_latin_share` of its words in Latin script).
    """

    name = "🌐 language id"
    min_confidence: float = 0.65
    min_words: int = 4
    max_latin_run: int = 4
    max_latin_share: float = 0.25

    def measure(self, records: pl.DataFrame) -> pl.DataFrame:
        columns: dict[str, pl.Series] = {}
        for field in ("prompt", "response"):
            found = [identify_variety(t) for t in records[field]]
            columns[f"{field}_lang"] = pl.Series([f[0] for f in found], dtype=pl.String)
            columns[f"{field}_lang_score"] = pl.Series([round(f[1], 4) for f in found], dtype=pl.Float64)
            columns[f"{field}_variety"] = pl.Series([f[2] for f in found], dtype=pl.String)
            columns[f"{field}_variety_score"] = pl.Series([round(f[3], 4) for f in found], dtype=pl.Float64)
        return records.select(script_signals(pl.col("response")).struct.unnest()).with_columns(**columns)

    def decide(self, record: dict[str, Any], signals: dict[str, Any]) -> bool | tuple[bool, str]:
        language = fold(record["language"])
        if (record["kind"] != "mcq" and signals["words"] >= self.min_words
                and signals["response_lang"] not in (language, "und")
                and signals["response_lang_score"] >= self.min_confidence):
            return False, "wrong_language"
        if language == "ar" and (signals["longest_latin_run"] >= self.max_latin_run
                                 or signals["latin_word_share"] > self.max_latin_share):
            return False, "residual_english"
        return True


# Answers that only tell the asker to see someone are not answers (matched on normalised text).
BOILERPLATE = tuple(normalize_key(p) for p in (
    "please consult a doctor", "please consult your doctor", "consult a doctor", "see a doctor",
    "consult your physician", "i am not a doctor", "i cannot give medical advice",
    "استشر طبيبك", "استشيري طبيبك", "راجع الطبيب", "راجعي الطبيب", "يرجى مراجعة الطبيب", "يجب مراجعة الطبيب",
    "الله أعلم", "والله أعلم", "لا أعرف", "الرجاء استشارة الطبيب", "ننصح بمراجعة الطبيب",
))


def top_trigram_counts(keys: pl.Series) -> np.ndarray:
    """Per text, how often its most frequent word 3-gram occurs.

    Words are hashed by Polars and 3-grams combined and counted in numpy (sort, then run lengths):
    a group-by over exploded strings cost ~150 us per 700-character record, this ~15 us. A 3-gram
    is a 44-bit hash within its row, so two different 3-grams of one answer collide about once in
    10^13 pairs.
    """
    words = keys.str.split(" ")
    lengths = words.list.len().to_numpy().astype(np.int64)
    hashes = words.explode().hash(seed=2501).to_numpy()
    rows = np.repeat(np.arange(len(keys), dtype=np.uint64), lengths)
    top = np.zeros(len(keys), dtype=np.int64)
    if hashes.size < 3:
        return top
    with np.errstate(over="ignore"):
        trigrams = hashes[:-2] * np.uint64(0x9E3779B97F4A7C15) + hashes[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F) + hashes[2:]
    within = rows[:-2] == rows[2:]
    keyed = np.sort((rows[:-2][within] << np.uint64(44)) | (trigrams[within] >> np.uint64(20)))
    if keyed.size == 0:
        return top
    starts = np.flatnonzero(np.r_[True, keyed[1:] != keyed[:-1]])
    runs = np.diff(np.r_[starts, keyed.size])
    np.maximum.at(top, (keyed[starts] >> np.uint64(44)).astype(np.int64), runs)
    return top


@STEPS.register("quality")
@dataclass(eq=False, repr=False)
class QualityFilter(RecordFilter):
    """Rules fit for Q&A data (not web pages): each drop reason is one rule.

    - `short_answer`: fewer than `min_answer_words` words in a qa/chat answer;
    - `answer_repeats_question`: the answer equals the question after normalisation;
    - `boilerplate_answer`: nothing left of the answer once stock phrases ("please consult a doctor") go;
    - `repeated_lines`: more than `max_duplicate_line_share` of an answer's lines are repeats;
    - `repeated_ngrams`: in an answer of 50+ words, a word 3-gram seen 3+ times covers more than
      `max_top_trigram_share` of it (shorter answers legitimately repeat a term of the question);
    - `symbol_ratio`: in an answer of 30+ characters, more than `max_symbol_share` of the characters
      are not letters, digits or spaces ("B. 9%" is a fine answer).
    """

    name = "🧹 quality"
    min_answer_words: int = 2
    max_duplicate_line_share: float = 0.3
    max_top_trigram_share: float = 0.2
    max_symbol_share: float = 0.3

    def measure(self, records: pl.DataFrame) -> pl.DataFrame:
        # Each intermediate is computed once and reused (eager Polars does not share subexpressions).
        keyed = records.select("response", key=normalised(records, "response"), prompt_key=normalised(records, "prompt"))
        keyed = keyed.with_columns(
            remainder=pl.col("key").str.replace_many(list(BOILERPLATE), [" "] * len(BOILERPLATE)),
            lines=pl.col("response").str.split("\n").list.eval(
                pl.element().str.strip_chars().filter(pl.element() != "")),
            top_trigram=pl.Series(top_trigram_counts(keyed["key"]), dtype=pl.Int64),
            n_words=pl.when(pl.col("key") == "").then(0).otherwise(pl.col("key").str.count_matches(" ", literal=True) + 1),
        )
        n_words, lines = pl.col("n_words"), pl.col("lines")
        return keyed.select(
            answer_words=n_words,
            line_count=lines.list.len(),
            duplicate_line_share=(1 - lines.list.n_unique() / lines.list.len()).fill_nan(0.0).round(4),
            top_trigram="top_trigram",
            top_trigram_share=(pl.col("top_trigram") * 3 / n_words).fill_nan(0.0).round(4),
            symbol_share=(pl.col("response").str.count_matches(r"[^\w\s]|_") / pl.col("response").str.len_chars())
            .fill_nan(0.0).round(4),
            repeats_question=(pl.col("key") != "") & (pl.col("key") == pl.col("prompt_key")),
            boilerplate=(pl.col("remainder") != pl.col("key")) & (pl.col("remainder").str.count_matches(r"\S+") < 2),
        )

    def decide(self, record: dict[str, Any], signals: dict[str, Any]) -> bool | tuple[bool, str]:
        words = signals["answer_words"]
        if record["kind"] in ("qa", "chat") and words < self.min_answer_words:
            return False, "short_answer"
        if signals.pop("repeats_question"):
            return False, "answer_repeats_question"
        if signals.pop("boilerplate"):
            return False, "boilerplate_answer"
        if signals.pop("line_count") >= 3 and signals["duplicate_line_share"] > self.max_duplicate_line_share:
            return False, "repeated_lines"
        if (words >= 50 and signals["top_trigram"] >= 3
                and signals["top_trigram_share"] > self.max_top_trigram_share):
            return False, "repeated_ngrams"
        if len(record["response"]) >= 30 and signals["symbol_share"] > self.max_symbol_share:
            return False, "symbol_ratio"
        return True


@STEPS.register("pii")
@dataclass(eq=False, repr=False)
class PiiFilter(RecordFilter):
    """Flags e-mail addresses, phone numbers and national-ID-like numbers in prompt and response
    (signals `pii_email`, `pii_phone`, `pii_national_id`); with `action: drop`, drops such records (`pii`).

    Records are immutable, so redaction in place is not offered: drop them, or flag them and let
    mix recipes exclude them (`record_id NOT IN (SELECT record_id FROM signals WHERE name LIKE 'pii_%')`).
    Only texts with an '@' or 8+ digits reach the (Python) patterns; the rest cannot match.
    """

    name = "🔒 pii"
    action: Literal["flag", "drop"] = "flag"

    def measure(self, records: pl.DataFrame) -> pl.DataFrame:
        text = pl.concat_str([pl.col("prompt"), pl.col("response")], separator="\n")
        candidate = records.select(text.str.contains("@") | (text.str.count_matches(r"[0-9\x{0660}-\x{0669}\x{06F0}-\x{06F9}]") >= 8))
        found = [find_pii(p + "\n" + r) if c else {} for p, r, c in
                 zip(records["prompt"], records["response"], candidate.to_series())]
        return pl.DataFrame({f"pii_{kind}": [f.get(kind) for f in found] for kind in PATTERNS},
                            schema={f"pii_{kind}": pl.Int64 for kind in PATTERNS})

    def decide(self, record: dict[str, Any], signals: dict[str, Any]) -> bool | tuple[bool, str]:
        if signals and self.action == "drop":
            return False, "pii"
        return True

