"""The unified record every source is turned into, and its stable content-derived id.

One shape for AHQAD Q&A, CIDAR instructions, Med42-style alpaca/chat/multiple-choice data and a user's
own exports, so curation, the catalog and mixes never care where a record came from.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

KINDS = ("qa", "instruction", "chat", "mcq")
ROLES = ("system", "user", "assistant")


@dataclass(frozen=True, slots=True)
class Record:
    """One training example. Text is stored as read, less whitespace at both ends (adapters.valid_text);
    normalisation happens on keys only."""

    source: str
    language: str
    kind: str
    prompt: str
    response: str
    messages: list[dict[str, str]] | None = None
    category: str | None = None
    upstream_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    parent_id: str | None = None
    pair_id: str | None = None

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
