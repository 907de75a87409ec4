"""`jisr report`'s page: one self-contained HTML file of what the catalog holds, for people to look at.

Sections: catalog composition (tokens by source x language), drops and quarantined rows by reason,
mix compositions, expert review outcomes (verdicts, mean ratings, agreement), the English-Arabic
gap per benchmark (Table 1, with the paper's reference rows) and the ratio sweep (Table 4 and
accuracy vs Arabic share). Charts are inline SVG (evaluation/svg.py), the style is inline, nothing
is fetched: the file opens offline and can be mailed as it is. Any cell or sample written in Arabic
script is marked `dir="rtl" lang="ar"` so browsers lay it out right-to-left and pick Arabic
shaping; the rest of the page stays left-to-right.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from jisr.catalog import Catalog
from jisr.catalog.review_figures import acceptance_by_stratum, gate_agreement
from jisr.evaluation.benchmarks import TITLES
from jisr.evaluation.report import table1
from jisr.evaluation.svg import bar_chart, line_chart
from jisr.evaluation.sweep import sweep_tables

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_STYLE = """
body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1100px; }
h1 { margin-bottom: 0; } .meta { color: #666; margin-top: 4px; }
section { margin: 28px 0; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 10px 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; } th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } tr.paper td { color: #666; font-style: italic; }
td.best { font-weight: bold; background: #eef6e8; } .empty { color: #888; }
blockquote[dir=rtl] { border-right: 3px solid #ccc; border-left: none; margin: 6px 0; padding: 2px 10px; }
"""


def _text(value) -> str:
    """A cell's content; Arabic text gets its own right-to-left span."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    text = escape(str(value))
    return f'<span dir="rtl" lang="ar">{text}</span>' if _ARABIC.search(str(value)) else text


def html_table(columns: list[str], rows: list[list], row_classes: list[str] | None = None,
               cell_classes: list[list[str]] | None = None) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, value in enumerate(row):
            classes = ["num"] if isinstance(value, (int, float)) and not isinstance(value, bool) else []
            if cell_classes and cell_classes[i][j]:
                classes.append(cell_classes[i][j])
            attr = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{attr}>{_text(value)}</td>")
        attr = f' class="{row_classes[i]}"' if row_classes and row_classes[i] else ""
        body.append(f"<tr{attr}>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(anchor: str, title: str, parts: list[str]) -> str:
    return f'<section id="{anchor}"><h2>{escape(title)}</h2>{"".join(parts)}</section>'


def _empty(what: str) -> str:
    return f'<p class="empty">{escape(what)}</p>'


def _pivot(rows: list[tuple], languages: list[str]) -> tuple[list[str], dict[str, list[float]]]:
    """(category, language, value) rows -> categories and one series per language."""
    categories = list(dict.fromkeys(r[0] for r in rows))
    values = {(r[0], r[1]): float(r[2]) for r in rows}
    return categories, {lang: [values.get((c, lang), 0.0) for c in categories] for lang in languages}


def composition_section(catalog: Catalog, tokenizer: str) -> str:
    rows = catalog.con.execute(
        "SELECT source, language, records, total_tokens::BIGINT FROM composition WHERE tokenizer = ? "
        "ORDER BY source, language", [tokenizer]).fetchall()
    if not rows:
        return _section("composition", "Catalog composition", [_empty(f"No kept records counted with {tokenizer}.")])
    languages = sorted({r[1] for r in rows})
    categories, series = _pivot([(r[0], r[1], r[3]) for r in rows], languages)
    chart = bar_chart(f"Kept tokens by source and language ({tokenizer})", categories, series)
    table = html_table(["source", "language", "records", f"tokens ({tokenizer})"], [list(r) for r in rows])
    return _section("composition", "Catalog composition: kept tokens by source x language", [chart, table])


def drops_section(catalog: Catalog) -> str:
    dropped = catalog.con.execute(
        "SELECT drop_reason, source, count(*) FROM records WHERE NOT kept GROUP BY ALL ORDER BY 1, 2").fetchall()
    # A quarantine reason is `kind: detail`; the kind groups rows, the detail stays in the table.
    quarantined = catalog.con.execute(
        "SELECT split_part(reason, ':', 1) AS kind, source, count(*) FROM quarantine GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    parts = []
    reasons = [(f"dropped: {r}", n) for r, n in _totals(dropped)] + [(f"quarantined: {r}", n) for r, n in _totals(quarantined)]
    if not reasons:
        return _section("drops", "Drops by reason", [_empty("Nothing dropped or quarantined.")])
    parts.append(bar_chart("Records dropped and rows quarantined, by reason", [r for r, _ in reasons],
                           {"rows": [float(n) for _, n in reasons]}, stacked=True))
    parts.append(html_table(["outcome", "reason", "source", "rows"],
                            [["dropped", *r] for r in dropped] + [["quarantined", *r] for r in quarantined]))
    return _section("drops", "Drops by reason", parts)


def _totals(rows: list[tuple]) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for reason, _, count in rows:
        totals[reason] = totals.get(reason, 0) + count
    return sorted(totals.items(), key=lambda pair: -pair[1])


def mixes_section(catalog: Catalog) -> str:
    rows = catalog.con.execute(
        "SELECT mix, language, sum(tokens)::BIGINT FROM mix_members WHERE split = 'train' GROUP BY ALL "
        "ORDER BY mix, language").fetchall()
    if not rows:
        return _section("mixes", "Mix compositions", [_empty("No mixes published yet (jisr mix build / sweep).")])
    detail = catalog.con.execute(
        "SELECT m.mix, m.ratio, m.budget, mm.split, mm.language, mm.source, count(*), sum(mm.tokens)::BIGINT "
        "FROM mix_members mm JOIN mixes m USING (mix) GROUP BY ALL ORDER BY 1, 4, 5, 6").fetchall()
    categories, series = _pivot(rows, sorted({r[1] for r in rows}))
    chart = bar_chart("Train tokens per mix by language", categories, series)
    table = html_table(["mix", "ratio", "budget", "split", "language", "source", "records", "tokens"],
                       [list(r) for r in detail])
    return _section("mixes", "Mix compositions", [chart, table])


VERDICTS = ("accepted", "corrected", "rejected")


def _has_views(catalog: Catalog, *names: str) -> bool:
    found = {name for (name,) in catalog.con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal")
             .fetchall()}
    return set(names) <= found


def _two(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def reviews_section(catalog: Catalog) -> str:
    """Verdicts of `jisr review pull` by source and category, mean ratings and inter-annotator agreement.

    Counts the machine translations' verdicts (accepted / corrected / rejected); the records a
    correction became (status `correction`) are not verdicts and are left out.
    """
    title = "Review outcomes"
    if not _has_views(catalog, "review_status", "reviews", "review_agreement"):
        return _section("reviews", title, [_empty("No reviews yet (this catalog has no review tables).")])
    verdicts = catalog.con.execute(
        "SELECT coalesce(r.source, '?') AS source, coalesce(r.category, '-') AS category, "
        "count(*) FILTER (s.status = 'accepted'), count(*) FILTER (s.status = 'corrected'), "
        "count(*) FILTER (s.status = 'rejected'), count(*), avg(s.adequacy), avg(s.fluency) "
        "FROM review_status s LEFT JOIN records r USING (record_id) WHERE s.status IN ('accepted', 'corrected', "
        "'rejected') GROUP BY ALL ORDER BY 1, 2").fetchall()
    if not verdicts:
        return _section("reviews", title, [_empty("No reviews yet (jisr review push / pull).")])
    by_source: dict[str, list[int]] = {}
    for source, _, accepted, corrected, rejected, *_ in verdicts:
        counts = by_source.setdefault(source, [0, 0, 0])
        for k, n in enumerate((accepted, corrected, rejected)):
            counts[k] += n
    sources = list(by_source)
    parts = [bar_chart("Review verdicts by source", sources,
                       {verdict: [float(by_source[s][k]) for s in sources] for k, verdict in enumerate(VERDICTS)},
                       stacked=True)]
    rows = [[source, category, accepted, corrected, rejected, total, f"{100 * accepted / total:.0f}%",
             _two(adequacy), _two(fluency)]
            for source, category, accepted, corrected, rejected, total, adequacy, fluency in verdicts]
    (reviewed, submitted, adequacy, fluency), = catalog.con.execute(
        "SELECT count(DISTINCT record_id), count(*), avg(adequacy), avg(fluency) FROM reviews "
        "WHERE status = 'submitted'").fetchall()
    totals = [sum(r[k] for r in verdicts) for k in (2, 3, 4, 5)]
    rows.append(["all", "", *totals, f"{100 * totals[0] / totals[3]:.0f}%", _two(adequacy), _two(fluency)])
    parts.append(html_table(["source", "category", *VERDICTS, "records", "acceptance", "mean adequacy (1-5)",
                             "mean fluency (1-5)"], rows))
    parts.append(f"<p>{submitted:,} submitted reviews of {reviewed:,} records; per row, the means are over the "
                 "records' mean ratings, on the last row over every submitted review.</p>")
    agreement = catalog.con.execute(
        "SELECT dataset, question, label, level, alpha, agreement, units FROM review_agreement "
        "ORDER BY dataset, question, label NULLS FIRST, level").fetchall()
    if agreement:
        parts.append("<h3>Inter-annotator agreement</h3>")
        parts.append(html_table(["dataset", "question", "label", "level", "Krippendorff's alpha",
                                 "agreeing pairs", "records"],
                                [[d, q, label, level, _two(alpha), _two(share), units]
                                 for d, q, label, level, alpha, share, units in agreement]))
    else:
        parts.append(_empty("No agreement figures yet (they need records with two or more reviews)."))
    parts += _stratum_figures(catalog)
    return _section("reviews", title, parts)


def _stratum_figures(catalog: Catalog) -> list[str]:
    """Acceptance per (specialty, source, model) and the calibrated QE gate's agreement with experts, with
    Wilson 95% intervals (jisr.catalog.review_figures, the figures `jisr review stats` prints)."""
    columns, rows = acceptance_by_stratum(catalog.con)
    shown = [[r["category"], r["source"], r["model"], r["decided"], f"{r['acceptance_pct']:.1f}%",
              f"{r['ci95_low']:.1f}-{r['ci95_high']:.1f}%"] for r in (dict(zip(columns, row)) for row in rows)]
    parts = ["<h3>Acceptance per stratum</h3>",
             html_table(["category", "source", "model", "verdicts", "accepted", "95% CI"], shown)]
    columns, rows = gate_agreement(catalog.con)
    if rows:
        def ci(value, low, high):
            return "n/a" if value is None else f"{value:.0f} [{low:.0f}-{high:.0f}]%"

        shown = [[r["category"], r["source"], r["model"], r["scope"], r["verdicts"], r["rejects"],
                  ci(r["reject_precision"], r["precision_low"], r["precision_high"]),
                  ci(r["reject_recall"], r["recall_low"], r["recall_high"]), r["gate_rejected"], r["unreviewed"]]
                 for r in (dict(zip(columns, row)) for row in rows)]
        parts += [f"<h3>QE gate vs experts ({escape(rows[0][0])}, cross-validated)</h3>",
                  html_table(["category", "source", "model", "decided by", "verdicts", "not keep-able",
                              "precision of reject", "recall of reject", "kept out", "unreviewed"], shown)]
    return parts


def gap_section(catalog: Catalog, scoring: str, metric: str) -> str:
    result = table1(catalog, metric, scoring)
    if not result.rows:
        return _section("gap", "English vs Arabic", [_empty(f"No {scoring} {metric} scores yet (jisr eval).")])
    parts = []
    measured = [row for row in result.rows if row[1] != "published"]
    groups = [c.removesuffix(" EN") for c in result.columns if c.endswith(" EN")]
    for row in measured:
        cells = row[2:]
        categories = [g for k, g in enumerate(groups) if cells[3 * k] is not None or cells[3 * k + 1] is not None]
        series = {lang: [float(cells[3 * groups.index(g) + i] or 0) for g in categories]
                  for i, lang in enumerate(("EN", "AR"))}
        parts.append(bar_chart(f"{row[0]}: accuracy (%) in English and Arabic", categories, series, stacked=False,
                               unit="%"))
    parts.append(html_table(result.columns, result.rows,
                            row_classes=["paper" if row[1] == "published" else "" for row in result.rows]))
    parts.append("<p>gap = EN - AR, in points; MMLU is the unweighted mean of six medical subjects; "
                 "<i>paper:</i> rows are the published numbers of arXiv 2501.09825 for the same model.</p>")
    parts += [f"<p>{escape(note)}</p>" for note in result.notes]
    return _section("gap", f"English vs Arabic per benchmark ({scoring}, {metric})", parts)


def sweep_section(catalog: Catalog, scoring: str, metric: str) -> str:
    tables = sweep_tables(catalog, scoring, metric)
    if not tables:
        return _section("sweep", "Ratio sweep", [_empty("No sweep results yet (jisr sweep).")])
    parts = []
    for sweep in tables:
        names = {task: f"{TITLES.get(task[0], task[0])} {task[1].upper()}" for task in sweep.tasks}
        lines = {names[t]: [(share, values[t]) for share, values in sweep.points.items() if t in values]
                 for t in sweep.tasks}
        best = sweep.best()
        base = Path(sweep.base_model).name
        parts.append(f"<h3>{escape(base)}: {escape(sweep.prefix)}-*</h3>")
        parts.append(line_chart(f"{base}: accuracy vs Arabic share ({sweep.prefix})", "Arabic share of the mix (%)",
                                "accuracy (%)", lines, marks={names[t]: share for t, share in best.items()}))
        rows = sweep.rows()
        marks = [["best" if isinstance(cell, str) and cell.endswith("*") else "" for cell in row] for row in rows]
        parts.append(html_table(sweep.columns(), rows, cell_classes=marks))
        parts.append("<p>* and the ringed points: each task's best ratio.</p>")
    return _section("sweep", f"Ratio sweep: accuracy vs Arabic share ({scoring}, {metric})", parts)


def arabic_samples_section(catalog: Catalog) -> str:
    """One kept Arabic record per source, so a reader sees how Arabic text is laid out."""
    rows = catalog.con.execute(
        "SELECT source, any_value(prompt ORDER BY record_id) FROM records WHERE kept AND language = 'ar' "
        "GROUP BY source ORDER BY source").fetchall()
    if not rows:
        return ""
    parts = [f'<p>{escape(source)}</p><blockquote dir="rtl" lang="ar">{escape(prompt[:400])}</blockquote>'
             for source, prompt in rows]
    return _section("arabic", "Arabic samples (right-to-left)", parts)


def render_report(catalog: Catalog, tokenizer: str = "llama3", scoring: str = "fulltext", metric: str = "acc") -> str:
    """The whole page as one HTML string."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    sections = [composition_section(catalog, tokenizer), drops_section(catalog), mixes_section(catalog),
                reviews_section(catalog), gap_section(catalog, scoring, metric),
                sweep_section(catalog, scoring, metric), arabic_samples_section(catalog)]
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>jisr report</title>'
            f"<style>{_STYLE}</style></head><body><h1>jisr report</h1>"
            f'<p class="meta">{escape(str(catalog.path))} &middot; {now}</p>{"".join(sections)}</body></html>\n')
