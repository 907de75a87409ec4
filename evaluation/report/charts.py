"""The report's charts, drawn by matplotlib and embedded in the page as inline SVG.

Why matplotlib: a well-kept plotting library lays out axes, ticks, error bars, bands and legends
that a hand-written SVG got wrong (bars scaled to each chart's maximum, clipped legends). The SVG
keeps the page one self-contained file that opens offline: text is drawn as glyph outlines
(`svg.fonttype: path`), so a reader needs no font and sees what the test measured. The figure is
saved with `bbox_inches="tight"`, which grows it to hold every label, tick and legend (legends sit
below the axes), so nothing is clipped at the chart's edge.

Arabic labels: DejaVu Sans (shipped with matplotlib) has the Arabic letter forms, but matplotlib
neither joins letters nor lays text out right-to-left, so a label with Arabic is shaped
(arabic-reshaper) and put in display order (python-bidi) first (jisr/text.py), as the terminal tables are.

Colours: the Okabe-Ito palette, readable with the common colour blindnesses; vermillion (`BAD`)
means bad (rejected, dropped) and is never an ordinary series' colour. Every accuracy axis spans
0-100 %, so charts compare at a glance; error bars and bands are 95% intervals.

Each chart is `<svg class="chart" data-kind="...">` with a `<title>`; axes carry ids ending in
`-xaxis`/`-yaxis` so a test can find the tick labels (matplotlib writes each label's text as a
comment beside its outline).
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from jisr.text import visual_order
from jisr.evaluation.intervals import Acc
from jisr.evaluation.sweep.fit import Fit

# Okabe & Ito (2008), without vermillion, which BAD keeps for bad outcomes; black last.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
BAD = "#D55E00"
# Beyond seven series colours repeat, told apart by the hatch.
_HATCHES = ("", "//", "..", "xx", "\\\\")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
_WIDTH_IN = 9.0
_WRAP = 34

_RC = {"svg.fonttype": "path", "font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": 11,
       "axes.spines.top": False, "axes.spines.right": False, "legend.frameon": False}


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def hatch(i: int) -> str:
    return _HATCHES[(i // len(PALETTE)) % len(_HATCHES)]


def label(text: str, width: int = _WRAP) -> str:
    """A label as matplotlib should draw it: wrapped to `width` characters, Arabic shaped and in display order."""
    lines = textwrap.wrap(str(text), width, break_on_hyphens=False) or [""]
    return "\n".join(visual_order(line) for line in lines)


def _figure(height: float) -> Figure:
    return Figure(figsize=(_WIDTH_IN, height), layout="constrained")


def _svg(fig: Figure, title: str, kind: str) -> str:
    """The figure as an `<svg>` element for inline use: no XML prolog, ids unique to this chart."""
    salt = hashlib.sha256(f"{kind}:{title}".encode()).hexdigest()[:10]
    for k, ax in enumerate(fig.axes):
        ax.xaxis.set_gid(f"c{salt}-{k}-xaxis")
        ax.yaxis.set_gid(f"c{salt}-{k}-yaxis")
    buffer = io.StringIO()
    with matplotlib.rc_context({**_RC, "svg.hashsalt": salt}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.08, metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    # matplotlib's glyph ids (`DejaVuSans-41`) repeat across charts but name the same outline, so sharing is harmless.
    return re.sub(r"<svg\b", f'<svg class="chart" data-kind="{kind}" role="img" aria-label="{escape(title)}"', text,
                  count=1).replace(">", f"><title>{escape(title)}</title>", 1)


def _percent_axis(axis) -> None:
    """0-100 % with a tick every 20 points and light grid lines."""
    axis.set_major_locator(MultipleLocator(20))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))


def _legend_below(fig: Figure, handles, labels: list[str]) -> None:
    if labels:
        fig.legend(handles, labels, loc="outside lower center", ncols=min(3, len(labels)))


def _count(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def bars(title: str, categories: Sequence[str], series: dict[str, Sequence[float]], xlabel: str,
         colors: dict[str, str] | None = None) -> str:
    """Horizontal bars, one per category, the series stacked; the total is printed at each bar's end."""
    with matplotlib.rc_context(_RC):
        fig = _figure(1.2 + 0.32 * len(categories) + (0.3 if len(series) > 1 else 0))
        ax = fig.add_subplot()
        positions = range(len(categories))
        left = [0.0] * len(categories)
        handles = []
        for i, (name, values) in enumerate(series.items()):
            fill = (colors or {}).get(name, color(i))
            handles.append(ax.barh(positions, values, left=left, color=fill, hatch=hatch(i), edgecolor="white",
                                   linewidth=0.5, height=0.7))
            left = [a + b for a, b in zip(left, values)]
        for y, total in zip(positions, left):
            ax.annotate(_count(total), (total, y), xytext=(3, 0), textcoords="offset points", va="center")
        ax.set_yticks(list(positions), [label(c) for c in categories])
        ax.invert_yaxis()
        ax.set_xlim(0, max(left, default=0) * 1.12 or 1)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.set_xlabel(xlabel)
        ax.set_title(label(title, 90), loc="left")
        ax.grid(axis="x", color="#ddd", linewidth=0.6)
        ax.set_axisbelow(True)
        if len(series) > 1:
            _legend_below(fig, handles, [label(n) for n in series])
        return _svg(fig, title, "count")


