"""The report's sections as plugins, and its data sections: composition, drops, mixes, training, review outcomes.

A section is a function of the `ReportContext` returning report blocks (evaluation/report/doc.py),
registered with `@report_section("anchor", "Title")` (jisr/registry.py); the report shows the
registered sections in order: these, then evaluation/report/accuracy.py's, report_open.py's and
report_records.py's, then any another package adds through the `jisr.report_sections` entry point
group (docs/evaluation.md). A section reads only catalog views, so what the page shows is what a
user's SQL would find; one with nothing to show says so and names the command that fills it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jisr.catalog import Catalog
from jisr.catalog.review_figures import acceptance_by_stratum, gate_agreement
from jisr.evaluation.report import charts
from jisr.evaluation.report.doc import Block, Chart, Details, Heading, Table, Text
from jisr.evaluation.intervals import wilson
from jisr.registry import Registry

VERDICTS = ("accepted", "corrected", "rejected")
VERDICT_COLORS = {"accepted": charts.PALETTE[0], "corrected": charts.PALETTE[1], "rejected": charts.BAD}
EXAMPLES = 3               # corrected and rejected pairs shown
SNIPPET = 400              # characters of a passage shown


@dataclass(frozen=True)
class ReportContext:
    """What the report is drawn from and how: token counts of `tokenizer`, accuracies by `metric`, the
    scoring modes shown (None: every one the catalog has scores for)."""

    catalog: Catalog
    tokenizer: str = "llama3"
    metric: str = "acc"
    scorings: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ReportSection:
    """One section of the report: its heading and the function that draws it (called like that function)."""

    title: str
    build: Callable[[ReportContext], list[Block]]

    def __call__(self, ctx: ReportContext) -> list[Block]:
        return self.build(ctx)


SECTIONS: Registry[ReportSection] = Registry(
    "report section", "jisr.report_sections",
    builtins=("jisr.evaluation.report.sections", "jisr.evaluation.report.accuracy", "jisr.evaluation.report.open_answers",
              "jisr.evaluation.report.records"),
    module_of=lambda section: section.build.__module__)


def report_section(name: str, title: str) -> Callable[[Callable[[ReportContext], list[Block]]], ReportSection]:
    """Decorator: the function becomes report section `name` (its anchor in the page), headed `title`."""
    def add(build: Callable[[ReportContext], list[Block]]) -> ReportSection:
        return SECTIONS.register(name)(ReportSection(title, build))

    return add


def _empty(what: str) -> list[Block]:
    return [Text(what, muted=True)]


def _snippet(text: str | None) -> str | None:
    if text is None:
        return None
    return text if len(text) <= SNIPPET else text[:SNIPPET - 1] + "…"


def _pair(prompt: str | None, response: str | None) -> str | None:
    """A record's prompt and response as one passage."""
    if prompt is None and response is None:
        return None
    return f"{_snippet(prompt)}\n\n→ {_snippet(response)}"


def _has_views(catalog: Catalog, *names: str) -> bool:
    found = {name for (name,) in catalog.con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal")
             .fetchall()}
    return set(names) <= found


