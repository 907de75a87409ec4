"""Exact token counts from a cache of counts per word: real text repeats its words.

Byte-level BPE (Llama-3, Qwen2.5) splits a text with a regex into pieces and merges each piece on
its own, so a text's count is the sum of its pieces' counts. We cut texts at single spaces, in
Polars (Rust), and count each word once per batch, with a bounded cache across batches; only words
never seen before go through tiktoken.

Why that stays exact: cut at a space followed by a non-whitespace character, every piece of the
text lies wholly on one side, and each side splits alone as it did in the text. In both patterns
(`LLAMA3_PAT`, `QWEN_PAT`) a space sits inside a piece only in a whitespace run; `\\s*[\\r\\n]+` needs a
line break after it, and `\\s+(?!\\S)` gives up the run's last space when a non-space follows, so the
run before the cut ends there (and ends there too when the text stops at the cut). No other
alternative reads past the character before the cut differently whether a space or the end follows
(`\\p{L}+`, `\\p{N}{1,3}`, `[^\\s\\p{L}\\p{N}]+[\\r\\n]*` stop at either, a contraction fails at either),
and the patterns look behind nowhere. So `tokens(w0 + " " + w1 + …) = tokens(w0) + tokens(" " + w1) + …`.
A text with a space before other whitespace or at its end ("a  b", "a \\n", "a\\t ") is counted whole
(tests/test_token_cache.py compares with whole-text counts on tricky text and on the bundled sample).

Memory is bounded: at most `max_words` words are kept (~120 bytes each in Python: 31 MB for 2^18
words of 3-12 Arabic and Latin letters), none longer than `max_chars` (long numbers, URLs and the like
repeat rarely), and a text batch is cut `batch` texts at a time. Once full, the cache keeps what it
has (the words seen first, in real text mostly the frequent ones) and counts new words each time.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import polars as pl

# A space followed by whitespace or ending the text: such a text is not cut.
UNCUTTABLE = r" (?:\s|$)"


class WordCountCache:
    """Token counts of texts summed from counts of their space-separated words (see the module docstring)."""

    def __init__(self, count: Callable[[list[str]], list[int]], max_words: int = 1 << 18, max_chars: int = 48,
                 batch: int = 8192):
        self._count = count  # the exact count of whole texts, used for words not yet known and uncuttable texts
        self.max_words = max_words
        self.max_chars = max_chars
        self.batch = batch
        self._spaced: dict[str, int] = {}  # word -> tokens of " " + word
        self._first: dict[str, int] = {}  # word -> tokens of the word opening a text

    def __len__(self) -> int:
        return len(self._spaced) + len(self._first)

    def count(self, texts: pl.Series) -> list[int]:
        """Tokens in each text (a String series without nulls), exactly what counting each whole text gives."""
        counts = np.zeros(len(texts), dtype=np.int64)
        for start in range(0, len(texts), self.batch):
            part = texts.slice(start, self.batch)
            whole = part.str.contains(UNCUTTABLE).to_numpy()
            cut = np.flatnonzero(~whole)
            if cut.size:
                counts[start + cut] = self._sum_words(part.gather(cut))
            if whole.any():
                counts[start + np.flatnonzero(whole)] = self._count(part.filter(pl.Series(whole)).to_list())
        return counts.tolist()

    def _sum_words(self, texts: pl.Series) -> np.ndarray:
        split = texts.str.split(" ")  # each text has at least one word ("" for an empty text)
        words = split.explode()
        firsts = np.zeros(len(texts), dtype=np.int64)
        firsts[1:] = np.cumsum(split.list.len().to_numpy())[:-1]
        opening = np.zeros(len(words), dtype=bool)
        opening[firsts] = True
        tokens = np.empty(len(words), dtype=np.int64)
        tokens[firsts] = self._lookup(words.gather(firsts), self._first, "")
        rest = np.flatnonzero(~opening)
        if rest.size:
            tokens[rest] = self._lookup(words.gather(rest), self._spaced, " ")
        return np.add.reduceat(tokens, firsts)

    def _lookup(self, words: pl.Series, cache: dict[str, int], prefix: str) -> np.ndarray:
        """Tokens of `prefix + word` for each word: from the cache, else counted (and kept while there is room)."""
        unique = words.unique().to_list()  # then each word's place in it: a cast to an Enum of them
        new = [w for w in unique if w not in cache]
        found = dict(zip(new, self._count([prefix + w for w in new]))) if new else {}
        room = self.max_words - len(self)
        if room > 0 and found:
            keep = [w for w in new if len(w) <= self.max_chars][:room]
            cache.update((w, found[w]) for w in keep)
        tokens = np.array([cache[w] if w in cache else found[w] for w in unique], dtype=np.int64)
        return tokens[words.cast(pl.Enum(unique)).to_physical().to_numpy()]
