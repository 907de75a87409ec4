"""Text conventions shared by every place jisr shows results: the terminal, the report's tables and its charts.

Not the screen (jisr/display.py prints; this module only shapes strings), so the wings can use it. Arabic is
told by its Unicode blocks. Where the renderer neither joins Arabic letters nor lays out right-to-left text
(most terminals, matplotlib), `visual_order` shapes the letters (arabic-reshaper) and puts them in display
order (python-bidi); a renderer that does bidi itself (a browser, some terminals) wants the text as stored.
"""

from __future__ import annotations

import re

MISSING = "—"  # a score never measured (never 0); a numeric column holding it stays right-aligned
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")


def is_rtl(text: str) -> bool:
    """Mostly Arabic letters: right-align it."""
    letters = _LETTER.findall(text)
    return bool(letters) and sum(1 for ch in letters if ARABIC.match(ch)) * 2 > len(letters)


def visual_order(text: str) -> str:
    """Each line with its Arabic letters joined and in the order they are drawn left to right."""
    if not ARABIC.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))
