"""Hand-written SVG charts for the HTML report: horizontal bars (stacked or grouped) and lines.

Inline SVG keeps the report one self-contained file that opens offline and stays text (diffable,
searchable, sharp at any zoom) without adding a plotting library to the install. Each chart is an
`<svg class="chart">` element with a `<title>`, so a test (or a screen reader) can find it.
"""

from __future__ import annotations

from html import escape

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
_LABEL_W, _BAR_H, _GAP, _PLOT_W, _LEGEND_H, _CAPTION_H = 190, 18, 8, 560, 26, 22


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    """The chart with its title both as `<title>` (found by tools) and drawn above the plot (seen by people)."""
    height += _CAPTION_H
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">'
            f'<title>{escape(title)}</title><text x="4" y="15" font-size="14" font-weight="bold">{escape(title)}</text>'
            f'<g transform="translate(0 {_CAPTION_H})">{"".join(body)}</g></svg>')


def _legend(names: list[str], y: int) -> list[str]:
    parts, x = [], _LABEL_W
    for i, name in enumerate(names):
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                     f'<text x="{x + 16}" y="{y + 10}">{escape(name)}</text>')
        x += 28 + 8 * len(name)
    return parts


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.1f}"


def bar_chart(title: str, categories: list[str], series: dict[str, list[float]], stacked: bool = True,
              unit: str = "") -> str:
    """One row per category; `series` values per category, stacked into one bar or drawn side by side."""
    names = list(series)
    per_row = 1 if stacked or len(names) == 1 else len(names)
    totals = [sum(series[n][i] for n in names) if stacked else max(series[n][i] for n in names)
              for i in range(len(categories))]
    top = max(totals, default=0) or 1
    row_h = per_row * _BAR_H + _GAP
    height = _LEGEND_H + row_h * len(categories) + 10
    body = _legend(names, 4) if len(names) > 1 else []
    for i, category in enumerate(categories):
        y = _LEGEND_H + i * row_h
        body.append(f'<text x="{_LABEL_W - 6}" y="{y + per_row * _BAR_H / 2 + 4}" text-anchor="end">'
                    f"{escape(category)}</text>")
        x = _LABEL_W
        for j, name in enumerate(names):
            value = series[name][i]
            width = _PLOT_W * value / top
            bar_y = y if stacked else y + j * _BAR_H
            body.append(f'<rect x="{x:.1f}" y="{bar_y}" width="{width:.1f}" height="{_BAR_H - 2}" '
                        f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(category)} / {escape(name)}: '
                        f"{_number(value)}{unit}</title></rect>")
            if not stacked:
                body.append(f'<text x="{x + width + 4:.1f}" y="{bar_y + _BAR_H - 5}">{_number(value)}{unit}</text>')
            if stacked:
                x += width
        if stacked:
            body.append(f'<text x="{x + 4:.1f}" y="{y + _BAR_H - 5}">{_number(totals[i])}{unit}</text>')
    return _svg(_LABEL_W + _PLOT_W + 90, height, title, body)


def line_chart(title: str, x_label: str, y_label: str, lines: dict[str, list[tuple[float, float]]],
               x_range: tuple[float, float] = (0, 100), marks: dict[str, float] | None = None) -> str:
    """Lines of (x, y) points; y is a percentage (0-100 axis). `marks` rings each line's point at x (its best)."""
    left, top, width, height = 60, _LEGEND_H + 10, 600, 300
    lo, hi = x_range
    span = (hi - lo) or 1

    def px(x: float) -> float:
        return left + width * (x - lo) / span

    def py(y: float) -> float:
        return top + height * (1 - y / 100)

    body = _legend(list(lines), 4)
    for tick in range(0, 101, 20):
        body.append(f'<line x1="{left}" x2="{left + width}" y1="{py(tick)}" y2="{py(tick)}" stroke="#ddd"/>'
                    f'<text x="{left - 6}" y="{py(tick) + 4}" text-anchor="end">{tick}</text>')
    for tick in range(int(lo), int(hi) + 1, 20):
        body.append(f'<text x="{px(tick)}" y="{top + height + 16}" text-anchor="middle">{tick}</text>')
    body.append(f'<text x="{left + width / 2}" y="{top + height + 34}" text-anchor="middle">{escape(x_label)}</text>'
                f'<text transform="translate(14 {top + height / 2}) rotate(-90)" text-anchor="middle">'
                f"{escape(y_label)}</text>")
    for i, (name, points) in enumerate(lines.items()):
        color = PALETTE[i % len(PALETTE)]
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in sorted(points))
        body.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, y in points:
            body.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}">'
                        f"<title>{escape(name)} at {x:g}: {y:.1f}</title></circle>")
            if marks and marks.get(name) == x:
                body.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="7" fill="none" stroke="{color}" '
                            f'stroke-width="2"/>')
    return _svg(left + width + 30, top + height + 44, title, body)
