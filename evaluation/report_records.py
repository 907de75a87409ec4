"""The report's record browser: a few kept records per source, to see what the data looks like.

Its own module so that it is registered after every other built-in section: the browser closes the
page (evaluation/report_sections.py registers sections in module order).
"""

from __future__ import annotations

from jisr.evaluation.report_doc import Block, Table, Text
from jisr.evaluation.report_sections import SNIPPET, ReportContext, _empty, _snippet, report_section

BROWSER_ROWS = 3  # records per source


@report_section("records", "Record browser")
def records(ctx: ReportContext) -> list[Block]:
    """A few kept records per source, prompt and response with their lengths, to see what the data looks like."""
    rows = ctx.catalog.con.execute(
        "SELECT r.source, r.language, r.record_id, r.prompt, r.response, length(r.prompt), length(r.response), "
        "t.total_tokens FROM records r LEFT JOIN token_counts t ON t.record_id = r.record_id AND t.tokenizer = ? "
        "WHERE r.kept QUALIFY row_number() OVER (PARTITION BY r.source ORDER BY r.record_id) <= ? "
        "ORDER BY r.source, r.record_id", [ctx.tokenizer, BROWSER_ROWS]).fetchall()
    if not rows:
        return _empty("No kept records yet (jisr build).")
    return [Text(f"The first {BROWSER_ROWS} kept records of each source by record id; passages longer than "
                 f"{SNIPPET} characters are cut (…). Lengths are the full texts' characters; tokens by "
                 f"{ctx.tokenizer}."),
            Table(["source", "language", "record", "prompt", "response", "prompt chars", "response chars", "tokens"],
                  [[source, language, record_id[:12], _snippet(prompt), _snippet(response), pc, rc, tokens]
                   for source, language, record_id, prompt, response, pc, rc, tokens in rows], prose=True)]
