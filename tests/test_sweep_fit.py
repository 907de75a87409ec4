"""The sweep fit on synthetic results: a known optimum is recovered within its interval; flat results are not told apart."""

import numpy as np

from jisr.evaluation.intervals import Acc, difference, wilson
from jisr.evaluation.sweep.fit import fit_task

SHARES = [0, 20, 40, 50, 60, 80, 100]


def test_fit_recovers_a_known_optimum_within_its_interval():
    rng = np.random.default_rng(7)
    truth = lambda s: 0.45 + 0.48 * s - 0.4 * s * s  # noqa: E731  optimum at s = 0.6
    fit = fit_task({s: Acc(rng.binomial(3000, truth(s / 100)) / 3000, 3000) for s in SHARES})
    assert fit.distinguishable and fit.best_low <= 0.6 <= fit.best_high
    assert fit.best_high - fit.best_low < 0.2
    assert "best at" in fit.verdict()


def test_flat_results_cannot_be_told_apart():
    rng = np.random.default_rng(3)
    fit = fit_task({s: Acc(rng.binomial(60, 0.5) / 60, 60) for s in SHARES})
    assert not fit.distinguishable and fit.verdict().startswith("cannot tell apart")
    assert all(s not in SHARES for s in fit.suggestions())


def test_intervals_and_differences():
    lo, hi = wilson(0.0, 5)
    assert lo == 0.0 and 0.4 < hi < 0.5
    assert not difference(Acc(0.6, 5), Acc(0.4, 5)).significant
    assert difference(Acc(0.7, 2000), Acc(0.6, 2000)).significant
