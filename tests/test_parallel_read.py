"""A JSON Lines source read by worker processes, range by range, is the serial read field for field.

The file thresholds are lowered (`PARALLEL_BYTES`, `RANGE_BYTES`) so that small files written here
are cut into many ranges, with repeated records, renamed keys and bad lines on both sides of the cuts.
"""

import json
import os
from pathlib import Path

import pytest

from jisr.config import load_config
from jisr.corpus.sources import parallel_read
from jisr.corpus.sources.adapters import ADAPTERS, Adapter
from jisr.corpus.sources.ingest import SourceSpec, read_source
from jisr.corpus.sources.records import Record
from jisr.errors import InputError

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: every source is read serially")

AR = ["ما أسباب الصداع النصفي؟", "يحدث الصداع النصفي بسبب عوامل وراثية وبيئية ويزيد مع قلة النوم.",
      "ما علاج الحمى عند الأطفال؟", "يعطى الطفل خافض حرارة مناسبا لوزنه مع السوائل والراحة."]
EN = ["What causes a migraine?", "Migraines come from genetic and environmental factors, worse with poor sleep."]


def messy_lines() -> list[str]:
    """Lines of a `jisr` adapter file: good rows in Arabic and English, most without `language`, and
    every kind of row that is quarantined or renamed, repeated so copies land in different ranges."""
    good = [{"prompt": AR[0], "response": AR[1]}, {"prompt": EN[0], "response": EN[1], "language": "en"},
            {"prompt": AR[2], "response": AR[3], "category": "أطفال"}, {"Prompt": EN[0], "response": AR[1]},
            {"PROMPT": AR[2], "Response": AR[3]}, {"prompt": EN[0], "response": EN[1]}]
    odd = ['{"prompt": "broken', "", "   ", '{"prompt": "a", "prompt": "b", "response": "c"}', "[1, 2]",
           json.dumps({"response": AR[1]}, ensure_ascii=False), '{"prompt": NaN, "response": "x"}',
           json.dumps({"prompt": "12345", "response": "67890"}),  # no letters: language ID cannot say
           json.dumps({"prompt": AR[0], "response ": AR[1], "Response": AR[3]}, ensure_ascii=False),
           '{"prompt": "x",\r"response": "y"}',  # a lone CR ends a line, as the serial reader reads it
           "\ufeff" + json.dumps({"prompt": AR[2], "response": AR[1]}, ensure_ascii=False)]
    lines = []
    for i in range(12):
        lines += [json.dumps(row, ensure_ascii=False) for row in good[i % 3:]]
        lines.append(odd[i % len(odd)])
        lines.append(json.dumps({"prompt": f"{AR[0]} {i}", "response": f"{AR[1]} {i % 4}"}, ensure_ascii=False))
    return lines


def write_lines(path: Path, lines: list[str], newline: str = "\n", bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + newline.join(lines).encode("utf-8") + newline.encode())
    return path


def read_both(monkeypatch, spec: SourceSpec, range_bytes: int = 200):
    """(serial batch, parallel batch, the frames the parallel read handed to `on_frame`)."""
    monkeypatch.setattr(parallel_read, "PARALLEL_BYTES", 1 << 62)
    serial = read_source(spec)
    monkeypatch.setattr(parallel_read, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel_read, "RANGE_BYTES", range_bytes)
    frames, rows = [], []
    parallel = read_source(spec, on_rows=rows.append, on_frame=frames.append)
    assert sum(rows) == parallel.read
    return serial, parallel, frames


def assert_same(serial, parallel) -> None:
    for name in ("read", "ids", "origins", "quarantined", "notes", "signals", "version"):
        assert getattr(parallel, name) == getattr(serial, name), name
    assert parallel.frame().schema == serial.frame().schema and parallel.frame().equals(serial.frame())


@pytest.mark.parametrize("newline,bom", [("\n", False), ("\r\n", True)], ids=["lf", "crlf-bom"])
def test_messy_lines_read_in_ranges_are_the_serial_read(tmp_path, monkeypatch, newline, bom):
    path = write_lines(tmp_path / "messy.jsonl", messy_lines(), newline, bom)
    second = write_lines(tmp_path / "more.jsonl", messy_lines()[::-1], newline)
    serial, parallel, frames = read_both(monkeypatch, SourceSpec(name="messy", adapter="jisr", paths=(path, second)))
    assert len(frames) > 10 and not parallel.records  # many ranges, every record in a frame
    assert [f.height for f in frames] == [f.height for f in parallel.frames]
    assert_same(serial, parallel)
    reasons = {q.reason.split(":")[0] for q in serial.quarantined}
    assert reasons >= {"malformed_json", "duplicate_key", "missing", "language_unknown", "ambiguous_columns"}
    copies = {}  # content -> the parallel frames holding a copy: copies are numbered across ranges
    for number, frame in enumerate(frames):
        for content in frame.select("prompt", "response", "language").rows():
            copies.setdefault(content, set()).add(number)
    assert max(len(held) for held in copies.values()) > 5 and len(set(serial.ids)) == len(serial.ids)
    assert {s[3] for s in serial.signals if s[1] == "detected_language"} == {"ar", "en"}
    assert any("language ID" in note for note in serial.notes) and any("as 'prompt'" in note for note in serial.notes)


