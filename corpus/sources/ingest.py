"""A configured source (files or a hub dataset + an adapter) read into records and quarantined rows.

`read_source` is the ingest step: it never drops a row silently. Each row read becomes either a
`Record` or a `Quarantined` row with file, row, field and reason, so read = records + quarantined.
"""

from __future__ import annotations

import glob
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

import polars as pl

from jisr.corpus.sources.adapters import ADAPTERS, Adapter, Options, RowProblem
from jisr.corpus.sources.columns import match_columns, matched_note
from jisr.corpus.sources.readers import BadRow, Row, columns_of, detect_format, read_hub, read_rows
from jisr.corpus.sources.records import KINDS, Record, record_id, record_columns
from jisr.corpus.sources.spool import NARROW_SCHEMA, Spool
from jisr.errors import InputError, problems_error

RAW_LIMIT = 2000  # characters of a quarantined row kept for people to look at


@dataclass(frozen=True)
class SourceSpec:
    """One entry of the build config's `sources:` list."""

    name: str
    adapter: str
    paths: tuple[Path, ...] = field(default=(), metadata={"parameter": False})  # the config's `path:`, expanded
    hub: str | None = None
    split: str = "train"
    subset: str | None = None
    revision: str | None = None
    format: str | None = None
    encoding: str = "utf-8"
    language: str | None = None
    license: str | None = None
    version: str | None = None
    kind: str = "qa"
    columns: dict[str, str] = field(default_factory=dict)
    cop_base: int = 0

    @property
    def location(self) -> str:
        if self.hub:
            return f"hub:{self.hub}" + (f"@{self.revision}" if self.revision else "")
        return ", ".join(str(p) for p in self.paths)


@dataclass(frozen=True, slots=True)
class Quarantined:
    source: str
    file: str | None
    row: int | None
    field: str | None
    reason: str
    raw: str | None


FLUSH_RECORDS = 50_000  # records read before they move from Python objects into columns


@dataclass
class SourceBatch:
    """What ingest made of one source: records with their ids and where each was read.

    `ids` and `origins` cover every record; the records themselves are in `frames` (columns with
    the catalog's `store.records` names) followed by `records`, the Python objects not yet moved
    there. A million Python records hold several times the memory of their columns.
    """

    spec: SourceSpec
    version: str
    ids: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    origins: list[tuple[str, int]] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    read: int = 0
    frames: list[pl.DataFrame] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what ingest decided for the user, to be shown and recorded
    # Ingest's own signals (a detected language), (record id, name, value, text), step `ingest` in the catalog
    signals: list[tuple[str, str, float | None, str | None]] = field(default_factory=list)
    # Where the frames' text goes (corpus/sources/spool.py): `frames` then hold only the narrow columns.
    spool: Spool | None = None

    def frame(self) -> pl.DataFrame:
        """Every record of the batch as one frame (the moved ones and the rest, in read order); spooled:
        their narrow columns (all of them are in `frames` once reading ends)."""
        if self.spool is not None:
            return pl.concat(self.frames) if self.frames else pl.DataFrame(schema=NARROW_SCHEMA)
        return pl.concat([*self.frames, self._columns()])

    def flush(self) -> pl.DataFrame | pl.LazyFrame | None:
        """Move the Python records into `frames`; returns them as `keep` does (None: there were none)."""
        if not self.records:
            return None
        frame = self._columns()
        self.records.clear()
        return self.keep(frame)

    def keep(self, frame: pl.DataFrame) -> pl.DataFrame | pl.LazyFrame:
        """Add a frame of the batch's records (all columns); returns where its text can be read: the frame
        itself, or its spooled file (the batch keeping only the narrow columns)."""
        if self.spool is None:
            self.frames.append(frame)
            return frame
        self.frames.append(self.spool.add(frame))
        return self.spool.file(len(self.spool.files) - 1)

    def _columns(self) -> pl.DataFrame:
        return record_columns(self.ids[len(self.ids) - len(self.records):], self.records, self.version,
                              license_of(self.spec))


def batch_for(batches: dict[str, SourceBatch], name: str, license: str | None, version: str) -> SourceBatch:
    """The batch of derived records (translations, rewrites, corrections) of source `name`, made on first use."""
    if name not in batches:
        batches[name] = SourceBatch(SourceSpec(name=name, adapter="jisr", license=license), version=version)
    return batches[name]


