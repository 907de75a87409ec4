"""The report's evaluation sections: accuracy per benchmark (Table 1) and the ratio sweep (Table 4), for
every scoring mode and chat setting the catalog has scores for.

The numbers come from the score layer `jisr eval report` prints (evaluation/scores.py), so both
reports show the same scores and the same tested differences. Every accuracy is shown with its n and
95% interval (evaluation/report_stats.py), a set never scored as "—"; a difference (EN − AR, a
fine-tuned model minus its base) is printed with its interval and p from the paired test on the same
items (McNemar, evaluation/paired.py), or the z test marked "unpaired" where the items do not pair
up, and "≈" when the test cannot tell the two apart; a sweep's best ratio is marked only where its
paired test beats the runner-up (SweepTable.best).
"""

from __future__ import annotations

from pathlib import Path

from jisr.evaluation import charts
from jisr.evaluation.report_doc import Block, Chart, Heading, Score, Table, Text
from jisr.evaluation.report_sections import ReportContext, report_section
from jisr.evaluation.report_stats import Difference
from jisr.evaluation.scores import ScoreReport, model_label, score_report, task_title
from jisr.evaluation.sweep import VERDICT_COLUMNS, sweep_settings, sweep_tables

TESTS = ("McNemar's exact test on the items both scores share, with a paired bootstrap 95% interval "
         "(evaluation/paired.py), as in jisr eval report; \"unpaired\" marks the two-sided z test on the two "
         "stderrs, used where the items do not pair up (scores stored without item outcomes)")


def _scorings(ctx: ReportContext, found: list[str]) -> list[str]:
    return [s for s in found if ctx.scorings is None or s in ctx.scorings]


def _task_title(task: tuple[str, str]) -> str:
    group, language = task
    return f"{task_title(group)} {language.upper()}"


def _setting(scoring: str, chat: bool) -> str:
    return f"{scoring} scoring, {'chat template' if chat else 'no chat template'}"


def _test(diff: Difference) -> str:
    return f"McNemar, {diff.n:,} pairs" if diff.n is not None else "z test (unpaired)"


def _table1(report: ScoreReport) -> Table:
    """A row per model (and the paper's published rows): each set's score, and EN − AR where both were scored."""
    tasks = report.tasks
    groups = list(dict.fromkeys(g for g, _ in tasks))
    has_gap = {g for g in groups if {(g, "en"), (g, "ar")} <= set(tasks)}
    columns = ["model", "mix"]
    for g in groups:
        columns += [_task_title(t) for t in tasks if t[0] == g] + ([f"{task_title(g)} EN−AR"] if g in has_gap else [])
    rows, classes, papers = [], [], {}
    for m in report.models:
        gaps = {c.task[0]: c.diff for c in m.comparisons if c.kind == "en-ar"}
        row = [m.label, m.mix]
        for g in groups:
            row += [Score(m.score(t)) for t in tasks if t[0] == g]
            if g in has_gap:
                row.append(gaps[g].tested_text() if g in gaps else None)
        rows.append(row)
        classes.append("")
        published = m.paper()
        if published:
            papers[published[0]] = published[1]
    for name, paper in papers.items():
        row = [f"paper: {name}", "published"]
        for g in groups:
            row += [paper.get(t) for t in tasks if t[0] == g]
            en, ar = paper.get((g, "en")), paper.get((g, "ar"))
            if g in has_gap:
                row.append(None if en is None or ar is None else f"{en - ar:+.1f}")
        rows.append(row)
        classes.append("paper")
    return Table(columns, rows, classes)


def _versus_base(report: ScoreReport) -> list[list]:
    """Each fine-tuned model minus its base model (same scoring and chat setting), per task and language."""
    return [[m.label, model_label(m.base_model, None, m.chat_template), m.mix, _task_title(c.task),
             c.diff.text(), _test(c.diff)]
            for m in report.models for c in m.comparisons if c.kind == "vs base"]


@report_section("evaluation", "Evaluation: English vs Arabic per benchmark")
def evaluation(ctx: ReportContext) -> list[Block]:
    """Per scoring mode: every model in one grouped chart, Table 1 with n, intervals and tested gaps, and
    each fine-tuned model against its base."""
    found = [s for (s,) in ctx.catalog.con.execute(
        "SELECT DISTINCT scoring FROM eval_results WHERE metric = ? ORDER BY 1", [ctx.metric]).fetchall()]
    scorings = _scorings(ctx, found)
    if not scorings:
        return [Text(f"No {ctx.metric} scores yet (jisr eval).", muted=True)]
    blocks: list[Block] = [Text(
        "Accuracy in % with its 95% interval (lm-eval's stderr, else Wilson's over n) and n, the latest score "
        "per model, set and scoring; [chat] marks scores through the model's chat template. EN−AR is the gap "
        f"in points with its 95% interval and p: {TESTS}. ≈ marks a gap the test cannot tell from zero "
        "(p ≥ 0.05). MMLU is the unweighted mean of the six medical subjects. \"—\": never scored.")]
    for scoring in scorings:
        report = score_report(ctx.catalog, ctx.metric, scoring)
        blocks.append(Heading(f"{scoring} scoring ({ctx.metric})"))
        title = f"Accuracy per benchmark and language, {scoring} scoring ({ctx.metric}): every model"
        blocks.append(Chart(charts.accuracy_bars(title, [_task_title(t) for t in report.tasks],
                                                 {m.label: [m.score(t) for t in report.tasks] for m in report.models}),
                            title))
        table = _table1(report)
        blocks.append(table)
        blocks += [Text(note, muted=True) for note in report.notes]
        if "paper" in table.row_classes:
            blocks.append(Text("paper: rows are the published numbers of arXiv 2501.09825 for the same model "
                               "(no n or interval published).", muted=True))
        versus = _versus_base(report)
        if versus:
            blocks += [Text("Fine-tuned models against the base model they were trained from, scored the same "
                            "way: the difference in points with its 95% interval and p, ≈ where the test cannot "
                            f"tell them apart; the test: {TESTS}."),
                       Table(["fine-tuned model", "base", "mix", "task", "minus base [95% interval] p", "test"],
                             versus)]
    return blocks


@report_section("sweep", "Ratio sweep: accuracy vs Arabic share")
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
                blocks.append(Table(VERDICT_COLUMNS, table.verdicts()))
    if not blocks:
        return [Text("No sweep results yet (jisr sweep).", muted=True)]
    return [Text("Per task: accuracy (95% interval, n) of the model fine-tuned on each Arabic:English mix, the "
                 "base model as the dashed baseline, and a weighted quadratic fit with its 95% bootstrap band "
                 "(evaluation/sweep_fit.py). ★ best marks a ratio only where it beats the runner-up on the same items "
                 "(McNemar p < 0.05, or the z test where the items do not pair up); "
                 "\"cannot tell apart\": the fit is no better than a flat line."), *blocks]
