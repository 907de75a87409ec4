"""Counts summed per word from the cache equal tiktoken's count of each whole text, on the bundled
sample and on generated text built to sit where a cut could go wrong."""

import csv
import json
import random
import unicodedata
from pathlib import Path

import polars as pl
import pytest

from jisr.curation.token_cache import UNCUTTABLE, WordCountCache
from jisr.curation.tokens import build_encoding, get_counter

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample"

# Words to glue into texts: Arabic (with diacritics, tatweel, Arabic-Indic digits, presentation
# forms), emoji sequences, long numbers, contractions and punctuation that the split patterns treat
# specially, control and format characters that are no whitespace to the patterns (ZWSP, U+001C).
WORDS = [
    "الديناميكية", "للميتفورمين", "يُعَدُّ", "السُّكَّرِيِّ", "الطـــب", "ﻻ", "ﷺ", "١٢٠/٨٠", "٣٨٫٥", "۱۲۳۴۵",
    "Hello", "world", "HbA1c", "≥", "6.5%", "mg/dL", "(2.6", "mmol/L).", "It's", "patient's", "they'll", "DON'T",
    "'s", "'ll", "'re", "'", "s", "ll", "?", "!!", "...", "،", "؟", "-", "--", "LDL-C", "e.g.", "x-ray",
    "1234567", "12345678901234567890", "3.14159", "１０", "２０", "0x1F", "٠٠٧",
    "🤒", "😷", "👩‍⚕️🩺", "❤️", "🇸🇦", "👍🏽",
    "cafe\u0301", "Zu\u0308rich", "شد\u0651\u064eة", "و\u0627\u0654سرة",
    "\u200fكلمة\u200cكلمة\u200e", "a\u200bb", "\u200b", "x\u00ady", "\x1c", "a\x1c", "tab\there", "line\nbreak",
    "cr\r\nlf", "a\n\nb",
]
SPACES = ["\n\n", "\u00a0", "\u2009", "\u3000", "\u2028", "\x85", "\t", "\n", "\r\n", "  ", "   ", ""]


def generated_texts(count: int, seed: int) -> list[str]:
    """Texts of 1-40 fragments: half of them words joined by single spaces (the cache cuts them at every
    space), half words and whitespace joined by any whitespace, with whitespace at either end."""
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        if i % 2:
            texts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 40))))
            continue
        glue = [rng.choice([" "] * 8 + ["", "  ", "\n", " \n", "\n ", "\t", "\u00a0", " \u00a0"])
                for _ in range(rng.randint(1, 40))]
        body = "".join(rng.choice(WORDS + SPACES) + g for g in glue).rstrip()
        ending = rng.choice(["", " ", "\t ", "\u00a0 ", "\u3000 ", "\n "])
        texts.append(rng.choice(["", " ", "  ", "\n "]) + body + ending)
    return texts


def sample_texts() -> list[str]:
    """Every string field of every bundled sample file (and its broken lines as they are)."""
    texts: list[str] = []

    def strings(value) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                strings(v)
        elif isinstance(value, list):
            for v in value:
                strings(v)

    for path in sorted(SAMPLE.iterdir()):
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    strings(json.loads(line))
                except json.JSONDecodeError:  # the sample plants broken rows: the raw line is text too
                    strings(line)
        elif path.suffix == ".csv":
            with open(path, encoding="utf-8", newline="") as file:
                strings([row for row in csv.reader(file)])
        elif path.suffix == ".parquet":
            frame = pl.read_parquet(path)
            strings([frame[c].drop_nulls().to_list() for c, t in frame.schema.items() if t == pl.String])
    return texts


@pytest.fixture(scope="module", params=["llama3", "qwen2.5"])
def tokenizer(request):
    """(name, a function giving tiktoken's plain count of each whole text, NFC-normalised for Qwen)."""
    encoding = build_encoding(request.param)
    normalise = (lambda t: unicodedata.normalize("NFC", t)) if request.param == "qwen2.5" else (lambda t: t)
    return request.param, lambda texts: [len(encoding.encode_ordinary(normalise(t))) for t in texts]


def test_generated_text_counts_as_whole_texts(tokenizer):
    name, plain = tokenizer
    texts = generated_texts(4000, seed=16)
    cut = pl.Series(texts).filter(pl.Series(texts).str.contains(" ", literal=True)
                                  & ~pl.Series(texts).str.contains(UNCUTTABLE))
    assert len(cut) > 1000  # most texts really go through the per-word sums, not the whole-text fallback
    assert get_counter(name).count(texts) == plain(texts)


def test_sample_counts_as_whole_texts(tokenizer):
    name, plain = tokenizer
    texts = sample_texts()
    assert len(texts) > 2000 and any("\n" in t for t in texts) and any(" " in t for t in texts)
    assert get_counter(name).count(texts) == plain(texts)


def test_cache_is_bounded_and_exact_when_full(tokenizer):
    name, plain = tokenizer
    texts = [unicodedata.normalize("NFC", t) for t in generated_texts(1500, seed=7)]
    encoding = build_encoding(name)
    asked: list[str] = []

    def count(batch: list[str]) -> list[int]:
        asked.extend(batch)
        return [len(encoding.encode_ordinary(t)) for t in batch]

    cache = WordCountCache(count, max_words=50, max_chars=12, batch=256)
    assert cache.count(pl.Series(texts)) == plain(texts)
    assert len(cache) == 50
    assert cache.count(pl.Series(texts)) == plain(texts)

    roomy = WordCountCache(count, max_chars=12)
    roomy.count(pl.Series(texts))
    asked.clear()
    assert roomy.count(pl.Series(texts)) == plain(texts)
    uncut = set(pl.Series(texts).filter(pl.Series(texts).str.contains(UNCUTTABLE)).to_list())
    again = [t for t in asked if t not in uncut]
    assert again and all(len(t.removeprefix(" ")) > 12 for t in again)  # long words are not kept, short ones are


def test_lone_surrogate_counts_as_tiktoken_counts_it(tokenizer):
    """Arrow cannot hold a lone surrogate; such a batch is counted whole, as tiktoken counts it (replaced)."""
    name, plain = tokenizer
    texts = ["a\ud800b and more", "Hello world"]
    assert get_counter(name).count(texts) == plain(texts) == plain(["a\ufffdb and more", "Hello world"])
