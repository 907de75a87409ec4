"""How a chat record's turns are shown to reviewers, and how a reviewer's correction is read back into turns.

The correction box (plain text, right-to-left for Arabic) starts with the machine translation's turns,
each under a heading line of its own, `[<n>] <role>` (Arabic role names), then its text. No markdown:
in a right-to-left box, `**` around a heading is two marks the browser's bidi places on either side
as it sees fit, and an expert typing there cannot tell markup from text. Brackets are mirrored by
the browser, so `[1] المستخدم` reads right in both directions. A chat of a dataset made before chat
fields existed is still shown in a markdown field with bold headings, `**<n>. <role>**`; a correction
written against that older pre-filled text is read back too.

A correction is read back by its heading lines: the reviewer keeps them and edits the text under
them. They are the only separators, so a turn may hold anything else (blank lines, lists). A
correction that does not map onto the chat's turns (not the same number of headings, numbered 1..n
with the chat's roles in order, no text before the first, none left empty) is refused with the
reason: guessing which turn a reviewer meant would put their words in the wrong mouth.
"""

from __future__ import annotations

import re

AR_ROLES = {"system": "النظام", "user": "المستخدم", "assistant": "المساعد"}
EN_ROLES = {"system": "System", "user": "User", "assistant": "Assistant"}
PLAIN = "[{n}] {role}"  # the correction box
MARKDOWN = "**{n}. {role}**"  # a markdown field (datasets made before chat fields)
# A heading alone on its line, either form: `[2] المساعد` or `**2. المساعد**` (spaces around the parts
# tolerated; `.` or `)` after the number in the bold form).
_HEADING = re.compile(r"^[ \t]*(?:\[[ \t]*(\d+)[ \t]*\][ \t]*([^\n\[\]*]+?)"
                      r"|\*\*[ \t]*(\d+)[ \t]*[.)][ \t]*([^*\n]+?)[ \t]*\*\*)[ \t]*$", re.M)


class TurnsMismatch(ValueError):
    """A correction that cannot be read back into the chat's turns; the message says why, in one line."""


def show(messages: list[dict[str, str]], labels: dict[str, str], heading: str = PLAIN) -> str:
    """The turns under numbered heading lines (`PLAIN` in the correction box, `MARKDOWN` in a field)."""
    return "\n\n".join(f"{heading.format(n=n, role=labels.get(m['role'], m['role']))}\n\n{m['content']}"
                       for n, m in enumerate(messages, 1))


def _number_and_role(heading: re.Match) -> tuple[int, str]:
    return int(heading[1] or heading[3]), (heading[2] or heading[4]).strip()


def parse(text: str, messages: list[dict[str, str]], labels: dict[str, str] = AR_ROLES) -> list[dict[str, str]]:
    """The corrected turns: `messages` with each content replaced by the text under its heading."""
    roles = set(labels.values())  # a line like `[2] Smith et al.` is text, not a heading
    headings = [h for h in _HEADING.finditer(text) if _number_and_role(h)[1] in roles]
    expected = [labels.get(m["role"], m["role"]) for m in messages]
    example = PLAIN.format(n=1, role=expected[0] if expected else "...")
    if len(headings) != len(messages):
        raise TurnsMismatch(f"{len(headings)} turn headings for {len(messages)} turns "
                            f"(keep one heading line per turn, as shown: {example})")
    if text[:headings[0].start()].strip():
        raise TurnsMismatch("text before the first turn heading")
    corrected = []
    for n, (heading, message) in enumerate(zip(headings, messages), 1):
        if _number_and_role(heading) != (n, expected[n - 1]):
            raise TurnsMismatch(f"turn {n} is headed {heading[0].strip()!r}, "
                                f"expected '{PLAIN.format(n=n, role=expected[n - 1])}'")
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
