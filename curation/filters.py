"""Per-record curation filters, as datatrove `BaseFilter`s: each writes signals and decides.

As in datatrove, the base class owns batching, stats and the exclusion writer; each filter writes
one `filter()`. Signals go into `doc.metadata["signals"]` (name -> value) so the catalog can keep
them per record even when the record is kept; a drop returns `(False, reason)`.

Documents carry the record's `prompt`, `response`, `language` and `kind` in their metadata (the
text itself is `prompt + "\\n\\n" + response`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter

from jisr.curation.lid import identify
from jisr.curation.normalize import normalize_key
from jisr.curation.pii import find_pii
from jisr.curation.scripts import script_stats


class RecordFilter(BaseFilter):
    """A datatrove filter with a stable `step` name and the parameters it was built with (for the catalog)."""

    step = "filter"

    def params(self) -> dict[str, Any]:
        return {}

    def signals(self, doc: Document) -> dict[str, Any]:
        """This step's signals on `doc` (kept in `doc.metadata["signals"][step]`)."""
        return doc.metadata.setdefault("signals", {}).setdefault(self.step, {})


class LanguageIdFilter(RecordFilter):
    """fastText language ID on prompt and response separately, plus the Arabic-script share.

    Drops a record whose response is confidently in another language than the record says
    (`wrong_language`; only for answers of `min_words` words or more, since fastText guesses on a
    word or two, and a one-word answer to "translate X" is fine), and an Arabic record whose response keeps English phrases
    (`residual_english`: a run of `max_latin_run` or more Latin-script words, or more than
    `max_latin_share` of its words in Latin script).
    """

    name = "🌐 language id"
    step = "language_id"

    def __init__(self, min_confidence: float = 0.65, min_words: int = 4, max_latin_run: int = 4,
                 max_latin_share: float = 0.25, **kwargs: Any):
        super().__init__(**kwargs)
        self.min_confidence = min_confidence
        self.min_words = min_words
        self.max_latin_run = max_latin_run
        self.max_latin_share = max_latin_share

    def params(self) -> dict[str, Any]:
        return {"min_confidence": self.min_confidence, "min_words": self.min_words, "max_latin_run": self.max_latin_run,
                "max_latin_share": self.max_latin_share}

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        meta = doc.metadata
        signals = self.signals(doc)
        prompt_lang, prompt_score = identify(meta["prompt"])
        response_lang, response_score = identify(meta["response"])
        stats = script_stats(meta["response"])
        signals.update({
            "prompt_lang": prompt_lang, "prompt_lang_score": round(prompt_score, 4),
            "response_lang": response_lang, "response_lang_score": round(response_score, 4),
            "arabic_letter_share": round(stats.arabic_letter_share, 4),
            "latin_word_share": round(stats.latin_word_share, 4), "longest_latin_run": stats.longest_latin_run,
        })
        language = meta["language"]
        long_enough = len(meta["response"].split()) >= self.min_words
        if (meta["kind"] != "mcq" and long_enough and response_lang not in (language, "und")
                and response_score >= self.min_confidence):
            return False, "wrong_language"
        if language == "ar" and (stats.longest_latin_run >= self.max_latin_run
                                 or stats.latin_word_share > self.max_latin_share):
            return False, "residual_english"
        return True


# Answers that only tell the asker to see someone are not answers (checked on normalised text).
BOILERPLATE = tuple(normalize_key(p) for p in (
    "please consult a doctor", "please consult your doctor", "consult a doctor", "see a doctor",
    "consult your physician", "i am not a doctor", "i cannot give medical advice",
    "استشر طبيبك", "استشيري طبيبك", "راجع الطبيب", "راجعي الطبيب", "يرجى مراجعة الطبيب", "يجب مراجعة الطبيب",
    "الله أعلم", "والله أعلم", "لا أعرف", "الرجاء استشارة الطبيب", "ننصح بمراجعة الطبيب",
))
_LINES = re.compile(r"\n+")
_SYMBOL = re.compile(r"[^\w\s]|_")


