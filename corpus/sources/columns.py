"""Matching the column names a source or eval set needs to the names a file actually has.

Exports rename columns by hand (`Question`, `question `, `option-a`), so a wanted name is matched to a
file's by `column_key` (case, spaces, `_` and `-` ignored) and the match is told to the user as a note;
two of the file's names matching one wanted name is an error, never a guess.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from jisr.errors import InputError


def column_key(name: str) -> str:
    """How column names are compared: case, spaces, `_` and `-` ignored, so `Question` is `question`
    and `Option A` is `option_a`."""
    return "".join(ch for ch in name.casefold() if not (ch.isspace() or ch in "_-"))


def match_columns(wanted: Iterable[str], names: Sequence[str], where: str) -> dict[str, str]:
    """For each wanted column found in `names` only by `column_key`, {wanted: the name in the file}.

    A column present under its exact name needs nothing; two names that both match is ambiguous, and
    guessing would read the wrong one, so it is an error.
    """
    present = set(names)
    by_key: dict[str, list[str]] = {}
    for name in names:
        by_key.setdefault(column_key(name), []).append(name)
    found = {}
    for column in wanted:
        if column in present:
            continue
        candidates = by_key.get(column_key(column), [])
        if len(candidates) > 1:
            raise InputError(f"{where}: columns {', '.join(repr(c) for c in candidates)} all match {column!r} "
                             "ignoring case and spaces; rename all but one")
        if candidates:
            found[column] = candidates[0]
    return found


def matched_note(where: str, found: dict[str, str]) -> str:
    pairs = ", ".join(f"{actual!r} as {column!r}" for column, actual in found.items())
    return f"{where}: read column {pairs} (names matched ignoring case and spaces)"
