"""The report's evaluation sections: accuracy per benchmark (Table 1) and the ratio sweep (Table 4), for
every scoring mode and chat setting the catalog has scores for.

Every accuracy is shown with its n and 95% interval (evaluation/report_stats.py), a set never scored
as "—"; a gap (EN - AR) is printed with its interval and p, marked "≈" when the test cannot tell the
two apart, and a sweep's best ratio is marked only where it beats the runner-up.
"""

from __future__ import annotations

from pathlib import Path

from jisr.evaluation import charts
from jisr.evaluation.benchmarks import TITLES
from jisr.evaluation.report import groups_of, latest_scores
from jisr.evaluation.reference import published_for
from jisr.evaluation.report_doc import Block, Chart, Heading, Score, Table, Text
from jisr.evaluation.report_sections import ReportContext
from jisr.evaluation.report_stats import difference
from jisr.evaluation.sweep import sweep_settings, sweep_tables

_LANGUAGES = ("en", "ar")


def _scorings(ctx: ReportContext, found: list[str]) -> list[str]:
    return [s for s in found if ctx.scorings is None or s in ctx.scorings]


def _task_title(task: tuple[str, str]) -> str:
    group, language = task
    return f"{TITLES.get(group, group)} {language.upper()}"


def _setting(scoring: str, chat: bool) -> str:
    return f"{scoring} scoring, {'chat template' if chat else 'no chat template'}"


def _has_gap(group: str, present: set[tuple[str, str]]) -> bool:
    """A gap column only for a benchmark scored in both languages (by some model)."""
    return (group, "en") in present and (group, "ar") in present


def evaluation(ctx: ReportContext) -> list[Block]:
    """Per scoring mode: every model in one grouped chart, and Table 1 with n, intervals and tested gaps."""
    found = [s for (s,) in ctx.catalog.con.execute(
        "SELECT DISTINCT scoring FROM eval_results WHERE metric = ? ORDER BY 1", [ctx.metric]).fetchall()]
    scorings = _scorings(ctx, found)
    if not scorings:
        return [Text(f"No {ctx.metric} scores yet (jisr eval).", muted=True)]
    blocks: list[Block] = [Text(
        "Accuracy in % with its 95% interval (lm-eval's stderr, else Wilson's over n) and n, the latest score "
        "per model, set and scoring; [chat] marks scores through the model's chat template. EN−AR is the gap "
        "in points with its 95% interval and p (two-sided z test); ≈ marks a gap the test cannot tell from "
        "zero. MMLU is the unweighted mean of the six medical subjects. \"—\": never scored.")]
    for scoring in scorings:
        models = latest_scores(ctx.catalog, ctx.metric, scoring)
        groups = groups_of(models)
        present = {task for entry in models for task in entry.sets}
        extra = sorted({lang for _, lang in present} - set(_LANGUAGES))
        tasks = [(g, lang) for g in groups for lang in (*_LANGUAGES, *extra) if (g, lang) in present]
        scores = {entry.label: entry.scores() for entry in models}
        blocks.append(Heading(f"{scoring} scoring ({ctx.metric})"))
        title = f"Accuracy per benchmark and language, {scoring} scoring ({ctx.metric}): every model"
        blocks.append(Chart(charts.accuracy_bars(title, [_task_title(t) for t in tasks],
                                                 {label: [s.get(t) for t in tasks] for label, s in scores.items()}),
                            title))
        shown = [g for g in groups if any(g == group for group, _ in tasks)]
        columns = ["model", "mix"]
        for g in shown:
            columns += [f"{TITLES.get(g, g)} {lang.upper()}" for lang in (*_LANGUAGES, *extra) if (g, lang) in present]
            if _has_gap(g, present):
                columns.append(f"{TITLES.get(g, g)} EN−AR")
        rows, classes = [], []
        for entry in models:
            values = scores[entry.label]
            row = [entry.label, entry.mix]
            for g in shown:
                row += [Score(values.get((g, lang))) for lang in (*_LANGUAGES, *extra) if (g, lang) in present]
                en, ar = values.get((g, "en")), values.get((g, "ar"))
                if _has_gap(g, present):
                    row.append(None if en is None or ar is None else difference(en, ar).text())
            rows.append(row)
            classes.append("")
        for model in dict.fromkeys(entry.model for entry in models):
            published = published_for(model)
            if published:
                name, paper = published
                row = [f"paper: {name}", "published"]
                for g in shown:
                    row += [paper.get((g, lang)) for lang in (*_LANGUAGES, *extra) if (g, lang) in present]
                    en, ar = paper.get((g, "en")), paper.get((g, "ar"))
                    if _has_gap(g, present):
                        row.append(None if en is None or ar is None else f"{en - ar:+.1f}")
                rows.append(row)
                classes.append("paper")
        blocks.append(Table(columns, rows, classes))
        notes = [note for entry in models for note in entry.notes()]
        blocks += [Text(note, muted=True) for note in notes]
        if "paper" in classes:
            blocks.append(Text("paper: rows are the published numbers of arXiv 2501.09825 for the same model "
                               "(no n or interval published).", muted=True))
    return blocks


def sweep(ctx: ReportContext) -> list[Block]:
    """Per scoring mode and chat setting, per base model and mix prefix: accuracy against the Arabic share."""
    settings = [(s, chat) for s, chat in sweep_settings(ctx.catalog)
                if ctx.scorings is None or s in ctx.scorings]
    blocks: list[Block] = []
    for scoring, chat in settings:
        for table in sweep_tables(ctx.catalog, scoring, ctx.metric, chat):
            base = Path(table.base_model.rstrip("/")).name
            title = f"{base}: accuracy vs Arabic share, {table.prefix}-* mixes ({_setting(scoring, chat)})"
            fits, best = table.fits(), table.best()
            panels = [charts.SweepPanel(table.task_title(t), table.task_scores(t), fits.get(t),
                                        table.baseline_scores.get(t), best.get(t)) for t in table.tasks]
            blocks += [Heading(f"{base}, {table.prefix}-* ({_setting(scoring, chat)})"),
                       Chart(charts.sweep_panels(title, panels), title)]
            rows = [["baseline", *(Score(table.baseline_scores.get(t)) for t in table.tasks)]] \
                if table.baseline_scores else []
            for share in sorted(table.scores, reverse=True):
                values = table.scores[share]
                rows.append([f"{share:g}:{100 - share:g}",
                             *(Score(values.get(t), best.get(t) == share) for t in table.tasks)])
            blocks.append(Table(["Ar:En", *(table.task_title(t) for t in table.tasks)], rows))
            if table.verdicts():
                blocks.append(Table(["task", "fit: best Arabic share [95% interval]", "next ratios worth training"],
                                    table.verdicts()))
    if not blocks:
        return [Text("No sweep results yet (jisr sweep).", muted=True)]
    return [Text("Per task: accuracy (95% interval, n) of the model fine-tuned on each Arabic:English mix, the "
                 "base model as the dashed baseline, and a weighted quadratic fit with its 95% bootstrap band "
                 "(evaluation/sweep_fit.py). ★ best marks a ratio only where it beats the runner-up (p < 0.05); "
                 "\"cannot tell apart\": the fit is no better than a flat line."), *blocks]