class QualityFilter(RecordFilter):
    """Rules fit for Q&A data (not web pages): each drop reason is one rule.

    - `short_answer`: fewer than `min_answer_words` words in a qa/chat answer;
    - `answer_repeats_question`: the answer equals the question after normalisation;
    - `boilerplate_answer`: nothing left of the answer once stock phrases ("please consult a doctor") go;
    - `repeated_lines`: more than `max_duplicate_line_share` of an answer's lines are repeats;
    - `repeated_ngrams`: the most frequent word 3-gram covers more than `max_top_trigram_share` of a long answer;
    - `symbol_ratio`: more than `max_symbol_share` of the answer's characters are not letters, digits or spaces.
    """

    name = "🧹 quality"
    step = "quality"

    def __init__(self, min_answer_words: int = 2, max_duplicate_line_share: float = 0.3,
                 max_top_trigram_share: float = 0.2, max_symbol_share: float = 0.3, **kwargs: Any):
        super().__init__(**kwargs)
        self.min_answer_words = min_answer_words
        self.max_duplicate_line_share = max_duplicate_line_share
        self.max_top_trigram_share = max_top_trigram_share
        self.max_symbol_share = max_symbol_share

    def params(self) -> dict[str, Any]:
        return {"min_answer_words": self.min_answer_words, "max_duplicate_line_share": self.max_duplicate_line_share,
                "max_top_trigram_share": self.max_top_trigram_share, "max_symbol_share": self.max_symbol_share}

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        meta = doc.metadata
        response = meta["response"]
        key = normalize_key(response)
        words = key.split()
        lines = [line.strip() for line in _LINES.split(response) if line.strip()]
        duplicate_lines = 1 - len(set(lines)) / len(lines) if lines else 0.0
        trigrams = Counter(zip(words, words[1:], words[2:]))
        top_trigram = (max(trigrams.values()) * 3 / len(words)) if trigrams else 0.0
        symbol_share = len(_SYMBOL.findall(response)) / len(response) if response else 0.0
        remainder = key
        for phrase in BOILERPLATE:
            remainder = remainder.replace(phrase, " ")
        self.signals(doc).update({
            "answer_words": len(words), "duplicate_line_share": round(duplicate_lines, 4),
            "top_trigram_share": round(top_trigram, 4), "symbol_share": round(symbol_share, 4),
        })
        if meta["kind"] in ("qa", "chat") and len(words) < self.min_answer_words:
            return False, "short_answer"
        if key and key == normalize_key(meta["prompt"]):
            return False, "answer_repeats_question"
        if remainder != key and len(remainder.split()) < 2:
            return False, "boilerplate_answer"
        if len(lines) >= 3 and duplicate_lines > self.max_duplicate_line_share:
            return False, "repeated_lines"
        if len(words) >= 20 and top_trigram > self.max_top_trigram_share:
            return False, "repeated_ngrams"
        if symbol_share > self.max_symbol_share:
            return False, "symbol_ratio"
        return True


class PiiFilter(RecordFilter):
    """Flags e-mail addresses, phone numbers and national-ID-like numbers in prompt and response
    (signals `pii_email`, `pii_phone`, `pii_national_id`); with `action: drop`, drops such records (`pii`).

    Records are immutable, so redaction in place is not offered: drop them, or flag them and let
    mix recipes exclude them (`record_id NOT IN (SELECT record_id FROM signals WHERE name LIKE 'pii_%')`).
    """

    name = "🔒 pii"
    step = "pii"

    def __init__(self, action: str = "flag", **kwargs: Any):
        super().__init__(**kwargs)
        if action not in ("flag", "drop"):
            raise ValueError(f"action must be 'flag' or 'drop', not {action!r}")
        self.action = action

    def params(self) -> dict[str, Any]:
        return {"action": self.action}

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        found = find_pii(doc.metadata["prompt"] + "\n" + doc.metadata["response"])
        self.signals(doc).update({f"pii_{kind}": count for kind, count in found.items()})
        if found and self.action == "drop":
            return False, "pii"
        return True


FILTERS: dict[str, type[RecordFilter]] = {cls.step: cls for cls in (LanguageIdFilter, QualityFilter, PiiFilter)}
