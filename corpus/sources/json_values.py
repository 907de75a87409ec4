"""JSON text parsed strictly, for the readers: what Python's parser accepts but JSON does not say.

- NaN and Infinity are not JSON; Python's parser reads them, and they would become the texts
  `nan`/`inf` of a record (`parse_json` raises `ValueError`, as for any malformed text).
- An object naming a key twice: Python keeps the last value without a word. `parse_json` returns
  such an object as a `TwiceKeyed` dict naming the key, and `twice_named` finds one anywhere in a
  value, so a reader can quarantine the row instead of dropping a value unseen.
"""

from __future__ import annotations

import json
from typing import Any


class TwiceKeyed(dict):
    """A JSON object that names a key twice (`twice`: the key). Python's parser keeps the last value
    silently; a row holding one is quarantined instead (`twice_named`), so no value is dropped unseen."""

    twice: str


def _object(pairs: list[tuple[str, Any]]) -> dict:
    data = dict(pairs)
    if len(data) == len(pairs):
        return data
    seen: set[str] = set()
    marked = TwiceKeyed(data)
    marked.twice = next(key for key, _ in pairs if key in seen or seen.add(key))
    return marked


def parse_json(text: str) -> Any:
    return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_object)


def twice_named(data: Any) -> str | None:
    """The first key named twice in one object anywhere in `data`, as a path (`meta.source`), or None.
    A loop over a stack, not recursion: rows nested a thousand levels deep are read too."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, TwiceKeyed):
            return f"{where}.{value.twice}" if where else value.twice
        if isinstance(value, dict):
            stack.extend((f"{where}.{key}" if where else str(key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((where, item) for item in value)
    return None


def shown(value: Any) -> str:
    """A JSON value as text for the quarantine (a value nested too deep to write again is shown by its type)."""
    try:
        return json.dumps(value, ensure_ascii=False)[:2000]
    except (ValueError, RecursionError):
        return f"<a {json_kind(value)} nested too deep to show>"


def json_kind(value: Any) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


def _no_constant(name: str) -> Any:
    """JSON has no NaN or Infinity; Python's parser accepts them and they would become the texts `nan`/`inf`."""
    raise ValueError(f"{name} is not valid JSON")
