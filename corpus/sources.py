"""A configured source (files or a hub dataset + an adapter) read into records and quarantined rows.

`read_source` is the ingest step: it never drops a row silently. Each row read becomes either a
`Record` or a `Quarantined` row with file, row, field and reason, so read = records + quarantined.
"""

from __future__ import annotations

import glob
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import polars as pl

from jisr.corpus.adapters import ADAPTERS, Adapter, Options, RowProblem
from jisr.corpus.readers import BadRow, columns_of, detect_format, read_hub, read_rows
from jisr.corpus.records import KINDS, Record, record_id
from jisr.errors import InputError

RAW_LIMIT = 2000  # characters of a quarantined row kept for people to look at


@dataclass(frozen=True)
class SourceSpec:
    """One entry of the build config's `sources:` list."""

    name: str
    adapter: str
    paths: tuple[Path, ...] = ()
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


RECORD_COLUMNS = ("record_id", "source", "source_version", "language", "kind", "prompt", "response", "messages",
                  "category", "license", "parent_id", "pair_id", "upstream_id", "metadata")
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

    def frame(self) -> pl.DataFrame:
        """Every record of the batch as one frame (the moved ones and the rest, in read order)."""
        return pl.concat([*self.frames, self._columns()])

    def flush(self) -> None:
        """Move the Python records into `frames`."""
        if self.records:
            self.frames.append(self._columns())
            self.records.clear()

    def _columns(self) -> pl.DataFrame:
        licence = license_of(self.spec)
        ids = self.ids[len(self.ids) - len(self.records):]
        rows: dict[str, list[Any]] = {k: [] for k in RECORD_COLUMNS}
        for rid, rec in zip(ids, self.records):
            rows["record_id"].append(rid)
            rows["source"].append(rec.source)
            rows["source_version"].append(self.version)
            rows["language"].append(rec.language)
            rows["kind"].append(rec.kind)
            rows["prompt"].append(rec.prompt)
            rows["response"].append(rec.response)
            rows["messages"].append(json.dumps(rec.messages, ensure_ascii=False) if rec.messages else None)
            rows["category"].append(rec.category)
            rows["license"].append(licence)
            rows["parent_id"].append(rec.parent_id)
            rows["pair_id"].append(rec.pair_id)
            rows["upstream_id"].append(rec.upstream_id)
            rows["metadata"].append(json.dumps(rec.metadata, ensure_ascii=False) if rec.metadata else None)
        return pl.DataFrame(rows, schema={k: pl.String for k in RECORD_COLUMNS})


def batch_for(batches: dict[str, SourceBatch], name: str, license: str | None, version: str) -> SourceBatch:
    """The batch of derived records (translations, rewrites, corrections) of source `name`, made on first use."""
    if name not in batches:
        batches[name] = SourceBatch(SourceSpec(name=name, adapter="jisr", license=license), version=version)
    return batches[name]


def resolve_adapter(spec: SourceSpec) -> Adapter:
    adapter = ADAPTERS.get(spec.adapter)
    if adapter is None:
        raise InputError(f"source '{spec.name}': unknown adapter '{spec.adapter}' (known: {', '.join(ADAPTERS)})")
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


def check_source(spec: SourceSpec) -> Adapter:
    """File-level checks before anything is read: adapter known, files present, required columns there."""
    adapter = resolve_adapter(spec)
    options = _options(spec, adapter)
    if adapter.name == "mapped":
        missing = [k for k in ("prompt", "response") if k not in spec.columns]
        if missing:
            raise InputError(f"source '{spec.name}': adapter 'mapped' needs `columns:` with {' and '.join(missing)}")
    if spec.kind not in KINDS:  # the mapped and jisr adapters' default kind
        raise InputError(f"source '{spec.name}': unknown kind '{spec.kind}' (known: {', '.join(KINDS)})")
    if not spec.hub and not spec.paths:
        raise InputError(f"source '{spec.name}': give `path:` (local files) or `hub:` (a Hugging Face dataset id)")
    for path in spec.paths:
        if not path.exists():
            raise InputError(f"{path}: file not found (source '{spec.name}')")
        columns = columns_of(path, detect_format(path, spec.format), spec.encoding)
        if columns is None:
            continue
        missing = [c for c in adapter.required_columns(options) if c not in columns]
        if missing:
            shown = ", ".join(repr(c) for c in columns) or "none"
            raise InputError(
                f"{path}: missing required column {', '.join(repr(c) for c in missing)} "
                f"for adapter '{adapter.name}' (columns found: {shown})"
            )
    return adapter


