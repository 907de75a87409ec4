"""`jisr report`: write the catalog's HTML report (evaluation/report_html.py). Registered on the main group."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

from jisr.catalog import CATALOG_FILE, Catalog
from jisr.display import say
from jisr.evaluation.report_html import render_report
from jisr.evaluation.tasks import SCORINGS


def write_report(home: Path, out: Path | None = None, tokenizer: str = "llama3", scoring: str = "fulltext",
                 metric: str = "acc") -> Path:
    """Render the report and write it to `out` (default HOME/reports/report-<UTC time>.html); returns the path.

    A time-stamped name by default, so earlier reports stay as they were for comparison.
    """
    with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
        page = render_report(catalog, tokenizer, scoring, metric)
    if out is None:
        out = home / "reports" / f"report-{datetime.now(timezone.utc):%Y%m%dT%H%M%S%fZ}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


@click.command("report")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write [default: HOME/reports/report-<time>.html].")
@click.option("--tokenizer", default="llama3", show_default=True, help="Whose token counts the composition shows.")
@click.option("--scoring", type=click.Choice(SCORINGS), default="fulltext", show_default=True)
@click.option("--metric", type=click.Choice(["acc", "acc_norm"]), default="acc", show_default=True)
@click.pass_context
def report(ctx: click.Context, out: Path | None, tokenizer: str, scoring: str, metric: str) -> None:
    """Write a self-contained HTML report: composition, drops, mixes, review outcomes, EN/AR gap and the ratio sweep.

    Charts are inline SVG and nothing is fetched, so the file opens offline; Arabic text is laid out
    right-to-left. The paper's published scores appear as reference rows for models it evaluated.
    """
    path = write_report(ctx.find_root().obj["home"], out, tokenizer, scoring, metric)
    say("Wrote ", (str(path), "bold"))
