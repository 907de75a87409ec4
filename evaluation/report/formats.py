"""`jisr eval report`: the scores of evaluation/scores.py as terminal tables, CSV, JSON or Markdown.

The default is lm-eval's long format (task, language, metric, value, ±, n), one table per model,
which fits 80 columns whatever the number of benchmarks; `--wide` gives the paper's Table 1 layout
(one row per model, EN / AR / gap per benchmark, only the columns something was scored in). A task
never scored shows "—" (an empty cell in CSV, null in JSON). Markdown cells are escaped: model and
set names are user input and must stay text wherever the table is pasted.
"""

from __future__ import annotations

import csv
import io
import json
import re

from jisr.text import MISSING
from jisr.evaluation.intervals import Acc, Difference, p_text
from jisr.evaluation.scores import ModelScores, ScoreReport, task_title

LONG_COLUMNS = ["task", "lang", "metric", "value", "±", "n", "paper"]
COMPARISON_COLUMNS = ["comparison", "task", "Δ points", "95% interval", "p", "pairs"]
CAPTION = ("value, ± (half the 95% interval: lm-eval's stderr, else Wilson's) in %; n items; — = never scored; "
           "paper = arXiv 2501.09825")
COMPARISON_CAPTION = ("paired on the same items (McNemar p, paired bootstrap interval); pairs — = unpaired z test "
                      "(items not stored or not matched); ≈ = cannot tell apart (p ≥ 0.05)")


def _one(value: float) -> float:
    return round(value, 1)


def long_rows(report: ScoreReport, model: ModelScores) -> list[list]:
    """One row per task and language: value and ± in %, n, and the paper's value where it published one."""
    published = model.paper()
    rows = []
    for task in report.tasks:
        acc = model.score(task)
        paper = published[1].get(task) if published else None
        cells = [_one(100 * acc.value), _one(acc.pm()), acc.n] if acc else [MISSING] * 3
        rows.append([task_title(task[0]), task[1].upper(), report.metric, *cells,
                     None if paper is None else _one(paper)])
    return rows


def _delta(diff: Difference) -> str:
    return ("" if diff.significant else "≈ ") + f"{diff.points:+.1f}"


def comparison_rows(model: ModelScores) -> list[list]:
    """EN − AR per task and, for a fine-tuned model, minus its base per task and language."""
    return [["EN − AR" if c.kind == "en-ar" else "vs base",
             task_title(c.task[0]) + ("" if c.kind == "en-ar" else f" {c.task[1].upper()}"), _delta(c.diff),
             f"[{c.diff.low:+.1f}, {c.diff.high:+.1f}]", p_text(c.diff.p),
             MISSING if c.diff.n is None else c.diff.n] for c in model.comparisons]


def title(report: ScoreReport, model: ModelScores) -> str:
    return model.label + (f" · mix {model.mix}" if model.mix else "") + f" ({report.scoring}, {report.metric})"


def _cell(acc: Acc | None) -> str:
    return MISSING if acc is None else f"{100 * acc.value:.1f} ±{acc.pm():.1f} n={acc.n:,}"


def wide_table(report: ScoreReport) -> tuple[list[str], list[list]]:
    """Table 1's layout: a row per model (and the paper's rows), EN / AR / gap per group scored."""
    groups = list(dict.fromkeys(g for g, _ in report.tasks))
    parts = [(g, part) for g in groups for part in ("EN", "AR", "gap")
             if (part == "gap" and {(g, "en"), (g, "ar")} <= set(report.tasks))
             or (part != "gap" and (g, part.lower()) in report.tasks)]
    with_mix = any(m.mix for m in report.models)
    columns = ["model", *(["mix"] if with_mix else []), *(f"{task_title(g)} {part}" for g, part in parts)]
    rows, papers = [], {}
    for m in report.models:
        gaps = {c.task[0]: c.diff for c in m.comparisons if c.kind == "en-ar"}
        cells = [(f"{_delta(gaps[g])} p={p_text(gaps[g].p)}" if g in gaps else MISSING) if part == "gap"
                 else _cell(m.score((g, part.lower()))) for g, part in parts]
        rows.append([m.label, *([m.mix or ""] if with_mix else []), *cells])
        published = m.paper()
        if published:
            papers[published[0]] = published[1]
    for name, scores in papers.items():
        cells = []
        for g, part in parts:
            en, ar = scores.get((g, "en")), scores.get((g, "ar"))
            value = (None if en is None or ar is None else en - ar) if part == "gap" else scores.get((g, part.lower()))
            cells.append(MISSING if value is None else f"{value:+.1f}" if part == "gap" else f"{value:.1f}")
        rows.append([f"paper: {name}", *(["published"] if with_mix else []), *cells])
    return columns, rows


def to_csv(report: ScoreReport) -> str:
    records = report.records()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def to_json(report: ScoreReport) -> str:
    return json.dumps(report.records(), ensure_ascii=False, indent=1) + "\n"


# Inside a table cell (never at a line's start) these are what can make markup: emphasis, code, links
# and images (no `[`, no link), HTML and entities, strikethrough, and the cell separator.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")


def md_cell(value) -> str:
    """A Markdown table cell that stays text: every character that could start markup backslash-escaped."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}" if isinstance(value, int) else f"{value}"
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def md_table(columns: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(md_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_markdown(report: ScoreReport, wide: bool = False) -> str:
    """Long (or wide) scores, then every model's comparisons, as Markdown tables with a caption line each."""
    if wide:
        scores = md_table(*wide_table(report))
    else:
        scores = md_table(["model", *LONG_COLUMNS],
                          [[m.label, *row] for m in report.models for row in long_rows(report, m)])
    parts = [scores, "\n" + CAPTION + "\n"]  # captions are jisr's own text; cells and notes carry user input
    comparisons = [[m.label, *row] for m in report.models for row in comparison_rows(m)]
    if comparisons:
        parts += ["\n", md_table(["model", *COMPARISON_COLUMNS], comparisons), "\n" + COMPARISON_CAPTION + "\n"]
    parts += ["\n" + md_cell(note) + "\n" for note in report.notes]
    return "".join(parts)
