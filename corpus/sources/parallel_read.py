"""A large local JSON Lines source read by worker processes, one byte range of a file each.

Reading is Python per row (parse, renames, adapter, `Record`, content id: ~40 us), so one core bounds
it. Here each file is cut into ranges at line ends, worker processes run `RowReader` (the same per-row
code as `read_source`'s loop) over their ranges, and the main process merges what they made in file
order: row numbers moved on by the lines before the range, repeated copies numbered across ranges
(`Occurrences`), the renames noted as the serial loop notes them, the counts added up. So the batch is
the serial read's, field for field, except that every record is in `frames` (one per range, handed
to `on_frame` as it is merged), none left in `records`.

Only local `.jsonl` in UTF-8 above `PARALLEL_BYTES`, on more than one core: a `.json` file decides
between one document and JSON Lines by parsing all of it, CSV rows may span lines and a malformed one
is re-read from the line after it (readers.py `_Lines`), Parquet and the hub are read by their own
libraries; they stay serial. Workers start from a forkserver (never fork: Polars's threads), and end
when the process that started them is gone, even by SIGKILL.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
from array import array
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable

import polars as pl

from jisr.corpus.sources.adapters import Adapter
from jisr.corpus.sources.ingest import (Occurrences, RenameNotes, RowReader, SourceBatch, SourceSpec, Tally,
                                        language_signals, license_of)
from jisr.corpus.sources.readers import read_jsonl_range, utf8
from jisr.corpus.sources.records import record_columns, record_id
from jisr.errors import InputError

# Below this a source is read in this process. Starting the workers (a forkserver importing Polars and
# jisr, then each worker importing the program's main module) takes ~0.3 s, and the workers spend ~20%
# more CPU in all than one loop (their output written and merged): on two cores they gain from about
# 20 MB (~18k rows of the benchmark's 1.1 KB), sooner on more.
PARALLEL_BYTES = 16 << 20
# A range is this much of a file at most, and the source is cut into `RANGES_PER_WORKER` ranges per
# worker at least, so a slow range does not leave the other cores idle at the end.
RANGE_BYTES = 32 << 20
RANGES_PER_WORKER = 8


def worth_it(spec: SourceSpec, adapter: Adapter, formats: dict[str, str]) -> bool:
    """Whether `read_source` reads this source with `read_ranges`."""
    if spec.hub or (os.cpu_count() or 1) < 2 or any(fmt != "jsonl" for fmt in formats.values()):
        return False
    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows
        return False
    if not utf8(spec.encoding):
        return False
    try:
        pickle.dumps(adapter)  # an adapter made where a worker cannot import it is read here
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return sum(p.stat().st_size for p in spec.paths) >= PARALLEL_BYTES


_KEY = "_content_key"


@dataclass
class Part:
    """What a worker made of one range: an Arrow IPC file of the records' columns (base ids in
    `record_id`, content keys in `_KEY`), their row numbers, the (index, language, score) of those
    whose language came from language ID, the renames it found (file, {column: key}) in order, its
    counts, and its lines.

    The columns go through a file, not the pool's result pipe: sending a range's ~30 MB there held each
    worker ~0.1 s per range (the pipe is read by a thread of the main process, 64 KiB per read, each
    read waiting for the GIL), ~30% of its time; Polars writes and reads the file without the GIL, and
    the file is removed once merged."""

    file: str
    columns: str
    rows: array
    detected: list[tuple[int, str, float]]
    renames: list[tuple[str, dict[str, str]]]
    tally: Tally
    lines: int


def read_range(spec: SourceSpec, adapter: Adapter, version: str, license: str | None, path: Path,
               start: int, end: int, columns: str) -> Part:
    """A worker's task: bytes `start`..`end` of `path` through `RowReader`, the records' columns written to `columns`."""
    renames: list[tuple[str, dict[str, str]]] = []
    reader = RowReader(spec, adapter, {}, set(), lambda file, found: renames.append((file, found)))
    items, lines = read_jsonl_range(path, spec.encoding, start, end)
    records, keys, bases, rows, detected = [], [], [], array("q"), []
    for item in items:
        made = reader.take(item)
        if made is None:
            continue
        record, key, base, score = made
        if score is not None:
            detected.append((len(records), record.language, score))
        records.append(record)
        keys.append(key)
        bases.append(base)
        rows.append(item.row)
    frame = record_columns(bases, records, version, license).with_columns(pl.Series(_KEY, keys, dtype=pl.String))
    frame.write_ipc(columns, compression="uncompressed")
    return Part(str(path), columns, rows, detected, renames, reader.tally, lines)


def ranges(path: Path, step: int) -> list[tuple[int, int]]:
    r"""`path` cut into byte ranges of about `step` bytes, each ending after a `\n` (or at the end of
    the file): a `\n` ends a line however lines end (`\r\n` too)."""
    size = path.stat().st_size
    bounds = [0]
    with open(path, "rb") as handle:
        while bounds[-1] + step < size:
            handle.seek(bounds[-1] + step - 1)
            handle.readline()
            if handle.tell() >= size:
                break
            bounds.append(handle.tell())
    return list(zip(bounds, [*bounds[1:], size]))


def read_ranges(spec: SourceSpec, adapter: Adapter, batch: SourceBatch, on_rows: Callable[[int], None] | None,
                on_frame: Callable[[pl.DataFrame], None] | None) -> Tally:
    """Every row of the source's files, read by one process per core, merged into `batch` in order."""
    workers = os.cpu_count() or 1
    size = sum(path.stat().st_size for path in spec.paths)
    step = max(1, min(RANGE_BYTES, size // (workers * RANGES_PER_WORKER)))
    tasks = [(path, start, end) for path in spec.paths for start, end in ranges(path, step)]
    merge = _Merge(spec, batch)
    folder = tempfile.mkdtemp(prefix="jisr-read-")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    pool = ProcessPoolExecutor(min(workers, len(tasks)), mp_context=context, initializer=_end_with_parent,
                               initargs=(folder,))
    try:
        futures = [pool.submit(read_range, spec, adapter, batch.version, license_of(spec), path, start, end,
                               os.path.join(folder, f"{number}.arrow"))
                   for number, (path, start, end) in enumerate(tasks)]
        for (path, start, end), future in zip(tasks, futures):
            part = _result(future, path, start, end)
            made = merge.add(part)
            if on_rows:
                on_rows(part.tally.read)
            if on_frame and made is not None:
                on_frame(made)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(folder, ignore_errors=True)
    return merge.tally


def _result(future: Future, path: Path, start: int, end: int) -> Part:
    """A range's part; a worker's failure as one error naming the range (an `InputError` as it was)."""
    try:
        return future.result()
    except InputError:
        raise
    except BrokenProcessPool as exc:
        raise RuntimeError(f"{path}: a worker reading bytes {start:,}-{end:,} ended without an answer "
                           "(killed, or out of memory?)") from exc
    except Exception as exc:
        raise RuntimeError(f"{path}: reading bytes {start:,}-{end:,} in a worker failed: "
                           f"{type(exc).__name__}: {exc}") from exc


class _Merge:
    """Parts into `batch` in file order, as the serial loop would have made them: row numbers moved on by
    the lines of the file's earlier parts, copies numbered across parts, renames noted once, counts added."""

    def __init__(self, spec: SourceSpec, batch: SourceBatch):
        self.batch = batch
        self.tally = Tally.of(spec)
        self.renames = RenameNotes(batch.notes)
        self.occurrences = Occurrences()
        self.lines_before = {str(p): 0 for p in spec.paths}

    def add(self, part: Part) -> pl.DataFrame | pl.LazyFrame | None:
        """The part merged, its records' frame (final ids) kept by the batch; returns where their text can be
        read (`SourceBatch.keep`), None when the part made no records."""
        batch, offset = self.batch, self.lines_before[part.file]
        self.lines_before[part.file] += part.lines
        for file, found in part.renames:
            self.renames.note(file, found)
        self.tally.add(part.tally, offset)
        frame = pl.read_ipc(Path(part.columns).read_bytes())  # in memory, not mapped from the file
        os.remove(part.columns)
        keys, frame = frame[_KEY], frame.drop(_KEY)
        bases = frame["record_id"].to_list()
        ids, renumbered = list(bases), False
        for index, base in enumerate(bases):
            copy = self.occurrences.copy_number(base)
            if copy:
                ids[index], renumbered = record_id(keys[index], copy), True
        if renumbered:
            frame = frame.with_columns(pl.Series("record_id", ids, dtype=pl.String))
        batch.ids.extend(ids)
        batch.origins.extend(zip(repeat(part.file), (row + offset for row in part.rows)))
        for index, language, score in part.detected:
            batch.signals.extend(language_signals(ids[index], language, score))
        return batch.keep(frame) if frame.height else None


def _end_with_parent(folder: str) -> None:
    """A worker's first act: a thread that ends the worker once the process that started the pool is gone,
    removing the parts' `folder` that process would have. A worker waits for its next task on a pipe its
    siblings also hold open, so it would not notice."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        shutil.rmtree(folder, ignore_errors=True)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="jisr-read-parent").start()
