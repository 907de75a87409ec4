"""`jisr report`: write the catalog's report (evaluation/report/html.py), HTML or markdown; on the main group."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

from jisr.catalog import CATALOG_FILE, Catalog
from jisr.commands.home import home_of
from jisr.display import say
from jisr.evaluation.report.html import FORMATS, render_report
from jisr.evaluation.report.sections import ReportContext
from jisr.evaluation.tasks import SCORINGS


def write_report(home: Path, out: Path | None = None, tokenizer: str = "llama3", scorings: tuple[str, ...] = (),
                 metric: str = "acc", fmt: str = "html") -> Path:
    """Render the report and write it to `out` (default HOME/reports/report-<UTC time>.<html|md>); returns the path.

    A time-stamped name by default, so earlier reports stay as they were for comparison. No
    `scorings`: every scoring mode the catalog has scores for.
    """
    with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
        page = render_report(ReportContext(catalog, tokenizer, metric, tuple(scorings) or None), fmt)
    if out is None:
        out = home / "reports" / f"report-{datetime.now(timezone.utc):%Y%m%dT%H%M%S%fZ}.{fmt}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


@click.command("report")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: HOME/reports/report-<time>.<format>].")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="html", show_default=True,
              help="html: one self-contained page with charts; md: the same sections as markdown tables.")
@click.option("--tokenizer", default="llama3", show_default=True, help="Whose token counts the composition shows.")
@click.option("--scoring", "scorings", type=click.Choice(SCORINGS), multiple=True,
              help="Show only this scoring mode (repeatable) [default: every mode with scores].")
@click.option("--metric", type=click.Choice(["acc", "acc_norm"]), default="acc", show_default=True)
@click.pass_context
def report(ctx: click.Context, out: Path | None, fmt: str, tokenizer: str, scorings: tuple[str, ...],
           metric: str) -> None:
    """Write the catalog's report: composition, drops, mixes, training, reviews, evaluation, the ratio sweep
    and a record browser, for every scoring mode and chat setting with scores.

    The HTML page is self-contained (charts are inline SVG, nothing is fetched), so it opens offline;
    Arabic text is laid out right-to-left. Every accuracy carries its n and 95% interval.
    """
    path = write_report(home_of(ctx), out, tokenizer, scorings, metric, fmt)
    say("Wrote ", (str(path), "bold"))
