"""`jisr report`'s document: a header saying what produced it, a table of contents and the sections in order.

The page's outline is the registered report sections in order (evaluation/report_sections.py
`SECTIONS`): each has an anchor (its name), a title and a builder that takes the `ReportContext` and
returns report blocks (evaluation/report_doc.py). Adding a section is registering one. The same sections are written as one self-contained HTML page (inline style, charts as inline SVG
from matplotlib, nothing fetched: it opens offline and can be mailed as it is) or as markdown.

The header names the jisr version that wrote the report, the catalog, the build configuration
behind it (a digest of the latest succeeded `jisr build` run's parameters: the config file, its
sources and curation steps, so two reports from the same build show the same digest) and the time.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

from jisr import __version__
from jisr.errors import InputError
from jisr.evaluation.report_doc import Section, to_html, to_markdown
from jisr.evaluation.report_sections import SECTIONS, ReportContext, ReportSection


FORMATS = {"html": to_html, "md": to_markdown}


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
    sections = []
    for anchor, section in SECTIONS.items():
        if not isinstance(section, ReportSection):
            raise InputError(f"report section '{anchor}' is a {type(section).__name__}, not a ReportSection "
                             "(register one with @report_section(name, title))")
        sections.append(Section(anchor, section.title, section.build(ctx)))
    return FORMATS[fmt]("jisr report", header(ctx), sections)