def resolve_adapter(spec: SourceSpec) -> Adapter:
    adapter = ADAPTERS.find(spec.adapter)
    if adapter is None:
        raise InputError(f"source '{spec.name}': {ADAPTERS.unknown(spec.adapter)}")
    if not isinstance(adapter, Adapter):  # an entry point naming something else
        raise InputError(f"source '{spec.name}': adapter '{spec.adapter}' is {adapter!r}, not an Adapter "
                         "(corpus/sources/adapters.py)")
    return adapter


def expand_paths(patterns: Iterable[str], base: Path) -> tuple[Path, ...]:
    """Paths relative to the config file's folder; glob patterns expand in sorted order."""
    paths: list[Path] = []
    for pattern in patterns:
        full = (base / pattern) if not Path(pattern).is_absolute() else Path(pattern)
        if any(ch in pattern for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(str(full)))
            if not matches:
                raise InputError(f"{full}: no file matches this pattern")
            paths.extend(matches)
        else:
            paths.append(full)
    return tuple(paths)


def source_version(spec: SourceSpec) -> str:
    """The version stored with each record: the config's, the hub revision, or a hash of the files' bytes."""
    if spec.version:
        return spec.version
    if spec.hub:
        return spec.revision or "hub:latest"
    digest = hashlib.sha256()
    for path in spec.paths:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return "sha256:" + digest.hexdigest()[:12]


