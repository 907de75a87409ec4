"""Two fixes for argilla-server 2.8.0's cost per record on upsert, applied in the embedded server process.

A py-spy profile of `jisr review push` (3k records, the server process) found most of its busy
time in two places that do not depend on the records:
- `MetadataProperty.parsed_settings` (and `Question.parsed_settings`) build a new
  `TypeAdapter(<settings union>)` on every call, and an upsert validates each metadata value through
  it: compiling that pydantic schema was ~45% of the busy time. An adapter is stateless, so one per
  settings type validates the same;
- after each bulk upsert, every record's webhook event is built (a dataset query with its
  relationships, per record) and only then are enabled webhooks looked up (another query per
  record): ~16% of what was left. With no enabled webhook listening to record events, which is
  the embedded server's normal state, nothing would be sent, so the bulk skips building them.
Argilla itself is not modified; `apply()` replaces these in the process that calls it
(annotation/hosting/server.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter


@lru_cache(maxsize=None)
def _adapter(settings_type: Any) -> TypeAdapter:
    return TypeAdapter(settings_type)


def apply() -> None:
    from argilla_server.models import database

    def metadata_settings(self: Any) -> Any:
        return _adapter(database.MetadataPropertySettings).validate_python(self.settings)

    def question_settings(self: Any) -> Any:
        return _adapter(database.QuestionSettings).validate_python(self.settings)

    database.MetadataProperty.parsed_settings = property(metadata_settings)
    database.Question.parsed_settings = property(question_settings)
    _skip_unheard_record_events()


def _skip_unheard_record_events() -> None:
    from argilla_server.bulk.records_bulk import UpsertRecordsBulk
    from argilla_server.contexts import webhooks
    from argilla_server.webhooks.v1.enums import RecordEvent

    notify = UpsertRecordsBulk._notify_upsert_record_events
    if getattr(notify, "jisr", False):
        return
    events = {RecordEvent.created.value, RecordEvent.updated.value}

    async def notify_if_heard(self: Any, records: list) -> None:
        if any(events & {str(e) for e in w.events} for w in await webhooks.list_enabled_webhooks(self._db)):
            await notify(self, records)

    notify_if_heard.jisr = True
    UpsertRecordsBulk._notify_upsert_record_events = notify_if_heard
