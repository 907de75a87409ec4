"""An argilla-server search engine that answers from the server's own SQL database.

Argilla normally mirrors every record into Elasticsearch or OpenSearch and asks it for searches,
filters and progress counts. Neither installs here, and a small review team does not need one: the
records, responses and suggestions are already in the server's SQL database (SQLite when embedded,
PostgreSQL for a team). Filters, sorts and counts are queries over the server's own tables; text
search, metadata filters and the per-user default order use side tables the indexing hooks keep up
to date (annotation/hosting/search_index.py, annotation/hosting/metadata_index.py), because scanning every record
for them grew linearly with the dataset; pages in the default order are built by
annotation/hosting/user_pages.py.

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
from argilla_server.errors.future import UnprocessableEntityError
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

from jisr.annotation.hosting import metadata_index, search_index, user_pages
from jisr.annotation.hosting.search_index import keys_table

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


def _split_pending(filter: Any) -> tuple[Optional[UUID], list]:
    """(the user id if one filter is "records this user has not answered", the other filters).

    That filter is the web UI's default view, and is answered from the user's responses
    (annotation/hosting/user_pages.py) instead of testing every record.
    """
    filters = list(filter.filters) if isinstance(filter, AndFilter) else [] if filter is None else [filter]
    for only in filters:
        if (isinstance(only, TermsFilter) and isinstance(only.scope, ResponseFilterScope)
                and only.scope.user is not None and only.scope.question is None
                and only.scope.property == "status" and list(only.values) == [ResponseStatusFilter.pending]):
            return only.scope.user.id, [f for f in filters if f is not only]
    return None, filters


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
            if sort:
                k = keys_table.c
                where = [self._filter_condition(filter, dataset, k.key)] if filter is not None else []
                if text is not None:
                    where.append(k.key.in_(select(text[1]).where(text[0])))
                return await self._sorted_page(db, dataset, where, sort, offset, limit)
            pending_for, filters = _split_pending(filter)
            return await self._user_page(db, dataset, text, filters, pending_for, user_id, offset, limit)

    async def _sorted_page(self, db: Any, dataset: Dataset, where: list, sort: list, offset: int,
                           limit: int) -> SearchResponses:
        where = [Record.dataset_id == dataset.id, *where]
        scope = select(Record.id).join(keys_table, keys_table.c.record_id == Record.id).where(*where)
        total = await _count(db, scope)
        order = [await self._order_clause(db, dataset, o) for o in sort] + [Record.inserted_at, Record.id]
        rows = await db.execute(scope.order_by(*order).offset(offset).limit(limit))
        return _responses([rid for rid, in rows], total)

    async def _user_page(self, db: Any, dataset: Dataset, text: Optional[tuple], filters: list,
                         pending_for: Optional[UUID], user_id: Optional[UUID], offset: int,
                         limit: int) -> SearchResponses:
        """The default order (each user's own, see annotation/hosting/user_pages.py) of the records matching everything."""
        k = keys_table.c
        sets = [select(text[1].label("key")).where(text[0])] if text is not None else []
        sets += [metadata_index.keys(f, dataset.id, f.scope.metadata_property) for f in filters
                 if isinstance(f.scope, MetadataFilterScope)]
        others = [self._filter_condition(f, dataset, k.key) for f in filters if not isinstance(f.scope, MetadataFilterScope)]
        if others:
            sets.append(select(k.key.label("key")).join(Record, Record.id == k.record_id)
                        .where(k.dataset_id == dataset.id, *others))
        keys, whole = user_pages.key_set(dataset.id, sets)
        found, total = await user_pages.user_page(db, dataset.id, keys, whole, pending_for, user_id, offset, limit)
        ids = dict((await db.execute(select(k.key, k.record_id).where(k.key.in_(found)))).all()) if found else {}
        return _responses([ids[key] for key in found], total)

    async def similarity_search(self, *args: Any, **kwargs: Any) -> SearchResponses:
        raise ValueError(f"the {ENGINE_NAME} search engine has no vector similarity search")

    async def compute_metrics_for(self, metadata_property: MetadataProperty) -> Any:
        """The UI's filter options for a property, from the metadata index (terms with counts, or min/max)."""
        dataset_id, name = metadata_property.dataset_id, metadata_property.name
        async with AsyncSessionLocal() as db:
            if metadata_property.type == MetadataPropertyType.terms:
                rows = await metadata_index.term_counts(db, dataset_id, name)
                return TermsMetrics(total=sum(n for _, n in rows),
                                    values=[TermsMetrics.TermCount(term=t, count=n) for t, n in rows])
            low, high = await metadata_index.number_range(db, dataset_id, name)
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

    def _filter_condition(self, filter: Any, dataset: Dataset, key: Any) -> Any:
        """A condition on Argilla's `records`, except metadata filters: on the record's order key column `key`."""
        if isinstance(filter, AndFilter):
            return and_(true(), *(self._filter_condition(f, dataset, key) for f in filter.filters))
        scope = filter.scope
        if isinstance(scope, RecordFilterScope):
            column = getattr(Record, scope.property)
            if scope.property == "id" and isinstance(filter, TermsFilter):
                try:
                    values = [UUID(str(v)) for v in filter.values]
                except ValueError:  # a client's mistake: 422, not a server error
                    raise UnprocessableEntityError(f"record id filter: not a UUID in {filter.values!r}") from None
                return column.in_(values)
            return _match(filter, column, column)
        if isinstance(scope, MetadataFilterScope):
            return key.in_(metadata_index.keys(filter, dataset.id, scope.metadata_property))
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
