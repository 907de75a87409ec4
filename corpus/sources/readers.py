"""Reading rows from local CSV / JSON / JSONL / Parquet files or a Hugging Face hub dataset.

Each reader yields `Row`s (a dict of fields with its file and 1-based row number) or `BadRow`s for
rows it cannot parse, so one broken line is quarantined instead of failing a 800k-row file.
File-level problems (missing file, undecodable text, duplicate column names, a JSON file that is
neither one document nor JSON Lines) raise `InputError` at once, naming what was seen.

Row numbers: CSV data row 1 is the first record after the header; JSONL line 1 is the first line;
JSON item 1 is the first object of the document's list; Parquet and hub row 1 is the first row.

Local CSV and JSON are read with the standard library rather than Polars: Polars fails a whole
file on one malformed line and does not say which row, and we need both the row number and the rest.
CSV is parsed strictly, so a stray quote that would swallow the following lines into one field (and
the rest of the file with it) stops at the first place the quoting cannot be right: that row's first
line is quarantined and reading goes on from the line after it.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from jisr.corpus.sources.json_values import TwiceKeyed, json_kind, parse_json, shown, twice_named
from jisr.errors import InputError

FORMATS = ("csv", "json", "jsonl", "parquet")
_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
             ".parquet": "parquet", ".pq": "parquet"}
_SNIPPET = 60  # characters of a file shown when its format cannot be decided

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
    """The header of a CSV or the schema of a Parquet file; None for JSON and JSONL (keys vary by row)."""
    if fmt == "csv":
        with _open_text(path, encoding) as handle:
            return _header(path, encoding, csv.reader(handle, delimiter=_delimiter(path), strict=True)) or []
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            names = pq.read_schema(path).names
        except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
            raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
        return _unique(path, names)
    return None


def _header(path: Path, encoding: str, reader) -> list[str] | None:
    """A CSV's first record, its column names (None for an empty file)."""
    try:
        header = next(reader, None)
    except UnicodeDecodeError as exc:
        raise _decode_error(path, encoding, exc) from exc
    except csv.Error as exc:
        raise InputError(f"{path}: the header line is not readable CSV ({exc})") from exc
    return None if header is None else _unique(path, header)


def _unique(path: Path, names: list[str]) -> list[str]:
    """A header whose names repeat would keep only the last column of each name: refuse it."""
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(f"{path}: duplicate column name {', '.join(repr(n) for n in repeated)} "
                         f"(columns: {', '.join(repr(n) for n in names)}); rename one so each column is read")
    return names


def read_rows(path: Path, fmt: str, encoding: str = "utf-8", notes: list[str] | None = None) -> Iterator[Row | BadRow]:
    """The rows of one file; `notes` (if given) collects what the reader decided on the user's behalf."""
    if not path.exists():
        raise InputError(f"{path}: file not found")
    notes = [] if notes is None else notes
    if fmt == "csv":
        return _read_csv(path, encoding, notes)
    if fmt == "jsonl":
        return _read_jsonl(path, encoding)
    if fmt == "json":
        return _read_json(path, encoding, notes)
    return _read_parquet(path)


def _open_text(path: Path, encoding: str):
    # utf-8-sig reads plain UTF-8 too and drops a byte-order mark that Excel exports begin with.
    enc = _text_encoding(encoding)
    try:
        return open(path, encoding=enc, newline="", errors="strict")
    except LookupError as exc:
        raise InputError(f"{path}: unknown encoding '{encoding}'") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror})") from exc


def _text_encoding(encoding: str) -> str:
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def _decode_error(path: Path, encoding: str, exc: UnicodeDecodeError) -> InputError:
    """The file's first undecodable line, found again byte by byte: the text layer decodes 8 KiB ahead,
    so where reading stopped is lines before the fault."""
    line, byte = 1, exc.object[exc.start] if exc.object else 0
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode(_text_encoding(encoding) if number == 1 else encoding)
            except UnicodeDecodeError as bad:
                line, byte = number, raw[bad.start]
                break
    return InputError(
        f"{path}: cannot decode as {encoding} at line {line} (byte 0x{byte:02x}); "
        f"set `encoding:` for this source (e.g. cp1256 for Windows Arabic)"
    )


def _delimiter(path: Path) -> str:
    return "\t" if path.suffix.lower() == ".tsv" else ","


class _Lines:
    """A text file's physical lines for `csv.reader`, with the lines of a row that failed put back.

    `taken` holds the lines of the row being read, so a row whose quoting is wrong can be
    quarantined by its first line and the lines it swallowed read again as rows of their own.
    """

    def __init__(self, handle):
        self.handle = handle
        self.pending: deque[str] = deque()
        self.taken: list[str] = []

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = self.pending.popleft() if self.pending else next(self.handle)
        self.taken.append(line)
        return line

    def give_back(self, lines: list[str]) -> None:
        self.pending.extendleft(reversed(lines))


# A row this many physical lines long is noted: strict quoting catches a stray quote that runs into
# the next quoted field or the end of the file, but not one closed by a quote that happens to end a field.
LONG_ROW_LINES = 100


