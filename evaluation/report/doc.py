"""The report as data: sections of blocks (text, tables, charts, folded parts), written out as HTML or markdown.

Why blocks and not HTML strings: the same sections give the self-contained HTML page and the
markdown a user pastes into a paper or an issue, and every piece of catalog text (forum posts, LLM
outputs, reviewer corrections) passes through exactly one escaping function per format, so it is
shown as text and never read as markup. A section is a title, an anchor and its blocks; the page
is a header, a table of contents and the sections in order.

Cells: None prints "—" (no value, never 0); a `Score` prints an accuracy with its 95% interval and
n (`61.2 ±4.3 (n=500)`), or "—" for a set never scored. Text in Arabic script is marked
`dir="rtl" lang="ar"` in HTML, so browsers lay it out right-to-left and shape it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from jisr.evaluation.intervals import Acc
from jisr.text import ARABIC, MISSING

_NUMERIC = re.compile(r"^[≈+\-−]?\s?\d")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


@dataclass(frozen=True)
class Score:
    """An accuracy cell; `best` marks the ratio that beats the runner-up."""

    acc: Acc | None
    best: bool = False

    def text(self) -> str:
        if self.acc is None:
            return MISSING
        return self.acc.text() + (" ★ best" if self.best else "")


Cell = str | int | float | Score | None


@dataclass(frozen=True)
class Text:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    row_classes: list[str] = field(default_factory=list)
    prose: bool = False          # cells hold passages of text (wrapped, line breaks kept)


@dataclass(frozen=True)
class Chart:
    svg: str                     # from evaluation/report/charts.py: our own markup, never catalog text unescaped
    title: str


@dataclass(frozen=True)
class Details:
    """Folded away by default (older mix versions): a summary line and blocks."""

    summary: str
    blocks: list


Block = Text | Heading | Table | Chart | Details


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    blocks: list[Block]


def cell_text(value: Cell) -> str:
    if value is None:
        return MISSING
    if isinstance(value, Score):
        return value.text()
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# --- HTML ------------------------------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; margin: 24px auto; color: #222; max-width: 1180px; padding: 0 16px; }
h1 { margin-bottom: 4px; } header dl { display: grid; grid-template-columns: max-content auto; gap: 2px 14px;
  color: #444; margin: 8px 0; } header dt { font-weight: 600; } header dd { margin: 0; }
nav ol { columns: 2; } section { margin: 32px 0; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 10px 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; vertical-align: top; } th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.paper td { color: #666; font-style: italic; } td.best { font-weight: bold; background: #e8f1fa; }
td.missing { color: #888; text-align: center; } .muted { color: #777; }
td.acc { text-align: right; font-variant-numeric: tabular-nums; }
table.prose td { max-width: 430px; white-space: pre-wrap; overflow-wrap: anywhere; }
table.prose td[dir=rtl] { unicode-bidi: plaintext; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 12px 0; }
details { margin: 10px 0; } summary { cursor: pointer; color: #0b5394; }
"""


def _html_text(text: str) -> str:
    """Escaped; Arabic text in its own right-to-left span."""
    escaped = escape(text)
    return f'<span dir="rtl" lang="ar">{escaped}</span>' if ARABIC.search(text) else escaped


def _html_cell(value: Cell) -> str:
    text = cell_text(value)
    classes = []
    if isinstance(value, Score):
        classes.append("acc" if value.acc is not None else "missing")
        if value.best:
            classes.append("best")
    elif value is None:
        classes.append("missing")
    elif isinstance(value, (int, float)) or _NUMERIC.match(text):
        classes.append("num")
    attr = f' class="{" ".join(classes)}"' if classes else ""
    if isinstance(value, str) and ARABIC.search(value) and not _NUMERIC.match(text):
        return f'<td dir="rtl" lang="ar"{attr}>{escape(text)}</td>'
    return f"<td{attr}>{escape(text)}</td>"


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{_html_text(c)}</th>" for c in table.columns)
    body = []
    for i, row in enumerate(table.rows):
        cls = table.row_classes[i] if i < len(table.row_classes) else ""
        attr = f' class="{escape(cls)}"' if cls else ""
        body.append(f"<tr{attr}>{''.join(_html_cell(v) for v in row)}</tr>")
    attr = ' class="prose"' if table.prose else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def block_html(block: Block) -> str:
    if isinstance(block, Text):
        attr = ' class="muted"' if block.muted else ""
        return f"<p{attr}>{_html_text(block.text)}</p>"
    if isinstance(block, Heading):
        return f"<h3>{_html_text(block.text)}</h3>"
    if isinstance(block, Table):
        return _html_table(block)
    if isinstance(block, Chart):
        return f'<figure class="chart-box">{block.svg}</figure>'
    if isinstance(block, Details):
        inner = "".join(block_html(b) for b in block.blocks)
        return f"<details><summary>{_html_text(block.summary)}</summary>{inner}</details>"
    raise TypeError(f"not a report block: {block!r}")


def to_html(title: str, header: list[tuple[str, str]], sections: list[Section]) -> str:
    """One self-contained page: inline style and charts, nothing fetched."""
    meta = "".join(f"<dt>{escape(k)}</dt><dd>{_html_text(v)}</dd>" for k, v in header)
    toc = "".join(f'<li><a href="#{escape(s.anchor)}">{escape(s.title)}</a></li>' for s in sections)
    body = "".join(f'<section id="{escape(s.anchor)}"><h2>{escape(s.title)}</h2>'
                   f'{"".join(block_html(b) for b in s.blocks)}</section>' for s in sections)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body><header><h1>{escape(title)}</h1><dl>{meta}</dl></header>"
            f'<nav id="contents"><h2>Contents</h2><ol>{toc}</ol></nav>{body}</body></html>\n')


# --- Markdown --------------------------------------------------------------------------------------------------

def md_text(text: str) -> str:
    """Catalog text as literal markdown: one line, every character markdown could read as markup escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _md_table(table: Table) -> str:
    lines = ["| " + " | ".join(md_text(c) for c in table.columns) + " |",
             "|" + "|".join("---" for _ in table.columns) + "|"]
    lines += ["| " + " | ".join(md_text(cell_text(v)) for v in row) + " |" for row in table.rows]
    return "\n".join(lines)


def _md_block(block: Block) -> str:
    if isinstance(block, Text):
        return md_text(block.text)
    if isinstance(block, Heading):
        return f"### {md_text(block.text)}"
    if isinstance(block, Table):
        return _md_table(block)
    if isinstance(block, Chart):
        return f"_Chart: {md_text(block.title)} (drawn in the HTML report)._"
    if isinstance(block, Details):
        inner = "\n\n".join(_md_block(b) for b in block.blocks)
        return f"<details><summary>{md_text(block.summary)}</summary>\n\n{inner}\n\n</details>"
    raise TypeError(f"not a report block: {block!r}")


def to_markdown(title: str, header: list[tuple[str, str]], sections: list[Section]) -> str:
    parts = [f"# {md_text(title)}", "\n".join(f"- **{md_text(k)}**: {md_text(v)}" for k, v in header),
             "## Contents", "\n".join(f"{i}. {md_text(s.title)}" for i, s in enumerate(sections, 1))]
    for section in sections:
        parts.append(f"## {md_text(section.title)}")
        parts += [_md_block(b) for b in section.blocks]
    return "\n\n".join(parts) + "\n"