@dataclass
class Checked:
    """What the file-level checks learned: the adapter, and per file the columns found under other names."""

    adapter: Adapter
    renames: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> {name in file: adapter's name}
    notes: list[str] = field(default_factory=list)


def _inspect(spec: SourceSpec) -> tuple[Checked | None, list[str]]:
    """Every file-level problem of a source (adapter, kind, files, required columns), not just the first,
    so one run lists all there is to fix."""
    try:
        adapter = resolve_adapter(spec)
    except InputError as exc:
        return None, [str(exc)]
    options = _options(spec, adapter)
    problems = [f"source '{spec.name}': adapter '{adapter.name}' {problem}" for problem in adapter.option_problems(options)]
    if spec.kind not in KINDS:  # the mapped and jisr adapters' default kind
        problems.append(f"source '{spec.name}': unknown kind '{spec.kind}' (known: {', '.join(KINDS)})")
    if not spec.hub and not spec.paths:
        problems.append(f"source '{spec.name}': give `path:` (local files) or `hub:` (a Hugging Face dataset id)")
    if problems:
        return None, problems
    checked = Checked(adapter)
    for path in spec.paths:
        if not path.exists():
            problems.append(f"{path}: file not found (source '{spec.name}')")
            continue
        try:
            columns = columns_of(path, detect_format(path, spec.format), spec.encoding)
            if columns is None:
                continue
            if not columns:
                problems.append(f"{path}: the file is empty (not even a header; source '{spec.name}')")
                continue
            found = match_columns(adapter.known_columns(options), columns, str(path))
        except InputError as exc:
            problems.append(str(exc))
            continue
        if found:
            checked.renames[str(path)] = {actual: column for column, actual in found.items()}
            checked.notes.append(matched_note(str(path), found))
        missing = [c for c in adapter.required_columns(options) if c not in columns and c not in found]
        if missing:
            shown = ", ".join(repr(c) for c in columns) or "none"
            problems.append(f"{path}: missing required column {', '.join(repr(c) for c in missing)} "
                            f"for adapter '{adapter.name}' (columns found: {shown})")
    return (None if problems else checked), problems


def check_source(spec: SourceSpec) -> Checked:
    """File-level checks before anything is read; one `InputError` lists every problem found."""
    checked, problems = _inspect(spec)
    if problems:
        raise problems_error(problems)
    return checked


def source_problems(specs: Iterable[SourceSpec]) -> list[str]:
    """The file-level problems of every source, for a caller that lists them with its own."""
    return [problem for spec in specs for problem in _inspect(spec)[1]]


def _options(spec: SourceSpec, adapter: Adapter) -> Options:
    return Options(language=spec.language or adapter.language or "und", columns=spec.columns,
                   kind=spec.kind, cop_base=spec.cop_base)


def _raw(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)[:RAW_LIMIT]


class RenameNotes:
    """The note that a file's keys were read as the adapter's columns, once per (file, column, key)."""

    def __init__(self, notes: list[str]):
        self.notes = notes
        self._noted: set[tuple[str, str, str]] = set()

    def note(self, file: str, found: dict[str, str]) -> None:
        new = {c: a for c, a in found.items() if (file, c, a) not in self._noted}
        if new:
            self._noted.update((file, c, a) for c, a in new.items())
            self.notes.append(matched_note(file, new))


class _RowColumns:
    """Rows' keys renamed to the adapter's column names where they match only ignoring case and spaces.

    A header (CSV, Parquet) is matched once, before reading; rows without one (JSON, JSONL, hub)
    are matched by their set of keys, once per distinct set, and each match is handed to `note`
    (`RenameNotes.note`, or a worker's list of what it found, told in order when its rows are merged).
    """

    def __init__(self, renames: dict[str, dict[str, str]], wanted: tuple[str, ...],
                 note: Callable[[str, dict[str, str]], None]):
        self.renames = renames
        self.wanted = wanted
        self.note = note
        self._by_keys: dict[tuple[str, frozenset[str]], dict[str, str]] = {}

    def apply(self, file: str, data: dict[str, Any], has_header: bool) -> dict[str, Any]:
        rename = self.renames.get(file) if has_header else self._for_keys(file, data)
        return {rename.get(k, k): v for k, v in data.items()} if rename else data

    def _for_keys(self, file: str, data: dict[str, Any]) -> dict[str, str]:
        if all(column in data for column in self.wanted):
            return {}
        key = (file, frozenset(data))
        if key not in self._by_keys:
            try:
                found = match_columns(self.wanted, list(data), file)
            except InputError as exc:  # two keys of this row match one column: the row is ambiguous
                raise RowProblem(None, f"ambiguous_columns: {str(exc).removeprefix(file + ': ')}") from exc
            if found:
                self.note(file, found)
            self._by_keys[key] = {actual: column for column, actual in found.items()}
        return self._by_keys[key]


def _detect_language(converted: Record) -> tuple[str, float]:
    """The record's language by language ID: the response's, or the prompt's when the response has no letters."""
    from jisr.curation.lid import identify

    language, score = identify(converted.response)
    return identify(converted.prompt) if language == "und" else (language, score)


@dataclass
class _FileCounts:
    read: int = 0
    parsed: int = 0  # rows the reader could parse (the rest are BadRows)
    quarantined: int = 0
    first_problem: Quarantined | None = None


@dataclass
class Tally:
    """What reading rows counted, for `_check_read` and the accounting: rows read, quarantined rows,
    per file, per missing (file, column), and per language found by language ID (in first-seen order)."""

    files: dict[str, _FileCounts]
    read: int = 0
    quarantined: list[Quarantined] = field(default_factory=list)
    missing: dict[tuple[str, str], int] = field(default_factory=dict)
    detected: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, spec: SourceSpec) -> "Tally":
        """Nothing counted yet; the source's files first, in the config's order (`_check_read` reports in it)."""
        return cls({str(p): _FileCounts() for p in spec.paths})

    def add(self, other: "Tally", row_offset: int) -> None:
        """Count in what a worker counted over the lines after the first `row_offset` lines of its file."""
        self.read += other.read
        moved = [replace(q, row=q.row + row_offset) for q in other.quarantined]
        self.quarantined.extend(moved)
        for file, counts in other.files.items():
            mine = self.files.setdefault(file, _FileCounts())
            mine.read += counts.read
            mine.parsed += counts.parsed
            mine.quarantined += counts.quarantined
            mine.first_problem = mine.first_problem or next((q for q in moved if q.file == file), None)
        for key, count in other.missing.items():
            self.missing[key] = self.missing.get(key, 0) + count
        for language, count in other.detected.items():
            self.detected[language] = self.detected.get(language, 0) + count