def test_a_declared_language_and_one_range_per_line(tmp_path, monkeypatch):
    path = write_lines(tmp_path / "ar.jsonl", messy_lines())
    serial, parallel, _ = read_both(monkeypatch, SourceSpec(name="ar", adapter="jisr", paths=(path,), language="ar"),
                                    range_bytes=1)
    assert_same(serial, parallel)
    assert not serial.signals


def test_the_bundled_sample_reads_the_same_both_ways(monkeypatch):
    for spec in load_config(None).sources:
        serial, parallel, _ = read_both(monkeypatch, spec, range_bytes=4096)
        assert_same(serial, parallel)


def problem(monkeypatch, spec: SourceSpec, parallel: bool) -> str:
    monkeypatch.setattr(parallel_read, "PARALLEL_BYTES", 0 if parallel else 1 << 62)
    monkeypatch.setattr(parallel_read, "RANGE_BYTES", 100)
    with pytest.raises(InputError) as caught:
        read_source(spec)
    return str(caught.value)


@pytest.mark.parametrize("case", ["undecodable", "all_quarantined", "no_prompt_anywhere"])
def test_a_bad_file_is_the_same_error(tmp_path, monkeypatch, case):
    path = tmp_path / f"{case}.jsonl"
    good = json.dumps({"prompt": AR[0], "response": AR[1]}, ensure_ascii=False).encode()
    body = {"undecodable": [good] * 20 + [b'{"prompt": "\xff\xfe", "response": "x"}'] + [good] * 20,
            "all_quarantined": [b"{broken"] * 5 + [b'{"prompt": "", "response": "x"}'] * 30,
            "no_prompt_anywhere": [json.dumps({"question": AR[0], "response": AR[1]}, ensure_ascii=False).encode()] * 40}
    path.write_bytes(b"\n".join(body[case]) + b"\n")
    spec = SourceSpec(name=case, adapter="jisr", paths=(path,), language="ar")
    assert problem(monkeypatch, spec, parallel=True) == problem(monkeypatch, spec, parallel=False)


def dies_at_row_die(data, options) -> Record:
    """An adapter that ends its process at the row `die` (a crashing C extension, the OOM killer)."""
    if data["prompt"] == "die":
        os._exit(3)
    return Record("qa", data["prompt"], data["response"])


def test_a_worker_that_dies_is_one_error_not_a_hang(tmp_path, monkeypatch):
    monkeypatch.setitem(ADAPTERS._entries, "dies", Adapter("dies", dies_at_row_die, ("prompt", "response"), "ar"))
    rows = [json.dumps({"prompt": AR[0], "response": f"{AR[1]} {i}"}, ensure_ascii=False) for i in range(30)]
    path = write_lines(tmp_path / "dies.jsonl", [*rows, '{"prompt": "die", "response": "x"}', *rows])
    monkeypatch.setattr(parallel_read, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel_read, "RANGE_BYTES", 500)
    with pytest.raises(RuntimeError, match="ended without an answer"):
        read_source(SourceSpec(name="dies", adapter="dies", paths=(path,)))


def test_an_adapter_a_worker_cannot_import_is_read_here(tmp_path, monkeypatch):
    local = Adapter("local", lambda data, options: Record("qa", data["prompt"], data["response"]),
                    ("prompt", "response"), "ar")
    monkeypatch.setitem(ADAPTERS._entries, "local", local)
    path = write_lines(tmp_path / "local.jsonl", messy_lines())
    monkeypatch.setattr(parallel_read, "PARALLEL_BYTES", 0)
    batch = read_source(SourceSpec(name="local", adapter="local", paths=(path,)))
    assert batch.records and not batch.frames  # the serial loop's batch: records not yet in columns


def test_a_source_in_another_encoding_is_read_here(tmp_path, monkeypatch):
    path = tmp_path / "cp1256.jsonl"
    path.write_bytes("\n".join(messy_lines()[:20]).encode("cp1256", errors="replace"))
    monkeypatch.setattr(parallel_read, "PARALLEL_BYTES", 0)
    batch = read_source(SourceSpec(name="cp", adapter="jisr", paths=(path,), encoding="cp1256"))
    assert batch.records and not batch.frames