def _options(spec: SourceSpec, adapter: Adapter) -> Options:
    return Options(language=spec.language or adapter.language or "und", columns=spec.columns,
                   kind=spec.kind, cop_base=spec.cop_base)


def _raw(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)[:RAW_LIMIT]


def read_source(spec: SourceSpec, on_rows: Callable[[int], None] | None = None,
                on_frame: Callable[[pl.DataFrame], None] | None = None) -> SourceBatch:
    """Read every row of a source into records or quarantined rows.

    With `on_frame`, records move into columns as they are read (every `FLUSH_RECORDS`, and the rest
    at the end), and each new frame is handed over, so work on records can start before reading ends.
    """
    adapter = check_source(spec)
    options = _options(spec, adapter)
    batch = SourceBatch(spec, source_version(spec))
    occurrences: dict[str, int] = {}
    if spec.hub:
        streams = [read_hub(spec.hub, spec.split, spec.subset, spec.revision)]
        jsonl_files: list[str] = []
    else:
        streams = [read_rows(p, detect_format(p, spec.format), spec.encoding) for p in spec.paths]
        jsonl_files = [str(p) for p in spec.paths if detect_format(p, spec.format) == "jsonl"]
    missing: dict[tuple[str, str], int] = {}
    parsed: dict[str, int] = {}
    for stream in streams:
        for item in stream:
            batch.read += 1
            if on_rows and batch.read % 5000 == 0:
                on_rows(5000)
            if isinstance(item, BadRow):
                batch.quarantined.append(Quarantined(spec.name, item.file, item.row, item.field, item.reason,
                                                     item.raw[:RAW_LIMIT] if item.raw else None))
                continue
            parsed[item.file] = parsed.get(item.file, 0) + 1
            try:
                converted = adapter.convert(item.data, options)
            except RowProblem as problem:
                if problem.reason == "missing":
                    key = (item.file, problem.field or "")
                    missing[key] = missing.get(key, 0) + 1
                batch.quarantined.append(Quarantined(spec.name, item.file, item.row, problem.field,
                                                     problem.reason, _raw(item.data)))
                continue
            except Exception as exc:  # noqa: BLE001 - any row an adapter cannot take is quarantined, never a crash
                batch.quarantined.append(Quarantined(spec.name, item.file, item.row, None,
                                                     f"unreadable: {type(exc).__name__}: {exc}"[:300], _raw(item.data)))
                continue
            record = Record(
                source=spec.name, language=converted.language or options.language, kind=converted.kind,
                prompt=converted.prompt, response=converted.response, messages=converted.messages,
                category=converted.category, upstream_id=converted.upstream_id, metadata=converted.metadata or {},
                parent_id=converted.parent_id, pair_id=converted.pair_id,
            )
            base = record_id(record.content_key())
            seen = occurrences.get(base, 0)
            occurrences[base] = seen + 1
            batch.ids.append(base if seen == 0 else record_id(record.content_key(), seen))
            batch.records.append(record)
            batch.origins.append((item.file, item.row))
            if len(batch.records) == FLUSH_RECORDS:
                batch.flush()
                if on_frame:
                    on_frame(batch.frames[-1])
    if on_rows:
        on_rows(batch.read % 5000)
    if on_frame and batch.records:
        batch.flush()
        on_frame(batch.frames[-1])
    # A key missing from every line of a JSONL file is a wrong adapter or mapping, not bad rows.
    for (file, column), count in missing.items():
        if file in jsonl_files and count == parsed.get(file):
            raise InputError(f"{file}: no line has the required field '{column}' for adapter '{adapter.name}'")
    return batch


def license_of(spec: SourceSpec) -> str | None:
    return spec.license or resolve_adapter(spec).license
