"""Records on disk while a build works on them, so its process holds their ids, not their text.

A build read every record into memory and kept it there until landing: at 3M records its process held
~3.6 GB of prompts, responses, messages and metadata that only a few stages read (the filters' input
shards, a token count not made ahead, a step such as decontamination, the landing). With a `Spool`,
ingest writes each frame of records, whole, to a Parquet file as it is made (files numbered in read
order) and keeps only the narrow columns (`NARROW`: ids, source, language, kind, links); a stage that
needs text reads it back from the files, by position or by id, when it needs it.

Each build spools into a folder of its own, held (an `flock` the kernel drops when the process dies) for as
long as the build runs and removed when it ends; a folder a killed build left is removed by the next build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import polars as pl

from jisr.catalog.shapes import RECORD_SCHEMA
from jisr.catalog.writer_turns import try_exclusive

# The record columns that hold text: spooled, read back on demand.
TEXT = ("prompt", "response", "messages", "metadata")
NARROW = tuple(name for name in RECORD_SCHEMA if name not in TEXT)
NARROW_SCHEMA = {name: RECORD_SCHEMA[name] for name in NARROW}


class Spool:
    """The frames of records ingest made, whole, one Parquet file each in `folder`, in read order."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: list[Path] = []

    def add(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Write `frame` (all of `RECORD_SCHEMA`); returns its narrow columns, which the caller keeps."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{len(self.files):06d}.parquet"
        # lz4: cheap to write on the read's thread and to read again (the whole 1M-record build's read grew 34 -> 37 s).
        frame.write_parquet(path, compression="lz4")
        self.files.append(path)
        return frame.select(NARROW)

    def scan(self) -> pl.LazyFrame:
        """Every spooled record, all columns, in read order."""
        if not self.files:
            return pl.LazyFrame(schema=RECORD_SCHEMA)
        return pl.scan_parquet(self.files, schema=RECORD_SCHEMA)

    def file(self, index: int) -> pl.LazyFrame:
        """The records of one spooled frame (the `index`-th added)."""
        return pl.scan_parquet(self.files[index], schema=RECORD_SCHEMA)

    def rows(self, start: int, length: int, columns: list[str]) -> pl.DataFrame:
        """`columns` of the records at positions start..start+length-1 of the read order."""
        return self.scan().slice(start, length).select(columns).collect()

    def of(self, ids: pl.Series, columns: list[str]) -> pl.DataFrame:
        """`columns` of the records `ids` (record_id first), in read order: for a subset kept in that order."""
        wanted = ids.implode()
        return self.scan().select("record_id", *(c for c in columns if c != "record_id")) \
            .filter(pl.col("record_id").is_in(wanted)).collect()


HELD = ".held"  # the lock file of a spool in use


@contextlib.contextmanager
def spooled(root: Path) -> Iterator[Spool]:
    """A new spool in `root` for the block (its folder held, then removed); first removes the spools of builds
    that are gone."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in root.glob("spool-*"):
        held = folder / HELD
        fd = try_exclusive(held, "removing") if held.exists() else None
        if fd is not None:  # its build died without removing it
            shutil.rmtree(folder, ignore_errors=True)
            os.close(fd)
    folder = Path(tempfile.mkdtemp(prefix="spool-", dir=root))
    fd = try_exclusive(folder / HELD, f"pid {os.getpid()}")
    try:
        yield Spool(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if fd is not None:
            os.close(fd)


def with_columns(records: pl.DataFrame, spool: Spool | None, columns: list[str] | tuple[str, ...],
                 at: int | None = None) -> pl.DataFrame:
    """`records` with those of `columns` it lacks read back from `spool` (none: `records` as it is): by
    position where `at` says where `records` starts in the read order, else by id (then `records` must be a
    subset of the spooled records in read order)."""
    missing = [c for c in columns if c not in records.columns]
    if not missing or spool is None:
        return records
    found = spool.rows(at, records.height, ["record_id", *missing]) if at is not None else \
        spool.of(records["record_id"], missing)
    if not found["record_id"].equals(records["record_id"]):
        raise RuntimeError("spooled records out of step with the build's records (a bug, never input)")
    return records.hstack(found.drop("record_id").get_columns())
