"""The unified record every source is turned into, and its stable content-derived id.

One shape for AHQAD Q&A, CIDAR instructions, Med42-style alpaca/chat/multiple-choice data and a user's
own exports, so curation, the catalog and mixes never care where a record came from.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Sequence

import polars as pl

from jisr.catalog.shapes import RECORD_COLUMNS, RECORD_SCHEMA

KINDS = ("qa", "instruction", "chat", "mcq")
ROLES = ("system", "user", "assistant")


@dataclass(frozen=True, slots=True)
class Record:
    """One training example. Text is stored as read, less whitespace at both ends (adapters.valid_text);
    normalisation happens on keys only.

    An adapter makes one from a row with the row's own fields (kind first, so `Record("qa", prompt,
    response)` reads naturally); ingest then adds the source and, unless the row said, the source's
    language (`dataclasses.replace`). Its fields with `record_id`, `source_version` and `license` are
    the catalog's record columns (jisr.catalog.shapes.RECORD_COLUMNS; tests/test_record_shape.py).
    """

    kind: str
    prompt: str
    response: str
    messages: list[dict[str, str]] | None = None
    category: str | None = None
    upstream_id: str | None = None
    metadata: dict[str, Any] | None = None
    parent_id: str | None = None
    pair_id: str | None = None
    language: str | None = None  # set by an adapter only when the row itself says (jisr's own records)
    source: str | None = None  # set by ingest, or by the generator that made the record

    def content_key(self) -> str:
        """The canonical text the id is derived from: what makes two records the same record."""
        return json.dumps(
            [self.source, self.kind, self.language, self.prompt, self.response, self.messages, self.parent_id],
            ensure_ascii=False,
            separators=(",", ":"),
        )


def record_id(content_key: str, occurrence: int = 0) -> str:
    """A stable id from content: the same record read twice, in any run, gets the same id.

    `occurrence` tells apart exact copies inside one source (the 2nd copy is occurrence 1), so each
    copy is its own record that dedup can drop with a reason instead of silently collapsing it.
    """
    text = content_key if occurrence == 0 else f"{content_key}#{occurrence}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def record_columns(ids: Sequence[str], records: Sequence[Record], version: str,
                   license: str | None) -> pl.DataFrame:
    """Records of one source as the catalog's record columns (`RECORD_SCHEMA`): the id, the source's version
    and licence beside each record's own fields, messages and metadata as JSON."""
    added = {"record_id": list(ids), "source_version": [version] * len(records), "license": [license] * len(records),
             "messages": [json.dumps(r.messages, ensure_ascii=False) if r.messages else None for r in records],
             "metadata": [json.dumps(r.metadata, ensure_ascii=False, default=str) if r.metadata else None
                          for r in records]}
    return pl.DataFrame({name: added[name] if name in added else [getattr(r, name) for r in records]
                         for name in RECORD_COLUMNS}, schema=RECORD_SCHEMA)
