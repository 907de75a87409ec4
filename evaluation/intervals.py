"""Uncertainty for every accuracy the reports print: a 95% interval from n, and a test before a difference.

An accuracy is a proportion over n items. Its interval is lm-eval's stderr (value ± 1.96 stderr,
clipped to 0-1) when lm-eval stored one, else the Wilson score interval over n (sound at small n and
at 0 or 100%, where the normal one collapses). A difference between two scores (EN-AR gap, a ratio
against the baseline or the runner-up) is tested item by item when both have their per-item
outcomes (evaluation/paired.py: McNemar and a paired bootstrap); `difference` here is the fallback
for scores stored before `eval_samples` existed: a two-sided z test on the two stderrs, as if the
samples were independent (conservative when the items are the same, since their outcomes correlate).
Either way a difference is called one only at p < 0.05; `Difference.text` prints it with its
interval and p. A few lines of `math` instead of scipy: the normal quantile and tail are all these need.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054
ALPHA = 0.05


@dataclass(frozen=True)
class Acc:
    """One accuracy (0-1) over n items, with lm-eval's stderr when it gave one."""

    value: float
    n: int
    stderr: float | None = None

    @property
    def se(self) -> float:
        """The stderr, or the binomial one from value and n (floored so 0% and 100% are not certain)."""
        if self.stderr is not None and self.stderr > 0:
            return self.stderr
        p = (self.value * self.n + 0.5) / (self.n + 1)
        return math.sqrt(p * (1 - p) / max(self.n, 1))

    def interval(self) -> tuple[float, float]:
        """95% interval in 0-1: lm-eval's stderr when stored, else Wilson's."""
        if self.stderr is not None and self.stderr > 0:
            return max(0.0, self.value - Z95 * self.stderr), min(1.0, self.value + Z95 * self.stderr)
        return wilson(self.value, self.n)

    def pm(self) -> float:
        """Half the interval's width, in points (%)."""
        lo, hi = self.interval()
        return 100 * (hi - lo) / 2

    def text(self) -> str:
        """`61.2 ±4.3 (n=500)`."""
        return f"{100 * self.value:.1f} ±{self.pm():.1f} (n={self.n:,})"


def wilson(value: float, n: int) -> tuple[float, float]:
    """Wilson score interval (95%) for a proportion `value` over `n` trials."""
    if n <= 0:
        return 0.0, 1.0
    z2 = Z95 * Z95
    centre = (value + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(value * (1 - value) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_acc(scores: list[Acc]) -> Acc:
    """The unweighted mean of several sets (MMLU's six subjects): stderr of a mean of independent scores."""
    if len(scores) == 1:
        return scores[0]
    k = len(scores)
    value = sum(s.value for s in scores) / k
    se = math.sqrt(sum(s.se ** 2 for s in scores)) / k
    return Acc(value, sum(s.n for s in scores), se)


@dataclass(frozen=True)
class Difference:
    """a - b in points with its 95% interval, the two-sided p of `test`, and `n` pairs when paired."""

    points: float
    low: float
    high: float
    p: float
    n: int | None = None
    test: str = "z (unpaired)"

    @property
    def significant(self) -> bool:
        return self.p < ALPHA

    def text(self) -> str:
        """`+5.2 [+1.0, +9.4] p=0.01`, or `≈ +1.0 [-3.1, +5.1] p=0.63` when the data cannot tell them apart."""
        mark = "" if self.significant else "≈ "
        return f"{mark}{self.points:+.1f} [{self.low:+.1f}, {self.high:+.1f}] p={p_text(self.p)}"

    def tested_text(self) -> str:
        """`text()`, with ` unpaired` when it fell back to the z test, so a reader knows which test spoke."""
        return self.text() + ("" if self.n is not None else " unpaired")


def p_text(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.2f}" if p >= 0.01 else f"{p:.3f}"


def difference(a: Acc, b: Acc) -> Difference:
    """a - b with a two-sided z test on their standard errors."""
    diff = a.value - b.value
    se = math.sqrt(a.se ** 2 + b.se ** 2)
    p = math.erfc(abs(diff) / se / math.sqrt(2)) if se > 0 else (1.0 if diff == 0 else 0.0)
    return Difference(100 * diff, 100 * (diff - Z95 * se), 100 * (diff + Z95 * se), p)
