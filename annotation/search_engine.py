"""An argilla-server search engine that answers from the server's own SQL database.

Argilla normally mirrors every record into Elasticsearch or OpenSearch and asks it for searches,
filters and progress counts. Neither installs here, and a small review team does not need one: the
records, responses and suggestions are already in the server's SQL database (SQLite when embedded,
PostgreSQL for a team). Filters, sorts and counts are queries over the server's own tables; text
search and the per-user default order use two side tables the indexing hooks keep up to date
(annotation/search_index.py), because scanning every record for them grew linearly with the dataset.

Behaviour kept from Argilla's Elasticsearch engine, because the web UI relies on it:
- `search()` receives a `user_id` keyword its abstract signature does not declare; with it and no
  explicit sort, each user gets a stable order of their own (so two reviewers working "pending"
  records do not start on the same ones);
- a response-status filter of `pending` means "this user has not answered" (any user when no user);
- text search matches every word of the query (case-insensitive substrings, Arabic included) in
  one field or any field.
Vector similarity search is not supported (this project's datasets have no vectors).

Registered as `jisr-sql`; select it with `ARGILLA_SEARCH_ENGINE=jisr-sql` in the server and worker.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Optional, Union
from uuid import UUID

from argilla_server.database import AsyncSessionLocal
from argilla_server.enums import MetadataPropertyType, ResponseStatusFilter, SortOrder
from argilla_server.models import Dataset, MetadataProperty, Question, Record, Response, Suggestion, User
from argilla_server.search_engine import (
    AndFilter,
    FloatMetadataMetrics,
    IntegerMetadataMetrics,
    MetadataFilterScope,
    RangeFilter,
    RecordFilterScope,
    ResponseFilterScope,
    SearchEngine,
    SearchResponseItem,
    SearchResponses,
    SuggestionFilterScope,
    TermsFilter,
    TermsMetrics,
    TextQuery,
)
from sqlalchemy import Float, String, and_, cast, exists, false, func, not_, or_, select, true

from jisr.annotation import search_index
from jisr.annotation.search_index import keys_table

ENGINE_NAME = "jisr-sql"


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _json_terms(column: Any, values: list[str]) -> Any:
    """A JSON column holding one of `values`, or a list containing one (multi-label answers)."""
    text = cast(column, String)
    return or_(*(text.like(_like(json.dumps(v)), escape="\\") for v in values)) if values else false()


def _match(filter: Union[TermsFilter, RangeFilter], text_column: Any, number_column: Any, json_column: Any = None) -> Any:
    if isinstance(filter, TermsFilter):
        return _json_terms(json_column, filter.values) if json_column is not None else text_column.in_(filter.values)
    bounds = []
    if filter.ge is not None:
        bounds.append(number_column >= filter.ge)
    if filter.le is not None:
        bounds.append(number_column <= filter.le)
    return and_(true(), *bounds)


async def _count(db: Any, statement: Any) -> int:
    return (await db.execute(select(func.count()).select_from(statement.subquery()))).scalar_one()


def _pending_only(filter: Any) -> Optional[UUID]:
    """The user id when the filter is exactly "records this user has not answered" (the UI's default view)."""
    if not isinstance(filter, AndFilter) or len(filter.filters) != 1:
        return None
    only = filter.filters[0]
    if (isinstance(only, TermsFilter) and isinstance(only.scope, ResponseFilterScope) and only.scope.user is not None
            and only.scope.property == "status" and list(only.values) == [ResponseStatusFilter.pending]):
        return only.scope.user.id
    return None


def _responses(ids: list, total: int) -> SearchResponses:
    return SearchResponses(items=[SearchResponseItem(record_id=rid, score=None) for rid in ids], total=total)


class SQLSearchEngine(SearchEngine):
    """Searches, filters and counts with SQL over argilla-server's own tables (see the module docstring)."""

    @classmethod
    async def new_instance(cls) -> "SQLSearchEngine":
        return cls()

    async def close(self) -> None:
        pass

    async def ping(self) -> bool:
        return True

    async def info(self) -> dict:
        return {"engine": ENGINE_NAME, "storage": "the server's SQL database"}

    # Datasets need no index of their own; records get their rows in the side tables.
    async def create_index(self, dataset: Dataset) -> None:
        pass

    async def delete_index(self, dataset: Dataset) -> None:
        async with AsyncSessionLocal() as db:
            await search_index.remove(db, dataset.id)
            await db.commit()

    async def configure_metadata_property(self, dataset: Dataset, metadata_property: MetadataProperty) -> None:
        pass

    async def index_records(self, dataset: Dataset, records: Iterable[Record]) -> None:
        async with AsyncSessionLocal() as db:
            await search_index.store(db, dataset.id, records)
            await db.commit()

    async def partial_record_update(self, record: Record, **update: Any) -> None:
        pass  # status and the like are read from Argilla's tables

    async def delete_records(self, dataset: Dataset, records: Iterable[Record]) -> None:
        async with AsyncSessionLocal() as db:
            await search_index.remove(db, dataset.id, [r.id for r in records])
            await db.commit()

    # Responses and suggestions are read from Argilla's tables: nothing to mirror.
    async def update_record_response(self, response: Response) -> None:
        pass

    async def delete_record_response(self, response: Response) -> None:
        pass

    async def update_record_suggestion(self, suggestion: Suggestion) -> None:
        pass

    async def delete_record_suggestion(self, suggestion: Suggestion) -> None:
        pass

    async def get_dataset_progress(self, dataset: Dataset) -> dict:
        counts = await self._counts(select(Record.status, func.count()).where(Record.dataset_id == dataset.id)
                                    .group_by(Record.status))
        return {"total": sum(counts.values()), **counts}

    async def get_dataset_user_progress(self, dataset: Dataset, user: User) -> dict:
        counts = await self._counts(
            select(Response.status, func.count()).join(Record, Response.record_id == Record.id)
            .where(Record.dataset_id == dataset.id, Response.user_id == user.id).group_by(Response.status))
        return {"total": sum(counts.values()), **counts}

    async def search(
        self,
        dataset: Dataset,
        query: Optional[Union[TextQuery, str]] = None,
        filter: Optional[Any] = None,
        sort: Optional[list] = None,
        offset: int = 0,
        limit: int = 100,
        user_id: Optional[UUID] = None,
    ) -> SearchResponses:
        async with AsyncSessionLocal() as db:
            text = await self._text_condition(db, dataset, query) if query is not None else None
            where = [self._filter_condition(filter)] if filter is not None else []
            if sort:
                if text is not None:
                    where.append(Record.id.in_(select(keys_table.c.record_id).where(
                        keys_table.c.key.in_(select(text[1]).where(text[0])))))
                return await self._sorted_page(db, dataset, where, sort, offset, limit)
            return await self._user_page(db, dataset, text, where, _pending_only(filter), user_id, offset, limit)

    async def _sorted_page(self, db: Any, dataset: Dataset, where: list, sort: list, offset: int,
                           limit: int) -> SearchResponses:
        where = [Record.dataset_id == dataset.id, *where]
        total = (await db.execute(select(func.count()).select_from(Record).where(*where))).scalar_one()
        order = [await self._order_clause(db, dataset, o) for o in sort] + [Record.inserted_at, Record.id]
        rows = await db.execute(select(Record.id).where(*where).order_by(*order).offset(offset).limit(limit))
        return _responses([rid for rid, in rows], total)

    @staticmethod
    async def _user_page(db: Any, dataset: Dataset, text: Optional[tuple], where: list, pending_for: Optional[UUID],
                         user_id: Optional[UUID], offset: int, limit: int) -> SearchResponses:
        """The default order: index keys rotated to start at the user's own key (two index range scans).

        A text query is answered from its index (SQLite: the FTS5 table, count and pages included);
        filters join Argilla's records. The UI's default view, this user's pending records, is
        counted as records minus the user's answers instead of testing every record.
        """
        k = keys_table.c
        condition, key = text if text is not None else (k.dataset_id == dataset.id, k.key)
        base = select(key).where(condition)
        if where and pending_for is None:
            if key is not k.key:
                base = base.join(keys_table, k.key == key)
            base = base.join(Record, Record.id == k.record_id).where(*where)
        start = search_index.key_of(user_id)
        parts = [base.where(key >= start), base.where(key < start)]
        if pending_for is not None:
            # Driven by the user's responses (IN lets the planner probe by record id), not by every key.
            answered = select(k.key).where(k.record_id.in_(select(Response.record_id).where(
                Response.user_id == pending_for)), k.dataset_id == dataset.id)
            sizes = [await _count(db, part) - await _count(db, answered.where(bound))
                     for part, bound in zip(parts, (k.key >= start, k.key < start))]
            parts = [part.where(key.not_in(answered)) for part in parts]
        else:
            sizes = [await _count(db, part) for part in parts]
        keys: list = []
        for part, size in zip(parts, sizes):
            if offset >= size:
                offset -= size
                continue
            keys += (await db.execute(part.order_by(key).offset(offset).limit(limit - len(keys)))).scalars().all()
            offset = 0
            if len(keys) == limit:
                break
        ids = dict((await db.execute(select(k.key, k.record_id).where(k.key.in_(keys)))).all()) if keys else {}
        return _responses([ids[key] for key in keys], sum(sizes))

    async def similarity_search(self, *args: Any, **kwargs: Any) -> SearchResponses:
        raise ValueError(f"the {ENGINE_NAME} search engine has no vector similarity search")

    async def compute_metrics_for(self, metadata_property: MetadataProperty) -> Any:
        value = Record.metadata_[metadata_property.name]
        scope = Record.dataset_id == metadata_property.dataset_id
        async with AsyncSessionLocal() as db:
            if metadata_property.type == MetadataPropertyType.terms:
                rows = (await db.execute(select(value.as_string(), func.count()).where(scope, value.as_string().isnot(None))
                                         .group_by(value.as_string()).order_by(func.count().desc()))).all()
                return TermsMetrics(total=sum(n for _, n in rows),
                                    values=[TermsMetrics.TermCount(term=t, count=n) for t, n in rows])
            number = value.as_float()
            low, high = (await db.execute(select(func.min(number), func.max(number)).where(scope))).one()
        if metadata_property.type == MetadataPropertyType.integer:
            return IntegerMetadataMetrics(min=None if low is None else int(low), max=None if high is None else int(high))
        return FloatMetadataMetrics(min=low, max=high)

    @staticmethod
    async def _counts(statement: Any) -> dict:
        async with AsyncSessionLocal() as db:
            return {str(getattr(k, "value", k)): n for k, n in (await db.execute(statement)).all()}

    @staticmethod
    async def _text_condition(db: Any, dataset: Dataset, query: Union[TextQuery, str]) -> tuple:
        query = TextQuery(q=query) if isinstance(query, str) else query
        words = [w for w in (w.strip('"+-*|()~').lower() for w in query.q.split()) if w]
        return search_index.text_keys(await search_index.dialect(db), dataset.id, words, query.field,
                                      await search_index.field_names(db, dataset.id))

    def _filter_condition(self, filter: Any) -> Any:
        if isinstance(filter, AndFilter):
            return and_(true(), *(self._filter_condition(f) for f in filter.filters))
        scope = filter.scope
        if isinstance(scope, RecordFilterScope):
            column = getattr(Record, scope.property)
            return _match(filter, column, column)
        if isinstance(scope, MetadataFilterScope):
            value = Record.metadata_[scope.metadata_property]
            return _match(filter, value.as_string(), value.as_float())
        if isinstance(scope, SuggestionFilterScope):
            column = {"value": Suggestion.value, "score": Suggestion.score}.get(scope.property)
            if column is None:
                condition = _match(filter, Suggestion.agent, Suggestion.agent)
            else:
                condition = _match(filter, None, cast(cast(column, String), Float), json_column=column)
            return exists().where(Suggestion.record_id == Record.id, Suggestion.question_id == Question.id,
                                  Question.name == scope.question, condition)
        if isinstance(scope, ResponseFilterScope):
            return self._response_condition(filter, scope)
        raise ValueError(f"cannot filter on {scope}")

    @staticmethod
    def _response_condition(filter: Any, scope: ResponseFilterScope) -> Any:
        mine = [Response.record_id == Record.id]
        if scope.user is not None:
            mine.append(Response.user_id == scope.user.id)
        if scope.question:
            value = Response.values[scope.question]["value"]
            return exists().where(*mine, _match(filter, None, cast(cast(value, String), Float), json_column=value))
        if scope.property != "status" or not isinstance(filter, TermsFilter):
            raise ValueError(f"cannot filter responses on {scope}")
        statuses = [v for v in filter.values if v != ResponseStatusFilter.pending]
        conditions = [exists().where(*mine, Response.status.in_(statuses))] if statuses else []
        if ResponseStatusFilter.pending in filter.values:
            conditions.append(not_(exists().where(*mine)))
        return or_(false(), *conditions)

    @staticmethod
    async def _order_clause(db: Any, dataset: Dataset, order: Any) -> Any:
        scope = order.scope
        if isinstance(scope, RecordFilterScope):
            key = getattr(Record, scope.property)
        elif isinstance(scope, MetadataFilterScope):
            prop = (await db.execute(select(MetadataProperty).where(
                MetadataProperty.dataset_id == dataset.id, MetadataProperty.name == scope.metadata_property))).scalar()
            value = Record.metadata_[scope.metadata_property]
            key = value.as_string() if prop is None or prop.type == MetadataPropertyType.terms else value.as_float()
        elif isinstance(scope, ResponseFilterScope):
            column = (cast(cast(Response.values[scope.question]["value"], String), Float) if scope.question
                      else Response.status)
            mine = [Response.record_id == Record.id]
            if scope.user is not None:
                mine.append(Response.user_id == scope.user.id)
            key = select(func.max(column)).where(*mine).scalar_subquery()
        elif isinstance(scope, SuggestionFilterScope):
            column = Suggestion.agent if scope.property == "agent" else cast(
                cast(Suggestion.score if scope.property == "score" else Suggestion.value, String), Float)
            key = (select(func.max(column)).where(Suggestion.record_id == Record.id,
                                                  Suggestion.question_id == Question.id,
                                                  Question.name == scope.question).scalar_subquery())
        else:
            raise ValueError(f"cannot sort on {scope}")
        return key.desc() if order.order == SortOrder.desc else key.asc()


SearchEngine.register(ENGINE_NAME)(SQLSearchEngine)
