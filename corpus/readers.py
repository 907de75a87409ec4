"""Reading rows from local CSV / JSONL / Parquet files or a Hugging Face hub dataset.

Each reader yields `Row`s (a dict of fields with its file and 1-based row number) or `BadRow`s for
rows it cannot parse, so one broken line is quarantined instead of failing a 800k-row file.
File-level problems (missing file, undecodable text, missing column) raise `InputError` at once.

Row numbers: CSV data row 1 is the first line after the header; JSONL line 1 is the first line;
Parquet and hub row 1 is the first row.

Local CSV and JSONL are read with the standard library rather than Polars: Polars fails a whole
file on one malformed line and does not say which row, and we need both the row number and the rest.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from jisr.errors import InputError

FORMATS = ("csv", "jsonl", "parquet")
_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
             ".parquet": "parquet", ".pq": "parquet"}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True, slots=True)
class Row:
    file: str
    row: int
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class BadRow:
    file: str
    row: int
    field: str | None
    reason: str
    raw: str | None


def detect_format(path: Path, declared: str | None) -> str:
    if declared:
        if declared not in FORMATS:
            raise InputError(f"{path}: unknown format '{declared}' (known: {', '.join(FORMATS)})")
        return declared
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: cannot tell the format from the suffix; set `format:` to one of {', '.join(FORMATS)}")
    return fmt


def columns_of(path: Path, fmt: str, encoding: str) -> list[str] | None:
    """The header of a CSV or the schema of a Parquet file; None for JSONL (keys vary by line)."""
    if fmt == "csv":
        with _open_text(path, encoding) as handle:
            try:
                return next(csv.reader(handle, delimiter=_delimiter(path)), [])
            except UnicodeDecodeError as exc:
                raise _decode_error(path, encoding, exc, 1) from exc
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            return pq.read_schema(path).names
        except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
            raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
    return None


def read_rows(path: Path, fmt: str, encoding: str = "utf-8") -> Iterator[Row | BadRow]:
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if fmt == "csv":
        return _read_csv(path, encoding)
    if fmt == "jsonl":
        return _read_jsonl(path, encoding)
    return _read_parquet(path)


def _open_text(path: Path, encoding: str):
    # utf-8-sig reads plain UTF-8 too and drops a byte-order mark that Excel exports begin with.
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return open(path, encoding=enc, newline="", errors="strict")
    except LookupError as exc:
        raise InputError(f"{path}: unknown encoding '{encoding}'") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror})") from exc


def _decode_error(path: Path, encoding: str, exc: UnicodeDecodeError, near_line: int) -> InputError:
    return InputError(
        f"{path}: cannot decode as {encoding} near line {near_line} (byte 0x{exc.object[exc.start]:02x}); "
        f"set `encoding:` for this source (e.g. cp1256 for Windows Arabic)"
    )


def _delimiter(path: Path) -> str:
    return "\t" if path.suffix.lower() == ".tsv" else ","


def _read_csv(path: Path, encoding: str) -> Iterator[Row | BadRow]:
    with _open_text(path, encoding) as handle:
        reader = csv.reader(handle, delimiter=_delimiter(path))
        try:
            header = next(reader, None)
            if header is None:
                return
            for number, values in enumerate(reader, start=1):
                if not values:  # a blank line is not a row
                    continue
                if len(values) != len(header):
                    yield BadRow(str(path), number, None,
                                 f"malformed_row: expected {len(header)} fields, found {len(values)}",
                                 ",".join(values))
                    continue
                yield Row(str(path), number, dict(zip(header, values)))
        except UnicodeDecodeError as exc:
            raise _decode_error(path, encoding, exc, reader.line_num + 1) from exc
        except csv.Error as exc:
            raise InputError(f"{path}: line {reader.line_num}: unreadable CSV ({exc})") from exc


def _read_jsonl(path: Path, encoding: str) -> Iterator[Row | BadRow]:
    with _open_text(path, encoding) as handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line, parse_constant=_no_constant)
                except json.JSONDecodeError as exc:
                    yield BadRow(str(path), number, None, f"malformed_json: {exc.msg} (column {exc.colno})",
                                 line.rstrip("\n"))
                    continue
                except (ValueError, RecursionError) as exc:  # a 4,300+ digit integer, NaN, nesting too deep
                    yield BadRow(str(path), number, None, f"malformed_json: {str(exc) or type(exc).__name__}"[:300],
                                 line.rstrip("\n"))
                    continue
                if not isinstance(data, dict):
                    yield BadRow(str(path), number, None, "malformed_json: line is not a JSON object",
                                 line.rstrip("\n"))
                    continue
                yield Row(str(path), number, data)
        except UnicodeDecodeError as exc:
            raise _decode_error(path, encoding, exc, number + 1) from exc


def _no_constant(name: str) -> Any:
    """JSON has no NaN or Infinity; Python's parser accepts them and they would become the texts `nan`/`inf`."""
    raise ValueError(f"{name} is not valid JSON")


def _read_parquet(path: Path) -> Iterator[Row | BadRow]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
    number = 0
    for batch in parquet.iter_batches(batch_size=8192):
        for data in batch.to_pylist():
            number += 1
            yield Row(str(path), number, data)


def read_hub(hub_id: str, split: str, subset: str | None, revision: str | None) -> Iterator[Row]:
    """Rows of a Hugging Face hub dataset, loaded with `datasets` (needs the network or a local HF cache)."""
    import datasets

    try:
        dataset = datasets.load_dataset(hub_id, subset, split=split, revision=revision)
    except Exception as exc:  # datasets raises many types for offline / missing / gated datasets
        raise InputError(
            f"hub:{hub_id}: could not load split '{split}' ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
            "offline? download it once or point `path:` at local files"
        ) from exc
    location = f"hub:{hub_id}" + (f"@{revision}" if revision else "")
    for number, data in enumerate(dataset, start=1):
        yield Row(location, number, data)