class RowReader:
    """Ingest's work on one row, the same wherever it runs (`read_source`'s loop, or a worker of
    parallel_read on a part of a file): the key renames, the adapter, language ID when the source
    names no language, the `Record` and the id of its content. A row that cannot become a record is
    quarantined in `tally`, with everything else the row counts.
    """

    def __init__(self, spec: SourceSpec, adapter: Adapter, renames: dict[str, dict[str, str]], headed: set[str],
                 note: Callable[[str, dict[str, str]], None]):
        self.source = spec.name
        self.adapter = adapter
        self.options = _options(spec, adapter)
        self.columns = _RowColumns(renames, adapter.known_columns(self.options), note)
        self.headed = headed
        self.language = spec.language or adapter.language
        self.tally = Tally.of(spec)

    def take(self, item: Row | BadRow) -> tuple[Record, str, str, float | None] | None:
        """(record, its content key, its base id, the language ID score or None), or None for a row quarantined."""
        tally = self.tally
        tally.read += 1
        counts = tally.files.setdefault(item.file, _FileCounts())
        counts.read += 1
        if isinstance(item, BadRow):
            self._quarantine(item.file, item.row, item.field, item.reason, item.raw)
            return None
        counts.parsed += 1
        try:
            data = self.columns.apply(item.file, item.data, item.file in self.headed)
            converted = self.adapter.convert(data, self.options)
        except RowProblem as problem:
            if problem.reason == "missing":
                key = (item.file, problem.field or "")
                tally.missing[key] = tally.missing.get(key, 0) + 1
            self._quarantine(item.file, item.row, problem.field, problem.reason, _raw(item.data))
            return None
        except Exception as exc:  # noqa: BLE001 - any row an adapter cannot take is quarantined, never a crash
            self._quarantine(item.file, item.row, None, f"unreadable: {type(exc).__name__}: {exc}"[:300],
                             _raw(item.data))
            return None
        language, score = converted.language or self.language, None
        if language is None:
            language, score = _detect_language(converted)
            if language == "und":
                self._quarantine(item.file, item.row, "language", "language_unknown: no `language:` for the source "
                                 "and no letters for language ID to go by", _raw(item.data))
                return None
            tally.detected[language] = tally.detected.get(language, 0) + 1
        record = replace(converted, source=self.source, language=language)
        key = record.content_key()
        return record, key, record_id(key), score

    def _quarantine(self, file: str, row: int, field_: str | None, reason: str, raw: str | None) -> None:
        entry = Quarantined(self.source, file, row, field_, reason, raw[:RAW_LIMIT] if raw else None)
        self.tally.quarantined.append(entry)
        counts = self.tally.files[file]
        counts.quarantined += 1
        counts.first_problem = counts.first_problem or entry


