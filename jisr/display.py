"""Showing catalog rows to people: rich tables, with Arabic right-aligned and readable right-to-left.

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

from rich.console import Console
from rich.table import Table
from rich.text import Text

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
CELL_WIDTH = 60
MISSING = "—"  # a score never measured; a numeric column holding it stays right-aligned

console = Console()
errors = Console(stderr=True)


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
    out = Table(title=title, caption=caption, header_style="bold")
    for i, name in enumerate(columns):
        numeric = bool(rows) and all(isinstance(r[i], (int, float)) or r[i] is None or r[i] == MISSING
                                     for r in rows)
        out.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        out.add_row(*[_cell(value, mode, width) for value in row])
    return out
