"""`jisr report`'s document: a header saying what produced it, a table of contents and the sections in order.

`SECTIONS` is the page's outline, one (anchor, title, builder) per section; a builder takes the
`ReportContext` and returns report blocks (evaluation/report_doc.py). Adding a section is one entry.
The same sections are written as one self-contained HTML page (inline style, charts as inline SVG
from matplotlib, nothing fetched: it opens offline and can be mailed as it is) or as markdown.

The header names the jisr version that wrote the report, the catalog, the build configuration
behind it (a digest of the latest succeeded `jisr build` run's parameters: the config file, its
sources and curation steps, so two reports from the same build show the same digest) and the time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timezone

from jisr import __version__
from jisr.evaluation import report_eval, report_open, report_sections
from jisr.evaluation.report_doc import Block, Section, to_html, to_markdown
from jisr.evaluation.report_sections import ReportContext


FORMATS = {"html": to_html, "md": to_markdown}

SECTIONS: list[tuple[str, str, Callable[[ReportContext], list[Block]]]] = [
    ("composition", "Catalog composition", report_sections.composition),
    ("drops", "Drops and quarantine by reason", report_sections.drops),
    ("mixes", "Mixes", report_sections.mixes),
    ("training", "Training runs", report_sections.training),
    ("reviews", "Review outcomes", report_sections.reviews),
    ("evaluation", "Evaluation: English vs Arabic per benchmark", report_eval.evaluation),
    ("sweep", "Ratio sweep: accuracy vs Arabic share", report_eval.sweep),
    ("open", "Open-ended answers judged (jisr eval open)", report_open.open_answers),
    ("records", "Record browser", report_sections.records),
]


def header(ctx: ReportContext) -> list[tuple[str, str]]:
    build = ctx.catalog.con.execute(
        "SELECT run_id, params, jisr_version FROM runs WHERE command = 'build' AND status = 'succeeded' "
        "ORDER BY finished_at DESC, run_id DESC LIMIT 1").fetchone()
    if build is None:
        config = "— (no succeeded jisr build in this catalog)"
    else:
        run_id, params, version = build
        params = json.loads(params) if params else {}
        digest = hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]
        config = f"{digest} ({params.get('config', '?')}, run {run_id}, jisr {version or '?'})"
    return [("jisr", __version__), ("catalog", str(ctx.catalog.path)), ("build config", config),
            ("token counts", ctx.tokenizer), ("metric", ctx.metric),
            ("generated", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))]


def render_report(ctx: ReportContext, fmt: str = "html") -> str:
    """The whole report as one string, HTML or markdown."""
    sections = [Section(anchor, title, build(ctx)) for anchor, title, build in SECTIONS]
    return FORMATS[fmt]("jisr report", header(ctx), sections)
