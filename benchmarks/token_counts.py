"""Benchmark: exact token counts summed per word from a cache, against tiktoken over every whole text.

Writes the curation benchmark's corpus (`benchmarks/curation.py`'s `make_corpus`, same seed), then per
tokenizer: checks that the cached counts (curation/token_cache.py) equal tiktoken's count of every
whole prompt and response, and times the two alternated in one process (A B A B ..., so that a drift
of the machine's speed hits both), in landing's batches of 16,384 texts, the cache empty at the start of
each round. It prints CPU seconds (all threads of the process) and wall seconds per round and the
ratio whole / cached of each pair: quote the median ratio, and on a shared machine the CPU one.

Run: `python benchmarks/token_counts.py [--records 100000] [--rounds 3] [--tokenizers llama3,qwen2.5]`.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import tempfile
import time
import unicodedata
from pathlib import Path

import polars as pl

from curation import make_corpus  # benchmarks/curation.py
from jisr.curation.landing import TOKEN_BATCH
from jisr.curation.token_cache import WordCountCache
from jisr.curation.tokens import build_encoding, whole_text_counts


def timed(count, batches: list[list[str]]) -> tuple[list[int], float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    counts = [n for batch in batches for n in count(batch)]
    return counts, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tokenizers", default="llama3,qwen2.5")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jisr-token-counts-") as folder:
        make_corpus(Path(folder) / "corpus.jsonl", args.records)
        corpus = pl.read_ndjson(Path(folder) / "corpus.jsonl")
    for name in args.tokenizers.split(","):
        encoding = build_encoding(name)
        texts = corpus["prompt"].to_list() + corpus["response"].to_list()
        if name == "qwen2.5":  # the counter normalises first; the same for both ways, so done once here
            texts = [unicodedata.normalize("NFC", t) for t in texts]
        batches = [texts[i:i + TOKEN_BATCH] for i in range(0, len(texts), TOKEN_BATCH)]
        whole = functools.partial(whole_text_counts, encoding)
        ratios_cpu, ratios_wall = [], []
        for round_ in range(args.rounds):
            cache = WordCountCache(whole)
            expected, cpu_a, wall_a = timed(whole, batches)
            counted, cpu_b, wall_b = timed(lambda batch: cache.count(pl.Series(batch, dtype=pl.String)), batches)
            if counted != expected:
                raise SystemExit(f"{name}: cached counts differ from whole-text counts in "
                                 f"{sum(a != b for a, b in zip(counted, expected))} texts")
            ratios_cpu.append(cpu_a / cpu_b)
            ratios_wall.append(wall_a / wall_b)
            print(f"{name} round {round_ + 1}: {len(texts):,} texts, {sum(expected):,} tokens, equal; whole "
                  f"{cpu_a:.2f} s CPU / {wall_a:.2f} s wall, cached {cpu_b:.2f} s CPU / {wall_b:.2f} s wall "
                  f"({len(cache):,} words kept); ratio CPU {ratios_cpu[-1]:.2f}x, wall {ratios_wall[-1]:.2f}x")
        print(f"{name}: median ratio whole / cached: CPU {statistics.median(ratios_cpu):.2f}x, "
              f"wall {statistics.median(ratios_wall):.2f}x")


if __name__ == "__main__":
    main()
