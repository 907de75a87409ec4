"""Errors a user can act on.

`InputError` is the one-line, non-zero-exit failure for bad input (a missing file, a missing column,
an undecodable file, a bad config key): the CLI prints its message alone, without a traceback, and
nothing is written to the catalog. Problems found together (a config's, a build's files') are one
error listing each. Row-level problems are not errors: they go to `quarantine`.
"""


class JisrError(Exception):
    """Base class for errors whose message is meant for the user as it is."""


class InputError(JisrError):
    """Input (a file, a column, a config key) cannot be used; the message names where."""


class CatalogError(JisrError):
    """The catalog cannot be opened or queried as asked."""


def problems_error(problems: list[str]) -> InputError:
    """One `InputError` for every problem found, so one run lists all there is to fix (one line for one)."""
    if len(problems) == 1:
        return InputError(problems[0])
    return InputError(f"{len(problems)} problems:\n" + "\n".join(f"  - {p}" for p in problems))
