"""Paired tests: two scores compared item by item on the same questions, before a gap is called a gap.

Two models (or ratios, or a model and its base) scored on one set version answered the same items,
and an English set and its Arabic translation hold the same questions, so their outcomes are paired:
most of the noise in either score is which items happen to be in the set, and it cancels. The test
is McNemar's exact test: of the pairs where exactly one side is right, under "no difference" each is
a fair coin, so the two-sided p is a binomial tail over the discordant pairs. Beside it, a paired
bootstrap interval of the difference: items resampled with replacement (as pairs), within each set
when a score is the unweighted mean of several sets (MMLU's subjects), 95% of the redrawn
differences kept. A difference is called one only when McNemar's p < 0.05.

Items are matched by item id within one set version, and across languages by the upstream id both
sets carry (MedMCQA `id`, PubMedQA `pubid`), else by position when the two sets are parallel (as
many items, the same answer at every position, which a translation keeps); sets that match neither
way are not paired, and callers fall back to the unpaired z test of evaluation/intervals.py.

Why no scipy: the exact binomial tail is a short sum over Python integers, and the bootstrap of a
mean of values in {-1, 0, 1} is a multinomial draw of how many of each (numpy), so neither needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jisr.catalog import Catalog
from jisr.evaluation.intervals import Difference

DRAWS = 2000
SEED = 2501

# stratum (a benchmark, e.g. mmlu_anatomy) -> pairing key -> 1 right / 0 wrong
Outcomes = dict[str, dict[str, int]]


@dataclass(frozen=True)
class Scored:
    """One set's score in one run: where its item outcomes are in `eval_samples`."""

    run_id: str
    eval_set: str
    version: str
    benchmark: str
    metric: str


def mcnemar_p(only_a: int, only_b: int) -> float:
    """Exact two-sided McNemar p: P(a binomial(n, 1/2) tail at least as far out as min(only_a, only_b))."""
    n = only_a + only_b
    if n == 0:
        return 1.0
    k = min(only_a, only_b)
    term, tail = 1, 0
    for i in range(k + 1):  # C(n, i), built up exactly
        tail += term
        term = term * (n - i) // (i + 1)
    return min(1.0, 2 * tail / 2 ** n)


def paired_difference(a: Outcomes, b: Outcomes, seed: int = SEED, draws: int = DRAWS) -> Difference | None:
    """a - b in points over the items both scored, with McNemar's p and a paired bootstrap 95% interval.

    With several strata the difference is the unweighted mean of the per-stratum differences (as the
    score is the unweighted mean of its sets); the test pools every discordant pair. None when no
    item is in both.
    """
    rng = np.random.default_rng(seed)
    means, only_a, only_b, pairs = [], 0, 0, 0
    redrawn = np.zeros(draws)
    strata = [s for s in a if s in b and a[s].keys() & b[s].keys()]
    for stratum in strata:
        keys = a[stratum].keys() & b[stratum].keys()
        d = np.array([a[stratum][k] - b[stratum][k] for k in keys])
        plus, minus = int((d > 0).sum()), int((d < 0).sum())
        only_a, only_b, pairs = only_a + plus, only_b + minus, pairs + len(d)
        means.append(float(d.mean()))
        counts = rng.multinomial(len(d), [plus / len(d), minus / len(d), 1 - (plus + minus) / len(d)], size=draws)
        redrawn += (counts[:, 0] - counts[:, 1]) / len(d)
    if not strata:
        return None
    redrawn /= len(strata)
    low, high = np.percentile(redrawn, [2.5, 97.5])
    return Difference(100 * float(np.mean(means)), 100 * float(low), 100 * float(high), mcnemar_p(only_a, only_b),
                      n=pairs, test="McNemar")


def has_samples(catalog: Catalog) -> bool:
    """Whether the catalog has the `eval_samples` view (a read-only catalog from before it has none)."""
    return bool(catalog.con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'eval_samples'")
                .fetchone()[0])


_OUTCOMES = """
SELECT item_id, upstream_id, seq, correct FROM eval_samples
WHERE run_id = ? AND eval_set = ? AND eval_set_version = ? AND metric = ?
"""
_ITEMS = "SELECT upstream_id, answer_index FROM eval_items WHERE eval_set = ? AND version = ? ORDER BY seq"


def load_outcomes(catalog: Catalog, scores: list[Scored], key: str = "item_id") -> Outcomes:
    """Each set's item outcomes, keyed by `item_id` (same set version) or `upstream_id` / `seq` (across
    languages, see cross_language_key); a set with no stored samples is left out."""
    column = {"item_id": 0, "upstream_id": 1, "seq": 2}[key]
    found: Outcomes = {}
    if not has_samples(catalog):
        return found
    for s in scores:
        rows = catalog.con.execute(_OUTCOMES, [s.run_id, s.eval_set, s.version, s.metric]).fetchall()
        if rows:
            found[s.benchmark] = {str(row[column]): row[3] for row in rows if row[column] is not None}
    return found


def cross_language_key(catalog: Catalog, a: Scored, b: Scored) -> str | None:
    """How the items of two sets in different languages pair up: `upstream_id`, `seq` or None (see module doc)."""
    items_a = catalog.con.execute(_ITEMS, [a.eval_set, a.version]).fetchall()
    items_b = catalog.con.execute(_ITEMS, [b.eval_set, b.version]).fetchall()
    ids_a, ids_b = [u for u, _ in items_a], [u for u, _ in items_b]
    if None not in ids_a and None not in ids_b and len(set(ids_a)) == len(ids_a) and set(ids_a) & set(ids_b):
        return "upstream_id"
    if items_a and [x for _, x in items_a] == [x for _, x in items_b]:
        return "seq"
    return None


def compare(catalog: Catalog, a: list[Scored], b: list[Scored], cross_language: bool = False) -> Difference | None:
    """The paired a - b of two scores (each one set, or the sets a mean is over); None when nothing pairs.

    Sets are matched by benchmark; across languages each matched pair of sets is keyed as
    cross_language_key finds, and a pair that cannot be matched is left out.
    """
    if not cross_language:
        return paired_difference(load_outcomes(catalog, a), load_outcomes(catalog, b))
    by_benchmark = {s.benchmark: s for s in b}
    left: Outcomes = {}
    right: Outcomes = {}
    for s in a:
        other = by_benchmark.get(s.benchmark)
        key = cross_language_key(catalog, s, other) if other else None
        if key:
            left.update(load_outcomes(catalog, [s], key))
            right.update(load_outcomes(catalog, [other], key))
    return paired_difference(left, right)
