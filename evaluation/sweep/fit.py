"""Which Arabic share is best, and how sure: a per-task fit of accuracy against the share, with a bootstrap band.

The model (documented in docs/evaluation.md): per task, accuracy = a + b s + c s² over the Arabic
share s in 0-1 (a line with two ratios), fitted by least squares weighted by 1/stderr² of each
point. With two languages and a handful of ratios this is the practical form of the data-mixing-law
fits (RegMix, Olmix fit many proxy runs; here there are seven at most). The band and the interval
of the best share come from a parametric bootstrap: each point is redrawn from its own normal
(accuracy, stderr), the curve refitted, 95% of the curves and of their argmax kept. The data "cannot
tell the ratios apart" when the fit is no better than a flat line (weighted chi-square test of the
curve against the constant, p >= 0.05). The fit never extrapolates past the ratios tried.

Next ratios worth training: the untried share (on a 5% grid) closest to the predicted best, when
the best lies between two tried ratios, and the middle of the gap between tried ratios where the
band is widest.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jisr.evaluation.intervals import ALPHA, Acc

BOOTSTRAP = 1000
_GRID_STEP = 0.01
_SUGGEST_STEP = 5  # % of Arabic share: suggestions are on this grid


@dataclass(frozen=True)
class Fit:
    """One task's fit: the curve and its band on `grid` (shares 0-1), the best share and its interval."""

    degree: int
    grid: np.ndarray
    curve: np.ndarray
    low: np.ndarray
    high: np.ndarray
    best: float
    best_low: float
    best_high: float
    p_flat: float
    tried: tuple[float, ...]

    @property
    def distinguishable(self) -> bool:
        return self.p_flat < ALPHA

    def verdict(self) -> str:
        """`best at 48% Arabic [35, 62] (p=0.002)` or `cannot tell apart (p=0.71)`."""
        if not self.distinguishable:
            return f"cannot tell apart (p={self.p_flat:.2f})"
        return (f"best at {100 * self.best:.0f}% Arabic [{100 * self.best_low:.0f}, {100 * self.best_high:.0f}] "
                f"(p={self.p_flat:.3g})")

    def suggestions(self) -> list[int]:
        """Untried Arabic shares (%) worth training next; see the module doc."""
        tried = sorted(round(100 * s) for s in self.tried)
        picks: list[int] = []
        best = 100 * self.best
        if self.distinguishable and tried[0] < best < tried[-1] and round(best) not in tried:
            picks.append(_untried(best, tried))
        width = self.high - self.low
        gaps = [(a, b) for a, b in zip(tried, tried[1:]) if b - a > _SUGGEST_STEP]
        if gaps:
            widest = max(gaps, key=lambda g: float(width[(self.grid >= g[0] / 100) & (self.grid <= g[1] / 100)].max()))
            picks.append(_untried((widest[0] + widest[1]) / 2, tried))
        return sorted({p for p in picks if p is not None})


def _untried(share: float, tried: list[int]) -> int | None:
    candidates = [s for s in range(0, 101, _SUGGEST_STEP) if s not in tried]
    return min(candidates, key=lambda s: (abs(s - share), s)) if candidates else None


def _chi2_sf(x: float, dof: int) -> float:
    """Survival function of chi-square with 1 or 2 degrees of freedom (all this fit needs)."""
    x = max(x, 0.0)
    return math.erfc(math.sqrt(x / 2)) if dof == 1 else math.exp(-x / 2)


def fit_task(points: dict[float, Acc], seed: int = 2501) -> Fit | None:
    """Fit accuracy against the Arabic share (keys in %, 0-100); None with fewer than two ratios."""
    shares = sorted(points)
    if len(shares) < 2:
        return None
    x = np.array(shares) / 100
    y = np.array([points[s].value for s in shares])
    se = np.array([max(points[s].se, 1e-6) for s in shares])
    degree = min(2, len(shares) - 1)
    grid = np.round(np.arange(x[0], x[-1] + _GRID_STEP / 2, _GRID_STEP), 6)
    coef = np.polyfit(x, y, degree, w=1 / se)
    curve = np.polyval(coef, grid)
    weights = 1 / se ** 2
    flat = np.sum(weights * y) / np.sum(weights)
    improvement = float(np.sum(weights * (y - flat) ** 2) - np.sum(weights * (y - np.polyval(coef, x)) ** 2))
    rng = np.random.default_rng(seed)
    draws = y + rng.standard_normal((BOOTSTRAP, len(y))) * se
    curves = np.stack([np.polyval(np.polyfit(x, d, degree, w=1 / se), grid) for d in draws])
    argmaxes = grid[np.argmax(curves, axis=1)]
    low, high = np.percentile(curves, [2.5, 97.5], axis=0)
    best_low, best_high = np.percentile(argmaxes, [2.5, 97.5])
    return Fit(degree, grid, curve, low, high, float(grid[np.argmax(curve)]), float(best_low), float(best_high),
               _chi2_sf(improvement, degree), tuple(float(v) for v in x))


def write_olmix(folder: Path, runs: list[tuple[str, float]], metrics: dict[str, dict[str, float]]) -> tuple[Path, Path]:
    """`ratios.csv` (run, ar, en as fractions) and `metrics.csv` (run, one column per task): Olmix's input pair.

    `runs` are (run id, Arabic share in %); `metrics` maps a run id to {task: accuracy 0-1}; a task a
    run was not scored on is an empty cell.
    """
    folder.mkdir(parents=True, exist_ok=True)
    tasks = list(dict.fromkeys(task for values in metrics.values() for task in values))
    ratios_path, metrics_path = folder / "ratios.csv", folder / "metrics.csv"
    with ratios_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["run", "ar", "en"])
        writer.writerows([run, f"{share / 100:g}", f"{1 - share / 100:g}"] for run, share in runs)
    with metrics_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["run", *tasks])
        for run, _ in runs:
            values = metrics.get(run, {})
            writer.writerow([run, *("" if t not in values else f"{values[t]:.6g}" for t in tasks)])
    return ratios_path, metrics_path
