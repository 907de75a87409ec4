"""Inter-annotator agreement (Krippendorff's alpha) and post-edit distance (TER, chrF).

Alpha is implemented here, from Krippendorff's coincidence-matrix formula ("Computing Krippendorff's
Alpha-Reliability", 2011), rather than taken from the `krippendorff` package: it is ~40 lines, the
review environment already fights over pins (argilla-server), and that package pulls numpy for a
computation over a few hundred ratings. The test checks it against the worked example of that paper
(nominal 0.743, ordinal 0.815, interval 0.849).

    alpha = 1 - D_o / D_e,   D_o = sum_ck o_ck d2_ck / n,   D_e = sum_ck n_c n_k d2_ck / (n (n - 1))

o_ck is the coincidence matrix over pairable values (units with at least two values; each unit adds
1/(m_u - 1) per ordered pair of values from different coders), n_c its marginals and n = sum n_c.
Missing values (a reviewer who did not rate a unit) are simply absent. Alpha is None when nothing is
pairable or when every value is the same (D_e = 0: agreement is undefined, not perfect).

Post-edit distance follows HTER: the machine translation is the hypothesis and the reviewer's
correction the reference, scored with sacrebleu's TER (edits per reference word, x100) and chrF.
"""

from __future__ import annotations

from collections import Counter
from itertools import permutations
from typing import Hashable, Iterable, Literal

Level = Literal["nominal", "ordinal", "interval"]


def krippendorff_alpha(units: Iterable[Iterable[Hashable]], level: Level = "interval") -> float | None:
    """Alpha for `units`, each the values the coders gave one item (missing values left out)."""
    coincidence: Counter = Counter()
    for values in units:
        values = [v for v in values if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, j in permutations(range(m), 2):
            coincidence[values[i], values[j]] += 1 / (m - 1)
    marginals: Counter = Counter()
    for (c, _), weight in coincidence.items():
        marginals[c] += weight
    n = sum(marginals.values())
    if n <= 1:
        return None
    categories = sorted(marginals)
    delta = _distance(categories, marginals, level)
    observed = sum(w * delta[c, k] for (c, k), w in coincidence.items()) / n
    expected = sum(marginals[c] * marginals[k] * delta[c, k] for c in categories for k in categories) / (n * (n - 1))
    if expected == 0:
        return None
    return 1 - observed / expected


def _distance(categories: list, marginals: Counter, level: Level) -> dict[tuple, float]:
    if level == "nominal":
        return {(c, k): float(c != k) for c in categories for k in categories}
    if level == "interval":
        return {(c, k): float(c - k) ** 2 for c in categories for k in categories}
    if level == "ordinal":
        position = {c: i for i, c in enumerate(categories)}
        out = {}
        for c in categories:
            for k in categories:
                lo, hi = sorted((position[c], position[k]))
                between = sum(marginals[categories[g]] for g in range(lo, hi + 1))
                out[c, k] = (between - (marginals[c] + marginals[k]) / 2) ** 2
        return out
    raise ValueError(f"unknown level of measurement: {level}")


def pairwise_agreement(units: Iterable[Iterable[Hashable]]) -> float | None:
    """Share of pairs of coders, over units with two or more values, who gave the same value."""
    same = total = 0
    for values in units:
        values = [v for v in values if v is not None]
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                total += 1
                same += values[i] == values[j]
    return same / total if total else None


def post_edit_distance(machine: str, correction: str) -> tuple[float, float]:
    """(TER, chrF) of the machine translation against the reviewer's correction."""
    from sacrebleu.metrics import CHRF, TER

    return (TER().sentence_score(machine, [correction]).score,
            CHRF().sentence_score(machine, [correction]).score)
