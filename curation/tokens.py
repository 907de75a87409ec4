"""Exact token counts with the tokenizers we train on.

Token budgets and mix weights are in tokens of the training model's own tokenizer, so counts must
be exact rather than estimated from characters or words (Arabic and English differ a lot per word).

Llama-3 and Qwen2.5 use byte-level BPE: a regex splits text into pieces, and each piece is merged
by rank. The reference is tiktoken's algorithm over the published ranks (Hugging Face `tokenizers`
reproduces it from the published tokenizer.json). The ranks ship offline in the `quicktok-v1` wheel;
we take token bytes and split patterns from it and run tiktoken over them. We do not count with
quicktok's own encoder: it disagrees with the reference on some Arabic words (Llama-3 gives
" الديناميكية" 5 tokens; quicktok gives 4). Counts are summed per space-separated word from a bounded
cache (curation/token_cache.py: exact, since no piece of the split crosses such a space), so tiktoken
encodes each distinct word once rather than every occurrence.

Any other tokenizer is loaded with `tokenizers` from a tokenizer.json (file or folder) or a hub id.
The offline ones are named in the registry `TOKENIZERS` (jisr/registry.py); an outside package adds
one through the entry point group `jisr.tokenizers` (a callable returning a `TokenCounter`).
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import polars as pl
import tiktoken

from jisr.curation.token_cache import WordCountCache
from jisr.errors import InputError
from jisr.registry import Registry, did_you_mean

TOKENIZERS: Registry[Callable[[], "TokenCounter"]] = Registry("tokenizer", "jisr.tokenizers")
_THREADS = min(8, os.cpu_count() or 1)
_SLICE = 1000  # texts below which threads are not worth starting


@dataclass(frozen=True)
class TokenCounter:
    """Counts tokens of raw text with one tokenizer."""

    name: str
    exact: bool
    _count: Callable[[list[str]], list[int]] = field(repr=False)

    def count(self, texts: Sequence[str]) -> list[int]:
        """Tokens in each text, without BOS/EOS or any other special token; "" counts 0."""
        return self._count(list(texts))


def get_counter(name: str) -> TokenCounter:
    """The counter for a registered name (`llama3`, `qwen2.5`, an alias), a tokenizer.json path, or a hub id."""
    return _counter(TOKENIZERS.canonical(name.lower()) or name)


@functools.lru_cache(maxsize=None)
def _counter(name: str) -> TokenCounter:
    make = TOKENIZERS.find(name)
    return make() if make else _hf_counter(name)


def build_encoding(name: str) -> tiktoken.Encoding:
    """tiktoken encoding over the published ranks of `llama3` or `qwen2.5` (no special tokens)."""
    import quicktok
    from quicktok._import_core import LLAMA3_PAT, QWEN_PAT

    # quicktok's "qwen2.5" is its qwen3 table: same ranks, plus Qwen3's extra special tokens.
    vocab = quicktok.get_encoding(name)
    ranks = {vocab.decode_single_token_bytes(i): i for i in range(vocab.n_vocab) if not vocab.is_special_token(i)}
    pattern = LLAMA3_PAT if name == "llama3" else QWEN_PAT
    return tiktoken.Encoding(name=name, pat_str=pattern, mergeable_ranks=ranks, special_tokens={})


def whole_text_counts(encoding: tiktoken.Encoding, texts: list[str]) -> list[int]:
    """tiktoken's count of each whole text, one contiguous slice per thread (tiktoken releases the GIL
    while it encodes). Not `encode_ordinary_batch`: it submits one future per text, and at a million texts
    the thread pool's locking cost more than the encoding (measured: 860k lock waits per 100k texts)."""
    if len(texts) < 2 * _SLICE or _THREADS == 1:
        return _count_slice(encoding, texts)
    size = -(-len(texts) // _THREADS)
    with ThreadPoolExecutor(_THREADS) as pool:
        parts = pool.map(functools.partial(_count_slice, encoding),
                         [texts[i:i + size] for i in range(0, len(texts), size)])
    return [n for part in parts for n in part]


def _count_slice(encoding: tiktoken.Encoding, texts: list[str]) -> list[int]:
    return [len(encoding.encode_ordinary(text)) for text in texts]


def _tiktoken_counter(name: str) -> TokenCounter:
    encoding = build_encoding(name)
    nfc = name == "qwen2.5"  # Qwen2's tokenizer.json normalises to NFC; Llama-3's has no normaliser.
    words = WordCountCache(functools.partial(whole_text_counts, encoding))

    def count(texts: list[str]) -> list[int]:
        if nfc:
            texts = [unicodedata.normalize("NFC", text) for text in texts]
        try:
            series = pl.Series(texts, dtype=pl.String)
        except UnicodeEncodeError:  # a lone surrogate: Arrow cannot hold it, tiktoken replaces it
            return whole_text_counts(encoding, texts)
        return words.count(series)

    return TokenCounter(name, True, count)


TOKENIZERS.register("llama3", aliases=("llama-3",))(functools.partial(_tiktoken_counter, "llama3"))
TOKENIZERS.register("qwen2.5", aliases=("qwen2", "qwen"))(functools.partial(_tiktoken_counter, "qwen2.5"))


def _hf_counter(name: str) -> TokenCounter:
    from tokenizers import Tokenizer

    from jisr.hub import require_model

    path = Path(name)
    if not path.exists() and "/" not in name:  # a typo of a known name, not worth a hub lookup
        raise InputError(f"unknown tokenizer {name!r}{did_you_mean(name, TOKENIZERS.names())}: not one of "
                         f"{', '.join(TOKENIZERS.names())}, no such "
                         "tokenizer.json file or folder, and not a hub id (org/name, e.g. Qwen/Qwen2.5-7B)")
    known = f"jisr's own tokenizers, which need no network: {', '.join(TOKENIZERS.names())}"
    try:
        require_model(name, "tokenizer", marker="tokenizer.json", instead="a tokenizer.json path or its folder")
    except InputError as err:
        raise InputError(f"{err}; {known}") from None
    try:
        if path.is_dir():
            tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        elif path.is_file():
            tokenizer = Tokenizer.from_file(str(path))
        else:
            tokenizer = Tokenizer.from_pretrained(name)
    except Exception as err:
        raise InputError(f"tokenizer {name!r} could not be loaded as a tokenizer.json path or Hugging Face hub id "
                         f"({err}); {known}") from err
    # A tokenizer.json may carry truncation or padding settings; either would falsify counts.
    tokenizer.no_truncation()
    tokenizer.no_padding()

    def count(texts: list[str]) -> list[int]:
        return [len(enc.ids) for enc in tokenizer.encode_batch(texts, add_special_tokens=False)]

    return TokenCounter(name, True, count)
