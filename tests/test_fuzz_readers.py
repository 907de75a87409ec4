"""Fuzzing every reader with every adapter: no input crashes a build, and every row read is accounted for.

Rows are drawn with the columns each adapter reads (so conversion is exercised, not only "missing"),
holding values of every JSON type, stray quotes, commas, line breaks, Arabic, lone surrogates (as JSON
escapes) and NUL; Parquet files get bytes changed in their pages. Each file must either read with
read = records + quarantined, or stop with an `InputError` (one message for the user). Bounded: a few
dozen examples per format, seconds in all; set JISR_FUZZ_EXAMPLES (e.g. 5000) for a longer hunt.
"""

import json
import os
import string

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings, strategies as st

from jisr.corpus.adapters import ADAPTERS, ROLES
from jisr.corpus.sources import SourceSpec, read_source
from jisr.errors import InputError

FUZZ = settings(max_examples=int(os.environ.get("JISR_FUZZ_EXAMPLES", "40")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MAPPED = {"prompt": "q", "response": "a"}
COLUMNS = {name: ("q", "a") if name == "mapped" else a.required + a.optional for name, a in ADAPTERS.items()}
TEXT = st.text(alphabet=st.sampled_from([*string.ascii_letters, *' ,"\n\r\t:{}[]\\', *"ما هو السكري؟ ٍ",
                                         "\x00", "\u200f", "\xa0"]), max_size=30)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT | st.just("q \ud800")
ANY = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                   | st.dictionaries(st.sampled_from(["role", "content", "A", "B", "x"]), inner, max_size=4),
                   max_leaves=12)
TURNS = st.lists(st.fixed_dictionaries({"role": st.sampled_from([*ROLES, "doctor"]), "content": TEXT}), max_size=4)
SHAPED = {"messages": TURNS, "options": st.dictionaries(st.sampled_from("ABCDE"), TEXT, max_size=5),
          "cop": st.integers(-1, 5), "answer_idx": st.sampled_from(["A", "b", "F", ""]), "index": st.integers()}
ADAPTER = st.sampled_from(sorted(ADAPTERS.names()))


@st.composite
def rows_for(draw, adapter: str, max_rows: int = 6) -> list[dict]:
    """Rows that mostly have the adapter's columns, with values mostly of the right shape."""
    def value(key: str):
        return st.one_of(SHAPED.get(key, TEXT), SHAPED.get(key, TEXT), ANY)
    keys = COLUMNS[adapter]
    row = st.fixed_dictionaries({}, optional={k: value(k) for k in keys}) | st.fixed_dictionaries({k: value(k) for k in keys})
    return draw(st.lists(row, max_size=max_rows))


def check(path, adapter: str) -> None:
    """The property: a balanced batch or one `InputError`; anything else (a traceback) fails the test."""
    spec = SourceSpec(name="fuzz", adapter=adapter, paths=(path,), columns=MAPPED if adapter == "mapped" else {})
    try:
        batch = read_source(spec)
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert batch.read == len(batch.ids) + len(batch.quarantined) == len(batch.records) + len(batch.quarantined)
    assert batch.frame().height == len(batch.ids)  # the records also become the catalog's columns


@FUZZ
@given(data=st.data(), junk=st.lists(TEXT, max_size=2), adapter=ADAPTER)
def test_fuzz_jsonl(tmp_path, data, junk, adapter):
    lines = [json.dumps(row) for row in data.draw(rows_for(adapter))]
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join([*lines, *junk]), encoding="utf-8")
    check(path, adapter)


@FUZZ
@given(data=st.data(), wrap=st.sampled_from(["list", "object", "lines", "cut"]), adapter=ADAPTER)
def test_fuzz_json(tmp_path, data, wrap, adapter):
    rows = data.draw(rows_for(adapter))
    text = "\n".join(map(json.dumps, rows)) if wrap == "lines" else \
        json.dumps({"meta": "x", "data": rows} if wrap == "object" else rows)
    path = tmp_path / "f.json"
    path.write_text(text[: len(text) // 2] if wrap == "cut" else text, encoding="utf-8")
    check(path, adapter)


@FUZZ
@given(data=st.data(), extra=st.lists(TEXT, max_size=2), adapter=ADAPTER)
def test_fuzz_csv(tmp_path, data, extra, adapter):
    """Cells joined without quoting, so quotes, commas and line breaks in them break rows as they do in the wild."""
    header = [*COLUMNS[adapter][:4], *extra]
    cells = data.draw(st.lists(st.lists(TEXT, min_size=len(header) - 1, max_size=len(header) + 1), max_size=8))
    path = tmp_path / "f.csv"
    path.write_text("\n".join(",".join(row) for row in [header, *cells]), encoding="utf-8")
    check(path, adapter)


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".jsonl", ".json", ".parquet"]), adapter=ADAPTER)
def test_fuzz_bytes(tmp_path, data, suffix, adapter):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    check(path, adapter)


@FUZZ
@given(data=st.data(), flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                                      min_size=1, max_size=4), adapter=ADAPTER)
def test_fuzz_parquet_pages(tmp_path, data, flips, adapter):
    """A Parquet file with bytes changed in its pages, the footer intact: the case that crashed builds."""
    rows = data.draw(rows_for(adapter, max_rows=12).filter(bool))
    keys = sorted({k for row in rows for k in row}) or ["q"]
    table = pa.table({k: pa.array([None if row.get(k) is None else json.dumps(row[k]) for row in rows], pa.string())
                      for k in keys})
    path = tmp_path / "f.parquet"
    pq.write_table(table, path, row_group_size=4, compression=None)
    raw = bytearray(path.read_bytes())
    footer = int.from_bytes(raw[-8:-4], "little")
    pages = len(raw) - 8 - footer - 4  # bytes between the leading magic and the footer
    for where, value in flips:
        raw[4 + int(where * pages)] = value
    path.write_bytes(bytes(raw))
    check(path, adapter)


EVAL_KEYS = ("question", "A", "B", "C", "D", "answer", "options", "context", "id")


@FUZZ
@given(rows=st.lists(st.fixed_dictionaries({}, optional={k: st.one_of(TEXT, SHAPED["options"], ANY) for k in EVAL_KEYS}),
                     max_size=6), suffix=st.sampled_from([".jsonl", ".json"]))
def test_fuzz_eval_sets(tmp_path, rows, suffix):
    """The multiple-choice mapping reads eval files through the same readers: every row is an item or a problem."""
    from jisr.evaluation.sets import SetSpec, load_set

    path = tmp_path / f"exam{suffix}"
    path.write_text(json.dumps(rows) if suffix == ".json" else "\n".join(map(json.dumps, rows)), encoding="utf-8")
    try:
        exam = load_set(SetSpec("my_exam", "ar", path))
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert exam.read == len(exam.items) + sum(not p.kept for p in exam.problems)
