"""Near-duplicate detection with MinHash LSH, tuned for short Q&A records.

Why not datatrove's MinHash stages: they shingle 5-word n-grams, and a 40-100-word answer has too few
of those for a stable estimate (measured here: 89% recall on planted near duplicates, 46% on short
documents). We shingle character 5-grams of the Arabic-normalised text instead, hash them with a
deterministic polynomial hash (Python's `hash` is salted per process), and compute one-permutation
signatures for many documents at once with numpy (see `signatures`).

Parameters (defaults): `permutations=120` signature slots split into `bands=24` of `rows=5`. A pair whose true
Jaccard similarity is s shares at least one band with probability 1 - (1 - s**5)**24:
s=0.5: 0.53, s=0.6: 0.86, s=0.7: 0.99, s=0.8: 1.00. Every candidate pair is then checked: its
signature agreement (an unbiased Jaccard estimate) must reach `threshold` (0.7), which is what keeps
precision high. Clusters are the connected components of confirmed pairs; the first record read in a
cluster is kept, the others are dropped as `near_duplicate`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Literal

import numpy as np
import polars as pl

from jisr.catalog.shapes import VERDICT_SCHEMA
from jisr.curation.base import STEPS, Step
from jisr.curation.frames import KEY_FIELDS, fields_to_key, normalised

_BASE = np.uint64(1_000_003)
CHUNK = 50_000


def _shingles(texts: list[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """32-bit character n-gram hashes of many texts at once: (hashes, index of each text's first).

    All texts are hashed in one pass over their concatenated code points: the polynomial hash of the
    n-gram starting at every position is built by Horner's rule on shifted slices (no per-shingle
    index arrays: 3x faster than gathering each n-gram's code points), then the n-grams that would
    cross from one text into the next are masked out. A text shorter than n (or empty) is one
    shingle, its code points padded with zeros. Repeated shingles stay: a minimum does not care, and
    deduplicating costs more than it saves.
    """
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    total = codes.size
    padded = np.zeros(total + n, dtype=np.uint64)
    padded[:total] = codes
    rolling = padded[:total].copy()
    for k in range(1, n):  # wraps at 2**64: deterministic across processes and runs
        rolling *= _BASE
        rolling += padded[k:k + total]
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    count = np.maximum(lengths - n + 1, 1)  # n-grams per text
    first = np.r_[0, np.cumsum(count)[:-1]]
    long = lengths >= n
    edge = np.zeros(total + 1, dtype=np.int8)  # +1 where a text's n-grams start, -1 after its last
    edge[starts[long]] += 1
    edge[(starts + lengths - n + 1)[long]] -= 1
    inside = np.cumsum(edge[:total], dtype=np.int8).view(bool)
    hashes = np.empty(int(count.sum()), dtype=np.uint64)
    short = np.flatnonzero(~long)
    slots = np.ones(hashes.size, dtype=bool)
    slots[first[short]] = False
    hashes[slots] = rolling[inside]
    for i in short:
        padded_codes = [ord(ch) for ch in texts[i]] + [0] * (n - int(lengths[i]))
        value = 0
        for code in padded_codes:
            value = (value * int(_BASE) + code) % (1 << 64)
        hashes[first[i]] = value
    return (hashes ^ (hashes >> np.uint64(29))) & np.uint64(0xFFFFFFFF), first


_EMPTY = np.uint32(0xFFFFFFFF)
_GOLDEN = np.uint64(0x9E3779B1)


def signatures(texts: list[str], bins: int, n: int, seed: int, chunk: int = 4096) -> np.ndarray:
    """One-permutation MinHash signatures with densification, one row per text.

    Each shingle is hashed once (multiply-shift, random odd multipliers) into one of `bins` bins and
    a 32-bit value; a bin keeps its minimum value. This costs one hash per shingle instead of one per
    shingle and permutation (Li, Owen & Zhang 2012). An empty bin (short texts) borrows the value of
    the nearest non-empty bin to its right, circularly, shifted by the distance (rotation
    densification, Shrivastava & Li 2014), so identical texts still get identical signatures and
    agreement stays an estimate of Jaccard similarity.
    """
    rng = np.random.default_rng(seed)
    mult_bin, mult_value = rng.integers(0, np.iinfo(np.uint64).max, size=2, dtype=np.uint64, endpoint=True) | np.uint64(1)
    add_bin, add_value = rng.integers(0, np.iinfo(np.uint64).max, size=2, dtype=np.uint64, endpoint=True)
    columns = np.arange(2 * bins)
    out = np.empty((len(texts), bins), dtype=np.uint32)
    for start in range(0, len(texts), chunk):
        flat, first = _shingles(texts[start:start + chunk], n)
        docs = first.size
        doc = np.repeat(np.arange(docs), np.diff(np.r_[first, flat.size]))
        slot = (((flat * mult_bin + add_bin) >> np.uint64(32)) * np.uint64(bins)) >> np.uint64(32)  # wraps mod 2**64
        value = ((flat * mult_value + add_value) >> np.uint64(32)).astype(np.uint32)
        sig = np.full(docs * bins, _EMPTY, dtype=np.uint32)
        np.minimum.at(sig, doc * bins + slot.astype(np.int64), value)
        sig = sig.reshape(docs, bins)
        empty = sig == _EMPTY
        if empty.any():
            doubled = np.concatenate([sig, sig], axis=1)
            index = np.where(doubled != _EMPTY, columns, 2 * bins)
            nearest = np.minimum.accumulate(index[:, ::-1], axis=1)[:, ::-1][:, :bins]
            source = np.take_along_axis(doubled, nearest, axis=1).astype(np.uint64)
            shift = (nearest - columns[:bins]).astype(np.uint64) * _GOLDEN
            sig = np.where(empty, ((source + shift) & np.uint64(0xFFFFFFFE)).astype(np.uint32), sig)
        out[start:start + docs] = sig
    return out


@STEPS.register("near_dedup")
@dataclass
class NearDedup(Step):
    """Whole-corpus step: drop near duplicates within a language (see the module docstring)."""

    key: Literal["prompt", "prompt_response"] = "prompt_response"
    threshold: float = 0.7
    permutations: int = 120
    bands: int = 24
    shingle: int = 5
    seed: int = 2501

    def __post_init__(self) -> None:
        if self.bands < 1 or self.permutations % self.bands:
            raise ValueError(f"permutations ({self.permutations}) must divide into bands ({self.bands})")
        if not 0 < self.threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")

    def shard_columns(self) -> dict[str, Callable[[pl.DataFrame], pl.Series]]:
        # Named after every parameter the signatures depend on: a work folder resumed with other settings
        # lacks the column, and the step computes its own.
        return {f"_minhash_{self.key}_{self.permutations}_{self.shingle}_{self.seed}": self._signature_column}

    def record_columns(self, available: list[str]) -> list[str]:
        return fields_to_key(self.key, self.shard_columns(), available)

    def _signatures(self, batch: pl.DataFrame) -> np.ndarray:
        keys = [normalised(batch, f) for f in KEY_FIELDS[self.key]]
        texts = batch.select(pl.concat_str(keys, separator=" ")).to_series()
        return signatures(texts.to_list(), self.permutations, self.shingle, self.seed)  # one slot per "permutation"

    def _signature_column(self, batch: pl.DataFrame) -> pl.Series:
        """Each record's signature (a fixed-size array of uint32 slots), as the filter workers write it: read
        back as one numpy matrix, no Python object per record (a million records' signatures are 480 MB)."""
        return pl.Series(self._signatures(batch))

    def decide(self, records: pl.DataFrame) -> pl.DataFrame:
        [column] = self.shard_columns()
        if column in records.columns:
            sig = records[column].to_numpy().reshape(records.height, self.permutations)
        else:
            # A chunk at a time: the normalised strings of a whole corpus would not need to exist at once.
            # Two chunks at once: numpy releases the GIL in the array work, so the second core helps.
            with ThreadPoolExecutor(2) as pool:
                sig = np.concatenate(list(pool.map(lambda start: self._signatures(records.slice(start, CHUNK)),
                                                   range(0, records.height, CHUNK)))
                                     or [np.empty((0, self.permutations), dtype=np.uint32)])
        keeper = np.arange(records.height)
        languages = records["language"].to_numpy()
        for language in np.unique(languages):
            subset = np.flatnonzero(languages == language)
            keeper[subset] = subset[self._keepers(sig, subset)]
        ids = records["record_id"].to_list()
        dropped = np.flatnonzero(keeper != np.arange(records.height))
        similarity = (sig[dropped] == sig[keeper[dropped]]).mean(axis=1)
        detail: list[str | None] = [None] * records.height
        for i, sim in zip(dropped, similarity):
            detail[i] = f"near duplicate of {ids[keeper[i]]} (jaccard ~{sim:.2f})"
        kept = keeper == np.arange(records.height)
        return pl.DataFrame({
            "record_id": ids, "kept": kept, "reason": [None if k else "near_duplicate" for k in kept], "detail": detail,
        }, schema=VERDICT_SCHEMA)

    def _keepers(self, sig: np.ndarray, subset: np.ndarray) -> np.ndarray:
        """For each of the rows `subset` of `sig` (one language's), the position in `subset` of its cluster's
        keeper (the lowest position in the cluster). The rows are read where they are, a band at a time: a
        copy of one language's signatures was ~0.7 GB at 3M records.

        Vectorised end to end (a Python loop over buckets cost ~60 us each, and a million records
        have over a million): per band, rows are grouped by a 64-bit hash of their band; each row
        of a group is a candidate pair with the group's first row; pairs whose signatures agree on
        at least `threshold` of the slots are edges, and clusters are the connected components.
        """
        rows = self.permutations // self.bands
        count = subset.size

        def band_pairs(band: int) -> tuple[np.ndarray, np.ndarray]:
            key = np.zeros(count, dtype=np.uint64)
            with np.errstate(over="ignore"):
                for column in sig[subset, band * rows:(band + 1) * rows].T:
                    key = (key ^ column.astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
            order = np.argsort(key, kind="stable")  # stable: a group lists its rows in read order
            sorted_keys = key[order]
            starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
            first = order[np.maximum.accumulate(np.where(starts, np.arange(count), 0))]
            return first[~starts], order[~starts]

        # Two bands at once: numpy releases the GIL while it sorts, so the second core helps (the filter
        # workers have finished by now).
        with ThreadPoolExecutor(2) as pool:
            heads, others = zip(*pool.map(band_pairs, range(self.bands)))
        return _components(count, *_confirmed(sig, subset, np.concatenate(heads), np.concatenate(others),
                                              self.threshold))


def _confirmed(sig: np.ndarray, subset: np.ndarray, heads: np.ndarray, others: np.ndarray, threshold: float,
               chunk: int = 100_000) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs (positions in `subset`, the rows of `sig` compared; each pair once) whose signatures
    agree on at least `threshold` of the slots."""
    pair = np.sort((heads.astype(np.uint64) << np.uint64(32)) | others.astype(np.uint64))
    pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if pair.size else pair
    heads, others = (pair >> np.uint64(32)).astype(np.int64), (pair & np.uint64(0xFFFFFFFF)).astype(np.int64)
    keep = np.concatenate([(sig[subset[heads[i:i + chunk]]] == sig[subset[others[i:i + chunk]]]).mean(axis=1)
                           >= threshold
                           for i in range(0, heads.size, chunk)] or [np.zeros(0, dtype=bool)])
    return heads[keep], others[keep]


def _components(count: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each node's lowest-indexed node in its connected component (edges a-b): min-label propagation
    with pointer jumping, a few vectorised passes instead of a union-find loop in Python."""
    label = np.arange(count, dtype=np.int64)
    while True:
        low = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        label = label[label]
        if np.array_equal(label, before):
            return label