def _read_csv(path: Path, encoding: str, notes: list[str]) -> Iterator[Row | BadRow]:
    delimiter = _delimiter(path)
    with _open_text(path, encoding) as handle:
        lines = _Lines(handle)
        header = _header(path, encoding, csv.reader(lines, delimiter=delimiter, strict=True))
        if header is None:
            return
        try:
            number, line = 0, len(lines.taken)  # `line`: physical lines read before the current row
            lines.taken.clear()
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            longest = (0, 0, 0)  # (physical lines, row, first line) of the longest row
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    if longest[0] >= LONG_ROW_LINES:
                        notes.append(f"{path}: row {longest[1]:,} spans {longest[0]:,} lines (from line {longest[2]:,}) "
                                     "in one quoted field; if that is not meant, a stray quote is there")
                    return
                except csv.Error as exc:
                    # A quote opened where it cannot close: quarantine the row's first line, re-read the rest.
                    number += 1
                    first, swallowed = lines.taken[0], lines.taken[1:]
                    again = f"; the {len(swallowed):,} line(s) after it were read again as rows" if swallowed else ""
                    yield BadRow(str(path), number, None,
                                 f"malformed_row: unbalanced quote at line {line + 1} ({exc}){again}",
                                 first.rstrip("\r\n"))
                    lines.taken.clear()
                    lines.give_back(swallowed)
                    line += 1
                    reader = csv.reader(lines, delimiter=delimiter, strict=True)
                    continue
                number += 1
                longest = max(longest, (len(lines.taken), number, line + 1))
                line += len(lines.taken)
                lines.taken.clear()
                if not values:  # a blank line is not a row
                    continue
                if len(values) != len(header):
                    yield BadRow(str(path), number, None,
                                 f"malformed_row: expected {len(header)} fields, found {len(values)}",
                                 ",".join(values))
                    continue
                yield Row(str(path), number, dict(zip(header, values)))
        except UnicodeDecodeError as exc:
            raise _decode_error(path, encoding, exc) from exc


def _json_row(path: Path, number: int, data: Any, raw: Callable[[], str]) -> Row | BadRow:
    if not isinstance(data, dict):
        return BadRow(str(path), number, None, f"malformed_json: a {json_kind(data)}, not a JSON object", raw())
    twice = twice_named(data)
    if twice is not None:
        return BadRow(str(path), number, twice, f"duplicate_key: '{twice}' is named twice in one object "
                                                "(which value is meant cannot be told)", raw())
    return Row(str(path), number, data)


def _parse_line(path: Path, number: int, line: str) -> Row | BadRow:
    raw = line.rstrip("\r\n")
    try:
        data = parse_json(line)
    except json.JSONDecodeError as exc:
        return BadRow(str(path), number, None, f"malformed_json: {exc.msg} (column {exc.colno})", raw)
    except (ValueError, RecursionError) as exc:  # a 4,300+ digit integer, NaN, nesting too deep
        return BadRow(str(path), number, None, f"malformed_json: {str(exc) or type(exc).__name__}"[:300], raw)
    return _json_row(path, number, data, lambda: raw)


def _read_jsonl(path: Path, encoding: str) -> Iterator[Row | BadRow]:
    with _open_text(path, encoding) as handle:
        yield from _jsonl_lines(path, encoding, handle)


def _jsonl_lines(path: Path, encoding: str, lines: Iterable[str]) -> Iterator[Row | BadRow]:
    try:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield _parse_line(path, number, line)
    except UnicodeDecodeError as exc:
        raise _decode_error(path, encoding, exc) from exc


def utf8(encoding: str) -> bool:
    """Whether text in `encoding` is UTF-8 (with or without a byte-order mark), all `read_jsonl_range` reads."""
    try:
        return codecs.lookup(_text_encoding(encoding)).name == "utf-8-sig"
    except LookupError:
        return False


def read_jsonl_range(path: Path, encoding: str, start: int, end: int) -> tuple[Iterator[Row | BadRow], int]:
    r"""The rows of bytes `start`..`end` of a UTF-8 JSON Lines file, both at the start of a line, with
    rows numbered from 1 at `start`; and how many lines the range holds, to number the next range's.

    Lines end where `_read_jsonl`'s end (at `\n`, `\r\n` or a lone `\r`: text read with `newline=""`),
    and only the file's start may hold a byte-order mark to drop, so the ranges read one after another
    are `_read_jsonl`'s rows.
    """
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    breaks = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    lines = breaks + (0 if data.endswith((b"\n", b"\r")) or not data else 1)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=_text_encoding(encoding) if start == 0 else "utf-8",
                            newline="", errors="strict")
    return _jsonl_lines(path, encoding, text), lines


