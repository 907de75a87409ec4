"""The one place jisr prints to people: lines, rich tables, progress bars and spinners.

Everything shown is data, never markup: file names, SQL, model ids, ratios like `0:100` and forum
text would otherwise be read by rich as `[style]` tags and `:emoji:` codes (`pip install -e
".[annotation]"` lost its `[annotation]`; the ratio `0:100:` became `0💯`). So both consoles have
markup and emoji off, and every string reaches rich as a `Text` (which rich never parses); styling
is given as (text, style) parts to `say`, not as tags inside the text.

Tables show Arabic right-aligned and readable right-to-left.

Many terminals neither join Arabic letters nor lay out right-to-left text, and show Arabic reversed
and broken. In `visual` mode (the default on a terminal) Arabic cells are shaped (arabic-reshaper)
and put in display order (python-bidi) before printing. Terminals that do bidi themselves (mlterm,
Konsole, VTE with bidi on) want `JISR_RTL=logical`. Pipes, CSV and JSON always get text as stored.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, Iterable, Sequence

from rich.console import Console, RenderableType
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.status import Status
from rich.table import Table
from rich.text import Text

Part = str | Text | tuple[str, str]

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
CELL_WIDTH = 60

console = Console(markup=False, emoji=False, highlight=False)
errors = Console(stderr=True, markup=False, emoji=False, highlight=False)


def line(*parts: Part) -> Text:
    """Parts joined into one `Text`: a str is shown as it is; a (text, style) pair is styled, e.g. ("x", "bold")."""
    return Text.assemble(*parts)


def say(*parts: Part, err: bool = False) -> None:
    """Print one line (stdout, or stderr with `err`); long lines are left to the terminal to wrap."""
    (errors if err else console).print(line(*parts), soft_wrap=True)


def show(renderable: RenderableType, err: bool = False) -> None:
    """Print a table (or any renderable built from `Text`, as `table` builds them)."""
    (errors if err else console).print(renderable)


def status(message: str) -> Status:
    """A spinner on stderr while something runs; `message` is shown as it is."""
    return errors.status(Text(message))


def progress_bar(*extra: ProgressColumn, remaining: bool = False) -> Progress:
    """Bars on stderr: description, bar, done / total, `extra` columns, time elapsed (and left). Descriptions
    (source names, ratios) are shown as they are: rich's TextColumn would read them as markup."""
    return Progress(SpinnerColumn(), TextColumn("{task.description:<24}", markup=False), BarColumn(),
                    MofNCompleteColumn(), *extra, TimeElapsedColumn(), *([TimeRemainingColumn()] if remaining else []),
                    console=errors, transient=False)


def rtl_mode() -> str:
    mode = os.environ.get("JISR_RTL", "").lower()
    if mode in ("visual", "logical"):
        return mode
    return "visual" if sys.stdout.isatty() else "logical"


def is_rtl(text: str) -> bool:
    """Mostly Arabic letters: right-align it."""
    letters = _LETTER.findall(text)
    return bool(letters) and sum(1 for ch in letters if _ARABIC.match(ch)) * 2 > len(letters)


def for_terminal(text: str, mode: str) -> str:
    if mode != "visual" or not _ARABIC.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


def _cell(value: Any, mode: str, width: int) -> Text:
    if value is None:
        return Text("")
    text = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    if len(text) > width:
        text = " ".join(text.split())
        text = text if len(text) <= width else text[: width - 1] + "…"
    return Text(for_terminal(text, mode), justify="right" if is_rtl(text) else None)


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None,
          width: int = CELL_WIDTH, caption: str | None = None) -> Table:
    """A rich table; numbers right-aligned, Arabic cells right-aligned and in display order."""
    mode = rtl_mode()
    rows = [list(r) for r in rows]
    out = Table(title=None if title is None else Text(title, style="table.title"), caption=None if caption is None else Text(caption, style="table.caption"),
                header_style="bold")
    for i, name in enumerate(columns):
        numeric = bool(rows) and all(isinstance(r[i], (int, float)) or r[i] is None for r in rows)
        out.add_column(Text(str(name)), justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        out.add_row(*[_cell(value, mode, width) for value in row])
    return out
