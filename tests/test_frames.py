"""Filters on whole record frames stay datatrove steps: the executor's stats count what each filter
dropped, and one datatrove Document is judged as the same record is in a frame."""

import json

import polars as pl
from datatrove.data import Document

from jisr.curation.executors import Local
from jisr.curation.filters import LanguageIdFilter, QualityFilter
from jisr.curation.frames import RecordBatch
from jisr.curation.pipeline import run_filters
from jisr.curation.steps import make_steps
from test_curation import CASES


def _records() -> pl.DataFrame:
    return pl.DataFrame([dict(zip(("record_id", "language", "kind", "prompt", "response"), c[:5])) for c in CASES])


def test_task_stats_count_each_filters_drops(tmp_path):
    records = pl.concat([_records().with_columns(record_id=pl.col("record_id") + f"-{i}") for i in range(3)])
    filters, _ = make_steps([("language_id", {}), ("quality", {})])
    decisions, _ = run_filters(records, filters, tmp_path / "work", shard_records=20, executor=Local(workers=1))
    stats = {}  # step name -> stat -> total over the tasks
    for path in sorted((tmp_path / "work" / "logs" / "stats").glob("*.json")):
        for step in json.loads(path.read_text()):
            for stat, value in step["stats"].items():
                counts = stats.setdefault(step["name"], {})  # a stat only ever counted by one is a plain number
                counts[stat] = counts.get(stat, 0) + (value["total"] if isinstance(value, dict) else value)
    assert len(list((tmp_path / "work" / "logs" / "completions").iterdir())) == 2  # 39 records, 20 a task
    for f in filters:
        mine = decisions.filter(pl.col("step") == f.step)
        dropped = mine.filter(~pl.col("kept"))
        assert stats[str(f)]["total"] == mine.height and stats[str(f)]["forwarded"] == mine.height - dropped.height
        assert {k.removeprefix("dropped_"): v for k, v in stats[str(f)].items() if k.startswith("dropped_")} == \
            dict(dropped.group_by("reason").len().iter_rows())
    assert stats["📖 - READER: 📖 shard reader"]["documents"] == records.height


def test_one_document_is_judged_as_in_a_frame():
    records = _records()
    for step in (LanguageIdFilter(), QualityFilter()):
        batch = RecordBatch(records, [{} for _ in range(records.height)])
        in_frame = step.judge(batch)
        for i, row in enumerate(records.iter_rows(named=True)):
            doc = Document(text=row["prompt"] + "\n\n" + row["response"], id=row["record_id"], metadata=dict(row))
            assert step.filter(doc) == in_frame[i]
            assert doc.metadata["signals"] == batch.signals[i]