def _read_json(path: Path, encoding: str, notes: list[str]) -> Iterator[Row | BadRow]:
    """A `.json` file: one JSON document (a list of objects, or an object holding one such list), or,
    as many exports named `.json` are, JSON Lines. The whole document is parsed in memory."""
    with _open_text(path, encoding) as handle:
        try:
            text = handle.read()
        except UnicodeDecodeError as exc:
            raise _decode_error(path, encoding, exc) from exc
    try:
        document = parse_json(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        if _looks_like_lines(text):
            notes.append(f"{path}: holds JSON Lines (one object per line), not one JSON document; read line by line")
            yield from _read_jsonl(path, encoding)
            return
        if isinstance(exc, json.JSONDecodeError):
            seen = " ".join(text.lstrip()[:_SNIPPET].split())
            raise InputError(f"{path}: neither one JSON document nor JSON Lines ({exc.msg} at line {exc.lineno} "
                             f"column {exc.colno}); it starts with {seen!r}; set `format:` if it is CSV") from exc
        raise InputError(f"{path}: not a usable JSON document ({str(exc) or type(exc).__name__})"[:300]) from exc
    items = _records_in(path, document, notes)
    for number, item in enumerate(items, start=1):
        yield _json_row(path, number, item, lambda item=item: shown(item))


def _looks_like_lines(text: str) -> bool:
    """More than one non-blank line and the first one a JSON object on its own."""
    first, _, rest = text.lstrip().partition("\n")
    if not rest or rest.isspace():
        return False
    try:
        return isinstance(parse_json(first), dict)
    except (ValueError, RecursionError):
        return False


def _records_in(path: Path, document: Any, notes: list[str]) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, TwiceKeyed):
        raise InputError(f"{path}: the JSON document's object names '{document.twice}' twice; which one holds "
                         "the records cannot be told")
    if isinstance(document, dict):
        lists = [key for key, value in document.items() if isinstance(value, list)]
        if len(lists) == 1:
            notes.append(f"{path}: read the {len(document[lists[0]]):,} items of the document's list '{lists[0]}'")
            return document[lists[0]]
        keys = ", ".join(repr(k) for k in list(document)[:10]) or "none"
        lists_seen = f"{len(lists)} lists ({', '.join(repr(k) for k in lists[:5])})" if lists else "no list"
        raise InputError(f"{path}: a JSON object with keys {keys} and {lists_seen}; expected a list of records "
                         "or an object holding exactly one")
    raise InputError(f"{path}: the JSON document is a {json_kind(document)}; expected a list of records "
                     "or an object holding one")


PARQUET_BATCH = 8192


def _read_parquet(path: Path) -> Iterator[Row | BadRow]:
    """Row group by row group; a page that cannot be decoded quarantines the rows of its group not yet read
    (how many is in the footer), so one corrupt page costs those rows, not the build."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        _unique(path, parquet.schema_arrow.names)
        groups = [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)]
    except InputError:
        raise
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
    number = 0
    for group, expected in enumerate(groups):
        batches = parquet.iter_batches(batch_size=PARQUET_BATCH, row_groups=[group])
        done, failure = 0, None
        while done < expected:
            try:
                rows = next(batches).to_pylist()
            except StopIteration:
                failure = f"the footer promised {expected:,} rows, the data held {done:,}"
                break
            except Exception as exc:  # noqa: BLE001 - a corrupt page: its rows are quarantined, never a crash
                failure = f"{type(exc).__name__}: {exc}"
                break
            for data in rows:
                number += 1
                yield Row(str(path), number, data)
            done += len(rows)
        if failure:
            reason = f"unreadable_parquet: row group {group + 1}: {failure}"[:300]
            for _ in range(expected - done):
                number += 1
                yield BadRow(str(path), number, None, reason, None)


BUILD_LOCAL = "point the source's `path:` at local files"


def read_hub(hub_id: str, split: str, subset: str | None, revision: str | None,
             instead: str = BUILD_LOCAL) -> Iterator[Row]:
    """Rows of a Hugging Face hub dataset, loaded with `datasets` (needs the network or a local HF cache).
    `instead` is the way to local files in the command that reads it (`path:` for a build source)."""
    import datasets
    from huggingface_hub import constants

    try:
        dataset = datasets.load_dataset(hub_id, subset, split=split, revision=revision)
    except Exception as exc:  # datasets raises many types for offline / missing / gated datasets
        offline = (f"HF_HUB_OFFLINE=1 reads only the Hugging Face cache ({constants.HF_HUB_CACHE}): fill it where "
                   "there is a network" if constants.HF_HUB_OFFLINE else "offline? fill the Hugging Face cache once")
        raise InputError(
            f"hub:{hub_id}: could not load split '{split}' ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
            f"{offline} (`hf download {hub_id} --repo-type dataset`), or {instead}"
        ) from exc
    location = f"hub:{hub_id}" + (f"@{revision}" if revision else "")
    number = 0
    try:
        for number, data in enumerate(dataset, start=1):
            yield Row(location, number, data)
    except Exception as exc:  # noqa: BLE001 - a damaged cache file: one line, not a traceback
        raise InputError(f"{location}: cannot read row {number + 1} ({type(exc).__name__}: {exc})"[:400]
                         + "; delete the dataset's cache and load it again") from exc
