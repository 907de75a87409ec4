"""How a chat record's turns are shown to reviewers, and how a reviewer's correction is read back into turns.

A chat (`messages`) is shown one turn after another, each under a heading line of its own,
`**<n>. <role>**` (Arabic role names on the translation, English on the source), then its text. A
correction of a chat is read back the same way: the reviewer keeps the headings and edits the text
under them. The headings are the only separators, so a turn may hold anything else (blank lines,
lists, bold). A correction that does not map onto the chat's turns (not the same number of headings,
numbered 1..n with the chat's roles in order, no text before the first, none left empty) is refused
with the reason: guessing which turn a reviewer meant would put their words in the wrong mouth.
"""

from __future__ import annotations

import re

AR_ROLES = {"system": "النظام", "user": "المستخدم", "assistant": "المساعد"}
EN_ROLES = {"system": "System", "user": "User", "assistant": "Assistant"}
# A heading alone on its line: `**2. المساعد**` (spaces around the parts tolerated, `.` or `)` after the number).
_HEADING = re.compile(r"^[ \t]*\*\*[ \t]*(\d+)[ \t]*[.)][ \t]*([^*\n]+?)[ \t]*\*\*[ \t]*$", re.M)


class TurnsMismatch(ValueError):
    """A correction that cannot be read back into the chat's turns; the message says why, in one line."""


def show(messages: list[dict[str, str]], labels: dict[str, str]) -> str:
    """The turns as reviewers see them (and as a correction must keep them)."""
    return "\n\n".join(f"**{n}. {labels.get(m['role'], m['role'])}**\n\n{m['content']}"
                       for n, m in enumerate(messages, 1))


def parse(text: str, messages: list[dict[str, str]], labels: dict[str, str] = AR_ROLES) -> list[dict[str, str]]:
    """The corrected turns: `messages` with each content replaced by the text under its heading."""
    headings = list(_HEADING.finditer(text))
    expected = [labels.get(m["role"], m["role"]) for m in messages]
    example = f"**1. {expected[0]}**" if expected else "**1. ...**"
    if len(headings) != len(messages):
        raise TurnsMismatch(f"{len(headings)} turn headings for {len(messages)} turns "
                            f"(keep one heading line per turn, as shown: {example})")
    if text[:headings[0].start()].strip():
        raise TurnsMismatch("text before the first turn heading")
    corrected = []
    for n, (heading, message) in enumerate(zip(headings, messages), 1):
        if int(heading[1]) != n or heading[2].strip() != expected[n - 1]:
            raise TurnsMismatch(f"turn {n} is headed {heading[0].strip()!r}, expected '**{n}. {expected[n - 1]}**'")
        end = headings[n].start() if n < len(headings) else len(text)
        content = text[heading.end():end].strip()
        if not content:
            raise TurnsMismatch(f"turn {n} ({expected[n - 1]}) is empty")
        corrected.append({**message, "content": content})
    return corrected


def prompt_response(messages: list[dict[str, str]]) -> tuple[str, str]:
    """(prompt, response) of a chat, as the chat adapter and `translate` make them: every non-assistant
    turn, then every assistant turn, blank-line separated."""
    return ("\n\n".join(m["content"] for m in messages if m["role"] != "assistant"),
            "\n\n".join(m["content"] for m in messages if m["role"] == "assistant"))
