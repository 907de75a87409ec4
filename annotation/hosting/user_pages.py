"""Pages of a search in each user's own record order, from the `jisr-sql` engine's index tables.

A search without an explicit sort (the web UI's default) is a set of record order keys (the `key`
of `jisr_search_records`) walked from the user's own start key, wrapping round: keys >= start,
then keys < start. The set is the intersection (`INTERSECT`) of one key set per condition:
- the dataset's keys when nothing else narrows it;
- a text query's keys (SQLite: the FTS5 table's rowids; PostgreSQL: the trigram-indexed text);
- one per metadata filter (annotation/hosting/metadata_index.py, an index range scan each);
- one for every other filter together, which joins Argilla's `records` (not indexed).
An intersection of sets, rather than one query whose planner picks how to combine them, because
without statistics SQLite picked catastrophic plans (a full-text query re-run for each key of a
metadata filter: 14 s at 100k records).

Both parts are counted in one pass. The per-user "pending" filter (records this user has not
answered) is counted as the set's size minus the user's answers in it, driven by the user's
responses, and a page skips answered keys with two unique-index probes each.
"""

from __future__ import annotations

from typing import Any, Optional
from uuid import UUID

from argilla_server.models import Response
from sqlalchemy import case, exists, func, intersect, not_, select

from jisr.annotation.hosting.search_index import key_of, keys_table

answered_keys = keys_table.alias("answered")


def key_set(dataset_id: UUID, sets: list) -> tuple[list, bool]:
    """(selects of keys, each labelled `key`, to intersect; whether that is simply the whole dataset)."""
    if not sets:
        return [select(keys_table.c.key.label("key")).where(keys_table.c.dataset_id == dataset_id)], True
    return sets, False


def _intersect(sets: list, bound: Any = None) -> Any:
    """The keys in all of `sets`, each narrowed by `bound` (a function of a key column) inside its own scan."""
    if bound is not None:
        sets = [s.where(bound(s.selected_columns.key)) for s in sets]
    return sets[0] if len(sets) == 1 else intersect(*sets)


def _answered_by(user_id: UUID, key: Any) -> Any:
    """The record of order key `key` has a response of this user (two unique-index probes per key)."""
    a = answered_keys.c
    return exists().where(a.key == key, Response.record_id == a.record_id, Response.user_id == user_id)


async def _answered(db: Any, dataset_id: UUID, user_id: UUID, keys: Any, whole: bool) -> list[int]:
    """The keys of the records in `keys` this user has answered.

    Driven by the user's responses, each looking its record's key up by record id: given a join,
    SQLite walked every key of the dataset and tested it against the responses, which made the
    pending queue linear in the dataset (241 ms p95 at 100k records).
    """
    a = answered_keys.c
    key = select(a.key).where(a.record_id == Response.record_id, a.dataset_id == dataset_id).scalar_subquery()
    mine = select(key.label("key")).where(Response.user_id == user_id).subquery()
    statement = select(mine.c.key).where(mine.c.key.isnot(None))
    if not whole:
        statement = statement.where(mine.c.key.in_(keys))
    return list((await db.execute(statement)).scalars())


async def user_page(db: Any, dataset_id: UUID, sets: list, whole: bool, pending_for: Optional[UUID],
                    user_id: Optional[UUID], offset: int, limit: int) -> tuple[list[int], int]:
    """(the page's keys in the user's order, the total) of the keys in every one of `sets` (see `key_set`)."""
    start = key_of(user_id)
    everything = _intersect(sets).subquery()
    above, total = (await db.execute(select(func.coalesce(func.sum(case((everything.c.key >= start, 1), else_=0)), 0),
                                            func.count()).select_from(everything))).one()
    sizes = [int(above), int(total) - int(above)]
    if pending_for is not None:
        answered = await _answered(db, dataset_id, pending_for, _intersect(sets), whole)
        mine_above = sum(1 for k in answered if k >= start)
        sizes = [sizes[0] - mine_above, sizes[1] - (len(answered) - mine_above)]
    found: list = []
    for bound, size in zip((lambda k: k >= start, lambda k: k < start), sizes):
        if offset >= size:
            offset -= size
            continue
        part = _intersect(sets, bound).subquery()
        page = select(part.c.key)
        if pending_for is not None:
            page = page.where(not_(_answered_by(pending_for, part.c.key)))
        found += (await db.execute(page.order_by(part.c.key).offset(offset).limit(limit - len(found)))).scalars()
        offset = 0
        if len(found) == limit:
            break
    return found, sum(sizes)
