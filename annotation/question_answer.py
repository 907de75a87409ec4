"""How a question-and-answer pair is shown to reviewers, and how a reviewer's correction is read back into the pair.

What turns.py is for chats, this module is for records that are a prompt and a response. The correction
box (plain text, right-to-left) starts with the machine translation under two heading lines, `[السؤال]`
(question) and `[الجواب]` (answer): no markdown, for the reasons turns.py gives. The Arabic fields of the
page are wrapped in a right-to-left `<div>` (`rtl`) and a dataset made before the plain box showed
bold headings, `**السؤال**`; a correction may come back holding either, and `parse` reads both.

A correction that keeps the two headings gives the corrected question and answer. One without them is
taken as the corrected answer alone, the question staying as the machine translated it (a reviewer who
retyped only the answer). Text between the headings may hold anything except the answer heading
itself: the first one found ends the question.
"""

from __future__ import annotations

import re

AR_LABELS = ("السؤال", "الجواب")
EN_LABELS = ("Question", "Answer")
PLAIN = "[{}]"  # the correction box
MARKDOWN = "**{}**"  # a markdown field
_RTL_OPEN = '<div dir="rtl" lang="ar">'
_DIV = re.compile(r"</?div[^>]*>")


def _either(label: str) -> str:
    return "(?:" + "|".join(re.escape(form.format(label)) for form in (PLAIN, MARKDOWN)) + ")"


_SHOWN = re.compile(rf"^\s*{_either(AR_LABELS[0])}\s*(?P<prompt>.*?)\s*"
                    rf"{_either(AR_LABELS[1])}\s*(?P<response>.*?)\s*$", re.S)


def show(prompt: str | None, response: str | None, labels: tuple[str, str] = AR_LABELS, heading: str = PLAIN,
         safe=str) -> str:
    """The pair under its two heading lines; `safe` makes each text fit to show (escaping for a markdown field)."""
    return (f"{heading.format(labels[0])}\n\n{safe(prompt or '')}\n\n"
            f"{heading.format(labels[1])}\n\n{safe(response or '')}")


def rtl(markdown: str) -> str:
    """A markdown field laid out right-to-left: the wrapper `unwrap` takes off again."""
    return f"{_RTL_OPEN}\n\n{markdown}\n\n</div>"


def unwrap(text: str) -> str:
    """A correction without the right-to-left wrappers a reviewer may have copied from a field."""
    return _DIV.sub("", text)


def parse(text: str, machine_prompt: str) -> tuple[str, str]:
    """(prompt, response) of a correction: both when the reviewer kept the headings, else the text is the
    corrected answer and the question stays `machine_prompt`."""
    text = unwrap(text).strip()
    shown = _SHOWN.match(text)
    if shown:
        return shown["prompt"], shown["response"]
    return machine_prompt, text