class Occurrences:
    """How often each base id was seen so far in a source, in read order: the 2nd.. exact copy of a
    content is `record_id(content_key, n)`, n = 1, 2, ..."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def copy_number(self, base: str) -> int:
        seen = self._seen.get(base, 0)
        self._seen[base] = seen + 1
        return seen


def language_signals(rid: str, language: str, score: float) -> list[tuple[str, str, float | None, str | None]]:
    """The `ingest` signals of a record whose language came from language ID."""
    return [(rid, "detected_language", None, language), (rid, "detected_language_score", round(score, 4), None)]


def read_source(spec: SourceSpec, on_rows: Callable[[int], None] | None = None,
                on_frame: Callable[[pl.DataFrame | pl.LazyFrame], None] | None = None,
                spool: Spool | None = None) -> SourceBatch:
    """Read every row of a source into records or quarantined rows.

    With `on_frame`, records move into columns as they are read (every `FLUSH_RECORDS`, and the rest
    at the end), and each new frame is handed over, so work on records can start before reading ends.
    A source with no `language:` whose adapter names none gets each record's language from language
    ID (kept as the `ingest` signals `detected_language` and `detected_language_score`), never `und`.
    A large local JSON Lines source is read by worker processes, range by range (parallel_read), into
    the same batch, but all in `frames`. With `spool`, each frame's records are written there as they are
    made and the batch keeps their narrow columns (`on_frame` then gets the spooled file, lazily).
    """
    from jisr.corpus.sources import parallel_read

    checked = check_source(spec)
    batch = SourceBatch(spec, source_version(spec), spool=spool)
    batch.notes.extend(checked.notes)
    formats = {} if spec.hub else {str(p): detect_format(p, spec.format) for p in spec.paths}
    headed = {file for file, fmt in formats.items() if fmt in ("csv", "parquet")}
    if parallel_read.worth_it(spec, checked.adapter, formats):
        tally = parallel_read.read_ranges(spec, checked.adapter, batch, on_rows, on_frame)
    else:
        tally = _read_rows(spec, checked, formats, headed, batch, on_rows, on_frame)
    finish_read(spec, checked.adapter, batch, tally, headed)
    return batch


def _read_rows(spec: SourceSpec, checked: Checked, formats: dict[str, str], headed: set[str], batch: SourceBatch,
               on_rows: Callable[[int], None] | None,
               on_frame: Callable[[pl.DataFrame | pl.LazyFrame], None] | None) -> Tally:
    """Every row in this process, in order."""
    if spec.hub:
        streams = [read_hub(spec.hub, spec.split, spec.subset, spec.revision)]
    else:
        streams = [read_rows(p, formats[str(p)], spec.encoding, batch.notes) for p in spec.paths]
    rows = RowReader(spec, checked.adapter, checked.renames, headed, RenameNotes(batch.notes).note)
    occurrences = Occurrences()
    for stream in streams:
        for item in stream:
            made = rows.take(item)
            if on_rows and rows.tally.read % 5000 == 0:
                on_rows(5000)
            if made is None:
                continue
            record, key, base, score = made
            copy = occurrences.copy_number(base)
            rid = base if copy == 0 else record_id(key, copy)
            batch.ids.append(rid)
            if score is not None:
                batch.signals.extend(language_signals(rid, record.language, score))
            batch.records.append(record)
            batch.origins.append((item.file, item.row))
            if len(batch.records) == FLUSH_RECORDS:
                made = batch.flush()
                if on_frame:
                    on_frame(made)
    if on_rows:
        on_rows(rows.tally.read % 5000)
    if (on_frame or batch.spool) and batch.records:
        made = batch.flush()
        if on_frame:
            on_frame(made)
    return rows.tally


def finish_read(spec: SourceSpec, adapter: Adapter, batch: SourceBatch, tally: Tally, headed: set[str]) -> None:
    """The batch's counts and quarantined rows from `tally`, checked (`_check_read`), and the language ID note."""
    batch.read = tally.read
    batch.quarantined.extend(tally.quarantined)
    _check_read(spec, adapter, batch, tally.files, tally.missing, headed)
    if tally.detected:
        shown = ", ".join(f"{lang} {n:,}" for lang, n in sorted(tally.detected.items(), key=lambda kv: -kv[1]))
        batch.notes.append(f"source '{spec.name}': no `language:`, so each record's language came from language ID "
                           f"({shown}); set `language:` if the source is in one language")


def _check_read(spec: SourceSpec, adapter: Adapter, batch: SourceBatch, files: dict[str, _FileCounts],
                missing: dict[tuple[str, str], int], headed: set[str]) -> None:
    """Files that read as nothing, or as nothing but bad rows, are a wrong file, format or adapter, not data."""
    problems = []
    for (file, column), count in missing.items():
        # A key missing from every row of a file without a header is a wrong adapter or mapping, not bad rows.
        if file not in headed and count == files[file].parsed:
            problems.append(f"{file}: no line has the required field '{column}' for adapter '{adapter.name}'")
    for file, counts in files.items():
        if counts.read == 0 and batch.read:
            batch.notes.append(f"{file}: no rows (the file is empty or holds only a header)")
        elif counts.read and counts.quarantined == counts.read and not any(p.startswith(f"{file}: ") for p in problems):
            first = counts.first_problem
            problems.append(f"{file}: all {counts.read:,} rows were quarantined (row {first.row}: "
                            f"{(first.field + ': ') if first.field else ''}{first.reason[:120]}); "
                            f"is it the format, encoding or adapter you think?")
    if batch.read == 0:
        problems.append(f"source '{spec.name}': no rows in {spec.location} (empty, or only a header)")
    if problems:
        raise problems_error(problems)


def license_of(spec: SourceSpec) -> str | None:
    return spec.license or resolve_adapter(spec).license