def _yerr(scores: Sequence[Acc | None]) -> list[list[float]]:
    """Distances from each value to its interval's ends, in points (0 for a missing score)."""
    low, high = [], []
    for acc in scores:
        if acc is None:
            low.append(0.0)
            high.append(0.0)
            continue
        lo, hi = acc.interval()
        # Wilson's bound at 0% (or 100%) can come out a rounding error past the value; matplotlib refuses < 0.
        low.append(max(0.0, 100 * (acc.value - lo)))
        high.append(max(0.0, 100 * (hi - acc.value)))
    return [low, high]


def accuracy_bars(title: str, categories: Sequence[str], series: dict[str, Sequence[Acc | None]]) -> str:
    """Grouped bars: per category (a task), one bar per series (a model), with 95% intervals; axis 0-100 %.

    A score never measured has no bar and a dash at the foot of its slot (named in the legend), never a 0 % bar.
    """
    count = max(len(series), 1)
    with matplotlib.rc_context(_RC):
        fig = _figure(4.2 + 0.22 * math.ceil(count / 3))
        ax = fig.add_subplot()
        width = 0.8 / count
        handles, missing = [], None
        for i, (name, scores) in enumerate(series.items()):
            xs = [c - 0.4 + width * (i + 0.5) for c in range(len(categories))]
            values = [0.0 if acc is None else 100 * acc.value for acc in scores]
            handles.append(ax.bar(xs, values, width * 0.92, yerr=_yerr(scores), color=color(i), hatch=hatch(i),
                                  edgecolor="white", linewidth=0.5, error_kw={"elinewidth": 0.9, "capsize": 2,
                                                                              "ecolor": "#333"}))
            unscored = [x for x, acc in zip(xs, scores) if acc is None]
            if unscored:
                # A marker, not a text label: one per missing bar, so dashes never collide however thin the bars.
                missing = ax.scatter(unscored, [1.5] * len(unscored), marker="_", color="#555", s=30, zorder=3)
        ax.set_ylim(0, 100)
        _percent_axis(ax.yaxis)
        ax.set_ylabel("accuracy (95% interval)")
        ax.set_xticks(range(len(categories)), [label(c, 14) for c in categories])
        ax.set_xlim(-0.5, len(categories) - 0.5)
        ax.grid(axis="y", color="#ddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(label(title, 90), loc="left")
        names = [label(n, 40) for n in series]
        if missing is not None:
            handles.append(missing)
            names.append("never scored (no bar)")
        _legend_below(fig, handles, names)
        return _svg(fig, title, "accuracy")


@dataclass(frozen=True)
class SweepPanel:
    """One task of a sweep: accuracy per Arabic share (%), the fit if any, the baseline, the best share if any."""

    title: str
    points: dict[float, Acc]
    fit: Fit | None
    baseline: Acc | None
    best: float | None


def sweep_panels(title: str, panels: Sequence[SweepPanel]) -> str:
    """Small multiples, one per task, all on 0-100 % and 0-100 % Arabic share: tried ratios with their
    intervals, the fitted curve with its bootstrap band, the base model's score as a dashed line and
    its interval as a grey band, and the best ratio (only where it beats the runner-up) as a ring."""
    columns = min(3, max(len(panels), 1))
    rows = math.ceil(len(panels) / columns)
    with matplotlib.rc_context(_RC):
        fig = _figure(0.8 + 2.6 * rows)
        axes = fig.subplots(rows, columns, squeeze=False, sharex=True, sharey=True)
        handles: dict[str, object] = {}
        for ax, panel in zip(axes.flat, panels):
            shares = sorted(panel.points)
            values = [100 * panel.points[s].value for s in shares]
            handles["tried ratio (95% interval)"] = ax.errorbar(
                shares, values, yerr=_yerr([panel.points[s] for s in shares]), fmt="o", color=PALETTE[0],
                markersize=4, capsize=2, elinewidth=0.9, zorder=3)
            if panel.fit is not None:
                grid = 100 * panel.fit.grid
                handles["fit (95% band)"] = ax.fill_between(grid, 100 * panel.fit.low, 100 * panel.fit.high,
                                                            color=PALETTE[3], alpha=0.3, linewidth=0)
                ax.plot(grid, 100 * panel.fit.curve, color=PALETTE[3], linewidth=1.4)
            if panel.baseline is not None:
                lo, hi = panel.baseline.interval()
                ax.axhspan(100 * lo, 100 * hi, color="#999", alpha=0.15, linewidth=0)
                handles["base model (95% interval)"] = ax.axhline(100 * panel.baseline.value, color="#555",
                                                                  linestyle="--", linewidth=1)
            if panel.best is not None:
                handles["best ratio (beats the runner-up)"] = ax.scatter(
                    [panel.best], [100 * panel.points[panel.best].value], s=110, facecolors="none",
                    edgecolors="#000", linewidths=1.4, zorder=4)
            ax.set_title(label(panel.title, 40), loc="left")
            ax.grid(color="#eee", linewidth=0.6)
            ax.set_axisbelow(True)
        for ax in axes.flat[len(panels):]:
            ax.set_visible(False)
        for ax in axes.flat:
            ax.tick_params(labelbottom=True, labelleft=True)
            ax.set_ylim(0, 100)
            ax.set_xlim(-4, 104)
            _percent_axis(ax.yaxis)
            _percent_axis(ax.xaxis)
        for ax in axes[-1]:
            ax.set_xlabel("Arabic share of the mix")
        for ax in axes[:, 0]:
            ax.set_ylabel("accuracy")
        fig.suptitle(label(title, 90), x=0.01, ha="left")
        _legend_below(fig, list(handles.values()), list(handles))
        return _svg(fig, title, "accuracy")


def lines(title: str, xlabel: str, ylabel: str, series: dict[str, Sequence[tuple[float, float]]]) -> str:
    """One line per series (a training run's loss over its steps)."""
    with matplotlib.rc_context(_RC):
        fig = _figure(3.6 + 0.22 * math.ceil(len(series) / 3))
        ax = fig.add_subplot()
        handles = []
        for i, points in enumerate(series.values()):
            xs, ys = zip(*points) if points else ((), ())
            (line,) = ax.plot(xs, ys, color=color(i), marker=_MARKERS[i % len(_MARKERS)], markersize=3,
                              linewidth=1.2, markevery=max(1, len(xs) // 12))
            handles.append(line)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        ax.grid(color="#eee", linewidth=0.6)
        ax.set_title(label(title, 90), loc="left")
        _legend_below(fig, handles, [label(n, 40) for n in series])
        return _svg(fig, title, "lines")
