"""Spooled records (corpus/sources/spool.py): a build keeps its records' text on disk, reads back only what a
stage asks for, decides exactly as with the text in memory, and leaves no spool behind."""

import subprocess
import sys
import time
from dataclasses import dataclass

import polars as pl
import pytest

from jisr.catalog.shapes import RECORD_SCHEMA
from jisr.corpus.sources.spool import NARROW, TEXT, Spool, spooled, with_columns
from jisr.curation.base import STEPS, Step
from jisr.curation.steps import make_steps, run_steps
from test_curation import CASES


def _full(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every record column (null where it has none), in the catalog's order."""
    return frame.select(pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c)
                        for c, t in RECORD_SCHEMA.items())


def _records(n: int, start: int = 0) -> pl.DataFrame:
    return _full(pl.DataFrame([{"record_id": f"r{i:04d}", "source": "s", "language": "ar" if i % 2 else "en",
                                "kind": "qa", "prompt": f"question {i}", "response": f"answer {i} " * (i % 5 + 1),
                                "metadata": '{"n": %d}' % i} for i in range(start, start + n)]))


def test_a_spool_keeps_narrow_columns_and_reads_text_back_by_position_and_by_id(tmp_path):
    spool = Spool(tmp_path / "spool")
    first, second = _records(7), _records(5, start=7)
    narrow = pl.concat([spool.add(first), spool.add(second)])
    assert tuple(narrow.columns) == NARROW and not set(TEXT) & set(narrow.columns)
    whole = pl.concat([first, second])
    assert spool.scan().collect().equals(whole)
    assert with_columns(narrow.slice(5, 4), spool, ["prompt", "response"], at=5).equals(
        whole.slice(5, 4).select(*NARROW, "prompt", "response"))
    subset = narrow.filter(pl.col("language") == "ar")
    assert with_columns(subset, spool, ["response"])["response"].to_list() == \
        whole.filter(pl.col("language") == "ar")["response"].to_list()
    with pytest.raises(RuntimeError, match="out of step"):
        with_columns(narrow.slice(0, 3), spool, ["prompt"], at=2)


def test_a_build_of_spooled_records_decides_as_one_of_records_in_memory(tmp_path):
    records = _full(pl.DataFrame([dict(zip(("record_id", "language", "kind", "prompt", "response"), c[:5]))
                                  for c in CASES]))
    entries = [("language_id", {}), ("quality", {}), ("exact_dedup", {"key": "prompt"}), ("near_dedup", {})]
    outcomes = []
    for name, spool in [("memory", None), ("spooled", Spool(tmp_path / "spool"))]:
        given = records if spool is None else pl.concat([spool.add(records.slice(0, 6)), spool.add(records.slice(6))])
        filters, steps = make_steps(entries)
        decisions, signals = run_steps(given, filters, steps, tmp_path / name, shard_records=4, spool=spool)
        outcomes.append((decisions.sort("record_id", "seq"), signals.collect().sort("record_id", "step", "name")))
    assert outcomes[0][0].equals(outcomes[1][0]) and outcomes[0][1].equals(outcomes[1][1])
    assert outcomes[0][0].filter(~pl.col("kept")).height > 0


@dataclass
class SeesColumns(Step):
    """Keeps everything; remembers the columns it was handed."""

    step = "tests_sees_columns"
    asks: str = "all"
    seen = []

    def record_columns(self, available: list[str]) -> list[str] | None:
        return None if self.asks == "all" else [] if self.asks == "none" else [self.asks]

    def decide(self, records: pl.DataFrame) -> pl.DataFrame:
        SeesColumns.seen.append(set(records.columns))
        return records.select("record_id", kept=pl.lit(True), reason=pl.lit(None, pl.String),
                              detail=pl.lit(None, pl.String))


@pytest.mark.parametrize("asks, gets", [("all", set(TEXT)), ("none", set()), ("response", {"response"})])
def test_a_step_gets_the_text_it_asks_for_and_no_more(tmp_path, monkeypatch, asks, gets):
    STEPS.names()  # loaded, so the entry below is not the only one
    monkeypatch.setitem(STEPS._entries, SeesColumns.step, SeesColumns)
    spool = Spool(tmp_path / "spool")
    narrow = spool.add(_records(6))
    SeesColumns.seen.clear()
    _, steps = make_steps([(SeesColumns.step, {"asks": asks})])
    run_steps(narrow, [], steps, tmp_path / "work", spool=spool)
    [seen] = SeesColumns.seen
    assert seen & set(TEXT) == gets and set(NARROW) <= seen


def test_a_spool_is_removed_when_its_build_ends_or_dies_but_not_while_it_runs(tmp_path):
    root = tmp_path / "work"
    with spooled(root) as spool:
        spool.add(_records(3))
        assert spool.folder.exists()
    assert not spool.folder.exists()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from jisr.corpus.sources.spool import spooled\n"
        f"with spooled(Path({str(root)!r})) as s:\n"
        "    print(s.folder, flush=True); time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        live = holder.stdout.readline().strip()
        with spooled(root) as mine:
            assert sorted(p.name for p in root.iterdir()) == sorted([mine.folder.name, live.rsplit("/", 1)[-1]])
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert any(root.glob("spool-*"))  # a killed build's spool stays until the next build
    with spooled(root) as mine:
        assert [p.name for p in root.iterdir()] == [mine.folder.name]