def _two(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _acceptance(accepted: int, total: int) -> str:
    """`33% [6, 79]`: the share accepted with its Wilson interval (the records column beside it is n)."""
    low, high = wilson(accepted / total, total)
    return f"{100 * accepted / total:.0f}% [{100 * low:.0f}, {100 * high:.0f}]"


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


@report_section("composition", "Catalog composition")
def composition(ctx: ReportContext) -> list[Block]:
    """Kept tokens by source and language, per-language totals, and the prompt/response split."""
    rows = ctx.catalog.con.execute(
        "SELECT source, language, records, prompt_tokens::BIGINT, response_tokens::BIGINT, total_tokens::BIGINT "
        "FROM composition WHERE tokenizer = ? ORDER BY source, language", [ctx.tokenizer]).fetchall()
    if not rows:
        return _empty(f"No kept records counted with {ctx.tokenizer} (jisr build).")
    languages = sorted({r[1] for r in rows})
    sources = list(dict.fromkeys(r[0] for r in rows))
    tokens = {(r[0], r[1]): r[5] for r in rows}
    totals = {lang: [sum(r[k] for r in rows if r[1] == lang) for k in (2, 3, 4, 5)] for lang in languages}
    everything = sum(t[3] for t in totals.values())
    by_language = [[lang, n, prompt, response, total, _share(total, everything), _share(prompt, total)]
                   for lang, (n, prompt, response, total) in totals.items()]
    by_language.append(["all", *(sum(t[k] for t in totals.values()) for k in range(4)), "100.0%",
                        _share(sum(t[1] for t in totals.values()), everything)])
    return [
        Text(f"Kept records and their tokens counted with {ctx.tokenizer} (view `composition`)."),
        Table(["language", "records", "prompt tokens", "response tokens", "tokens", "share of tokens",
               "prompt share"], by_language),
        Chart(charts.bars(f"Kept tokens by source and language ({ctx.tokenizer})", sources,
                          {lang: [tokens.get((s, lang), 0) for s in sources] for lang in languages},
                          f"kept tokens ({ctx.tokenizer})"), "Kept tokens by source and language"),
        Chart(charts.bars(f"Prompt and response tokens by language ({ctx.tokenizer})", languages,
                          {"prompt": [totals[lang][1] for lang in languages],
                           "response": [totals[lang][2] for lang in languages]}, f"kept tokens ({ctx.tokenizer})"),
              "Prompt and response tokens by language"),
        Table(["source", "language", "records", "prompt tokens", "response tokens", "tokens"], [list(r) for r in rows]),
    ]


@report_section("drops", "Drops and quarantine by reason")
def drops(ctx: ReportContext) -> list[Block]:
    """Records dropped by curation, by reason, and rows quarantined at reading, by kind of reason."""
    dropped = ctx.catalog.con.execute(
        # `drops` reads the counts kept as runs finish, not every record's status (catalog/record_counts.py).
        "SELECT drop_reason, source, sum(records)::BIGINT FROM drops GROUP BY ALL ORDER BY 1, 2").fetchall()
    # A quarantine reason is `kind: detail`; the kind groups rows, the detail stays in the catalog.
    quarantined = ctx.catalog.con.execute(
        "SELECT split_part(reason, ':', 1) AS kind, source, count(*) FROM quarantine GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    totals: dict[str, int] = {}
    for outcome, rows in (("dropped", dropped), ("quarantined", quarantined)):
        for reason, _, count in rows:
            totals[f"{outcome}: {reason}"] = totals.get(f"{outcome}: {reason}", 0) + count
    if not totals:
        return _empty("Nothing dropped or quarantined.")
    ranked = sorted(totals.items(), key=lambda pair: -pair[1])
    return [Chart(charts.bars("Records dropped and rows quarantined, by reason", [r for r, _ in ranked],
                              {"rows": [n for _, n in ranked]}, "rows", {"rows": charts.BAD}),
                  "Records dropped and rows quarantined, by reason"),
            Table(["outcome", "reason", "source", "rows"],
                  [["dropped", *r] for r in dropped] + [["quarantined", *r] for r in quarantined])]


def _ratio(tokens: dict[str, int]) -> str:
    whole = sum(tokens.values())
    return " : ".join(f"{lang} {_share(n, whole)}" for lang, n in sorted(tokens.items())) if whole else "—"


@report_section("mixes", "Mixes")
def mixes(ctx: ReportContext) -> list[Block]:
    """The latest version of each mix (target vs achieved ratio, what was eligible, the review policy); older folded."""
    rows = ctx.catalog.con.execute(
        "SELECT name, version, ratio, tokenizer, budget, tokens, records, achieved, recipe, created_at, "
        "row_number() OVER (PARTITION BY name ORDER BY version DESC) = 1 AS latest "
        "FROM mixes ORDER BY name, version DESC"
    ).fetchall()
    if not rows:
        return _empty("No mixes published yet (jisr mix build / jisr sweep).")
    latest, older = [], []
    train_tokens: dict[str, dict[str, int]] = {}
    for name, version, ratio, tokenizer, budget, tokens, records, achieved, recipe, created, is_latest in rows:
        achieved, recipe = json.loads(achieved), json.loads(recipe)
        if not is_latest:
            older.append([f"{name}@{version}", ratio, _ratio(achieved.get("train", {})), tokens, records,
                          f"{created:%Y-%m-%d %H:%M}"])
            continue
        train_tokens[f"{name}@{version}"] = achieved.get("train", {})
        eligible = "; ".join(recipe.get("eligible") or []) or "every kept record"
        latest.append([f"{name}@{version}", ratio, _ratio(achieved.get("train", {})), tokenizer, budget, tokens,
                       records, eligible, recipe.get("review", "gate")])
    names = list(train_tokens)
    languages = sorted({lang for t in train_tokens.values() for lang in t})
    blocks: list[Block] = [
        Table(["mix", "target ratio", "achieved (train)", "tokenizer", "budget", "tokens", "records",
               "eligible records", "review policy"], latest),
        Chart(charts.bars("Train tokens per mix (latest versions) by language", names,
                          {lang: [train_tokens[m].get(lang, 0) for m in names] for lang in languages},
                          "train tokens (counted with each mix's tokenizer)"), "Train tokens per mix"),
        Text("Review policy (recipe key `review`): gate = unreviewed translations enter when the QE gate kept "
             "them; all = the same for every unreviewed translation; reviewed = only expert-accepted ones and "
             "corrections. In every mode a rejected translation stays out and a corrected one is replaced."),
    ]
    if older:
        blocks.append(Details(f"{len(older)} older mix version{'s' if len(older) > 1 else ''}",
                              [Table(["mix", "target ratio", "achieved (train)", "tokens", "records", "created"],
                                     older)]))
    return blocks


def _duration(start: datetime | None, end: datetime | None) -> str | None:
    if start is None or end is None:
        return None
    seconds = int((end - start).total_seconds())
    if seconds >= 3600:
        return f"{seconds // 3600}h {seconds // 60 % 60:02d}m"
    return f"{seconds // 60}m {seconds % 60:02d}s"


@report_section("training", "Training runs")
def training(ctx: ReportContext) -> list[Block]:
    """Fine-tuning runs: what was trained on which mix, for how many steps, the loss curves and the time taken."""
    rows = ctx.catalog.con.execute(
        "SELECT run_id, base_model, mix, method, status, losses, final_loss, started_at, finished_at "
        "FROM training_runs ORDER BY started_at").fetchall()
    if not rows:
        return _empty("No training runs yet (jisr train / jisr sweep).")
    table, curves = [], {}
    for run_id, base, mix, method, status, losses, final, started, finished in rows:
        history = json.loads(losses) if losses else []
        points = [(entry["step"], entry["loss"]) for entry in history if "loss" in entry and "step" in entry]
        steps = max((entry.get("step", 0) for entry in history), default=None)
        base_name = Path(base.rstrip("/")).name or base
        table.append([run_id, base_name, mix, method, status, steps, None if final is None else f"{final:.3f}",
                      None if started is None else f"{started:%Y-%m-%d %H:%M}", _duration(started, finished)])
        if points:
            curves[f"{mix} on {base_name} ({run_id[-6:]})"] = points
    blocks: list[Block] = [Table(["run", "base model", "mix", "method", "status", "steps", "final loss", "started",
                                  "time"], table)]
    if curves:
        blocks.append(Chart(charts.lines("Training loss per logged step", "step", "training loss", curves),
                            "Training loss per logged step"))
    if len(curves) < len(rows):
        blocks.append(Text(f"{len(rows) - len(curves)} of {len(rows)} runs logged no per-step loss (fewer steps "
                           "than the training config's logging_steps, or not finished).", muted=True))
    return blocks


@report_section("reviews", "Review outcomes")
def reviews(ctx: ReportContext) -> list[Block]:
    """Verdicts of `jisr review pull` by source and category, mean ratings, agreement and example pairs.

    Counts the machine translations' verdicts (accepted / corrected / rejected); the records a
    correction became (status `correction`) are not verdicts and are left out.
    """
    con = ctx.catalog.con
    if not _has_views(ctx.catalog, "review_status", "reviews", "review_agreement"):
        return _empty("No reviews yet (this catalog has no review tables).")
    verdicts = con.execute(
        "SELECT coalesce(r.source, '?') AS source, coalesce(r.category, '-') AS category, "
        "count(*) FILTER (s.status = 'accepted'), count(*) FILTER (s.status = 'corrected'), "
        "count(*) FILTER (s.status = 'rejected'), count(*), avg(s.adequacy), avg(s.fluency) "
        "FROM review_status s LEFT JOIN records r USING (record_id) WHERE s.status IN ('accepted', 'corrected', "
        "'rejected') GROUP BY ALL ORDER BY 1, 2").fetchall()
    if not verdicts:
        return _empty("No reviews yet (jisr review push / pull).")
    by_source: dict[str, list[int]] = {}
    for source, _, accepted, corrected, rejected, *_ in verdicts:
        counts = by_source.setdefault(source, [0, 0, 0])
        for k, n in enumerate((accepted, corrected, rejected)):
            counts[k] += n
    sources = list(by_source)
    rows = [[source, category, accepted, corrected, rejected, total, _acceptance(accepted, total), _two(adequacy),
             _two(fluency)] for source, category, accepted, corrected, rejected, total, adequacy, fluency in verdicts]
    (reviewed, submitted, adequacy, fluency), = con.execute(
        "SELECT count(DISTINCT record_id), count(*), avg(adequacy), avg(fluency) FROM reviews "
        "WHERE status = 'submitted'").fetchall()
    totals = [sum(r[k] for r in verdicts) for k in (2, 3, 4, 5)]
    rows.append(["all", "", *totals, _acceptance(totals[0], totals[3]), _two(adequacy), _two(fluency)])
    blocks: list[Block] = [
        Chart(charts.bars("Review verdicts by source", sources,
                          {v: [by_source[s][k] for s in sources] for k, v in enumerate(VERDICTS)}, "records",
                          VERDICT_COLORS), "Review verdicts by source"),
        Table(["source", "category", *VERDICTS, "records", "acceptance [95%]", "mean adequacy (1-5)",
               "mean fluency (1-5)"], rows),
        Text(f"{submitted:,} submitted reviews of {reviewed:,} records; per row, the means are over the records' "
             "mean ratings, on the last row over every submitted review."),
    ]
    agreement = con.execute(
        "SELECT dataset, question, label, level, alpha, agreement, units FROM review_agreement "
        "ORDER BY dataset, question, label NULLS FIRST, level").fetchall()
    blocks.append(Heading("Inter-annotator agreement"))
    if agreement:
        blocks.append(Table(["dataset", "question", "label", "level", "Krippendorff's alpha", "agreeing pairs",
                             "records"],
                            [[d, q, lab, lev, _two(a), _two(s), u] for d, q, lab, lev, a, s, u in agreement]))
    else:
        blocks += _empty("No agreement figures yet (they need records with two or more reviews).")
    corrected = con.execute(
        "SELECT mt.source, mt.prompt, mt.response, c.prompt, coalesce(c.response, s.correction), s.adequacy "
        "FROM review_status s JOIN records mt USING (record_id) LEFT JOIN records c ON c.record_id = "
        "s.corrected_record_id WHERE s.status = 'corrected' ORDER BY s.record_id LIMIT ?", [EXAMPLES]).fetchall()
    if corrected:
        blocks += [Heading("Corrected translations: machine text and the expert's correction"),
                   Table(["source", "machine translation", "expert correction", "adequacy"],
                         [[src, _pair(p, r), _pair(cp, cr) if cp else _snippet(cr), _two(a)]
                          for src, p, r, cp, cr, a in corrected], prose=True)]
    rejected = con.execute(
        "SELECT mt.source, o.prompt, o.response, mt.prompt, mt.response, s.adequacy FROM review_status s "
        "JOIN records mt USING (record_id) LEFT JOIN records o ON o.record_id = mt.parent_id "
        "WHERE s.status = 'rejected' ORDER BY s.record_id LIMIT ?", [EXAMPLES]).fetchall()
    if rejected:
        blocks += [Heading("Rejected translations: the original and the machine text"),
                   Table(["source", "original", "rejected translation", "adequacy"],
                         [[src, _pair(op, orr), _pair(p, r), _two(a)] for src, op, orr, p, r, a in rejected],
                         prose=True)]
    return blocks + _stratum_figures(ctx.catalog)


def _stratum_figures(catalog: Catalog) -> list[Block]:
    """Acceptance per (specialty, source, model) and the calibrated QE gate's agreement with experts, with
    Wilson 95% intervals: the figures `jisr review stats` prints (jisr.catalog.review_figures)."""
    columns, rows = acceptance_by_stratum(catalog.con)
    blocks: list[Block] = [Heading("Acceptance per stratum"), Table(
        ["category", "source", "model", "verdicts", "accepted", "95% CI"],
        [[r["category"], r["source"], r["model"], r["decided"], f"{r['acceptance_pct']:.1f}%",
          f"{r['ci95_low']:.1f}-{r['ci95_high']:.1f}%"] for r in (dict(zip(columns, row)) for row in rows)])]
    columns, rows = gate_agreement(catalog.con)
    if not rows:
        return blocks + [Text("No gate calibration yet (jisr review pull or jisr review calibrate).", muted=True)]

    def ci(value, low, high):
        return None if value is None else f"{value:.0f} [{low:.0f}-{high:.0f}]%"

    return blocks + [Heading(f"QE gate vs experts ({rows[0][0]}, cross-validated)"), Table(
        ["category", "source", "model", "decided by", "verdicts", "not keep-able", "precision of reject",
         "recall of reject", "kept out", "unreviewed"],
        [[r["category"], r["source"], r["model"], r["scope"], r["verdicts"], r["rejects"],
          ci(r["reject_precision"], r["precision_low"], r["precision_high"]),
          ci(r["reject_recall"], r["recall_low"], r["recall_high"]), r["gate_rejected"], r["unreviewed"]]
         for r in (dict(zip(columns, row)) for row in rows)])]
