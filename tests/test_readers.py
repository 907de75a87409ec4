"""Files as users bring them: JSON documents, stray quotes, corrupt Parquet, odd column names, no language.

Every file here is written by the test; each case is a failure measured on real data (issue 13).
"""

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jisr.corpus.sources.records import record_id
from jisr.corpus.sources.ingest import SourceSpec, read_source
from jisr.errors import InputError


def spec(adapter: str, *paths: Path, **kw) -> SourceSpec:
    return SourceSpec(name=kw.pop("name", adapter), adapter=adapter, paths=tuple(paths), **kw)


def balanced(batch) -> bool:
    return batch.read == len(batch.ids) + len(batch.quarantined)


CIDAR = [{"instruction": f"اشرح العرض رقم {i}", "output": f"هذا شرح العرض رقم {i} بالتفصيل.", "index": i} for i in range(4)]


@pytest.mark.parametrize("document", [CIDAR, {"version": "2024", "data": CIDAR}], ids=["list", "object"])
def test_a_json_file_is_one_document(write, document):
    path = write("cidar.json", json.dumps(document, ensure_ascii=False, indent=2))
    batch = read_source(spec("cidar", path))
    assert batch.read == 4 and [r.upstream_id for r in batch.records] == ["0", "1", "2", "3"]
    assert batch.origins[-1] == (str(path), 4)  # item 4 of the list, not a line number
    assert any("'data'" in note for note in batch.notes) == isinstance(document, dict)


def test_json_lines_named_json_are_read_as_lines_and_said_so(write):
    path = write("cidar.json", [*CIDAR[:2], "{broken", CIDAR[3]])
    batch = read_source(spec("cidar", path))
    assert batch.read == 4 and len(batch.records) == 3
    assert [(q.row, q.reason.split(":")[0]) for q in batch.quarantined] == [(3, "malformed_json")]
    assert batch.notes == [f"{path}: holds JSON Lines (one object per line), not one JSON document; read line by line"]


@pytest.mark.parametrize("name", ["qa.jsonl", "qa.json"])
def test_a_key_named_twice_quarantines_its_row(write, name):
    """Python's JSON parser keeps the last of two values for one key without a word; which was meant
    cannot be told, so the row goes to quarantine with the key as its field (nested keys too)."""
    rows = ['{"instruction": "ما الحمى؟", "output": "ارتفاع الحرارة", "output": "انخفاض الحرارة"}',
            '{"instruction": "ما الصداع؟", "output": "ألم في الرأس", "meta": {"src": "a", "src": "b"}}',
            json.dumps(CIDAR[0], ensure_ascii=False)]
    path = write(name, "\n".join(rows) if name.endswith("l") else "[" + ",\n".join(rows) + "]")
    batch = read_source(spec("cidar", path))
    assert balanced(batch) and batch.read == 3 and [r.prompt for r in batch.records] == [CIDAR[0]["instruction"]]
    assert [(q.file, q.row, q.field, q.reason.split(":")[0]) for q in batch.quarantined] == [
        (str(path), 1, "output", "duplicate_key"), (str(path), 2, "meta.src", "duplicate_key")]


def test_a_document_whose_wrapper_names_a_key_twice_is_one_error(write):
    path = write("x.json", '{"data": %s, "data": []}' % json.dumps(CIDAR))
    with pytest.raises(InputError, match="names 'data' twice"):
        read_source(spec("cidar", path))


@pytest.mark.parametrize("content, message", [
    ("Question,Answer\nما الحمى؟,ارتفاع الحرارة\n", r"neither one JSON document nor JSON Lines .*starts with 'Question,Answer"),
    (json.dumps({"train": CIDAR, "test": CIDAR}), r"a JSON object with keys 'train', 'test' and 2 lists"),
    (json.dumps({"count": 4}), r"a JSON object with keys 'count' and no list"),
    ("42", r"the JSON document is a number"),
])
def test_a_json_file_that_cannot_be_decided_is_one_error(write, content, message):
    with pytest.raises(InputError, match=message):
        read_source(spec("cidar", write("x.json", content)))


def arabic_csv(rows: int, stray_at: int, later_quotes: bool) -> str:
    lines = ["Question,Answer,Category"]
    for i in range(1, rows + 1):
        question = f"ما علاج الصداع المزمن رقم {i}؟"
        answer = f"الراحة وشرب الماء والنوم الكافي للحالة {i}"
        if i == stray_at:
            question = '"' + question  # an unclosed quote
        if later_quotes and i % 100 == 0:
            answer = f'"{answer}, ثم مراجعة الطبيب"'  # a legitimately quoted field with a comma
        lines.append(f"{question},{answer},المخ والأعصاب")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("later_quotes", [False, True], ids=["runs-to-the-end", "closes-at-a-later-quote"])
def test_one_stray_quote_does_not_swallow_a_10000_row_csv(write, later_quotes):
    path = write("ahqad.csv", arabic_csv(10_000, stray_at=5, later_quotes=later_quotes))
    batch = read_source(spec("ahqad", path))
    assert batch.read == 10_000 and balanced(batch)
    assert len(batch.records) == 9_999
    (bad,) = batch.quarantined
    assert bad.row == 5 and bad.reason.startswith("malformed_row: unbalanced quote at line 6")
    assert bad.raw.startswith('"ما علاج الصداع المزمن رقم 5؟')
    assert batch.records[4].prompt == "ما علاج الصداع المزمن رقم 6؟"  # the row after it is its own record
    assert batch.records[-1].prompt == "ما علاج الصداع المزمن رقم 10000؟"
    assert batch.origins[4] == (str(path), 6)


def test_a_legitimate_multiline_field_is_still_one_row(write):
    path = write("a.csv", 'Question,Answer\nما أعراض السكري؟,"العطش الشديد\nوكثرة التبول\nوالتعب"\nسؤال,جواب\n')
    batch = read_source(spec("ahqad", path))
    assert batch.read == 2 and not batch.quarantined
    assert batch.records[0].response == "العطش الشديد\nوكثرة التبول\nوالتعب"


def corrupt_parquet(path: Path) -> Path:
    rows = [{"instruction": f"سؤال طبي رقم {i}", "output": f"جواب طبي رقم {i}"} for i in range(3000)]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=1000, compression="none")
    data = bytearray(path.read_bytes())
    metadata = pq.ParquetFile(path).metadata
    start = metadata.row_group(1).column(0).data_page_offset  # a page of the second row group, footer intact
    data[start + 40:start + 120] = b"\xff" * 80
    path.write_bytes(bytes(data))
    return path


def test_a_corrupt_parquet_page_quarantines_its_rows_not_the_build(tmp_path):
    batch = read_source(spec("cidar", corrupt_parquet(tmp_path / "c.parquet")))
    assert batch.read == 3000 and balanced(batch)
    assert len(batch.records) == 2000
    assert {q.row for q in batch.quarantined} == set(range(1001, 2001))
    assert all(q.reason.startswith("unreadable_parquet: row group 2: ") for q in batch.quarantined)


@pytest.mark.parametrize("name, content, message", [
    ("a.csv", "", r"a\.csv: the file is empty \(not even a header; source 'ahqad'\)"),
    ("a.csv", "Question,Answer,Category\n", r"source 'ahqad': no rows in .*a\.csv \(empty, or only a header\)"),
    ("a.jsonl", "\n\n", r"no rows in"),
    ("a.csv", "Question,Answer,Answer\nس,ج1,ج2\n", r"a\.csv: duplicate column name 'Answer'"),
    ("a.jsonl", "not json\nnor this\n{oops\n", r"a\.jsonl: all 3 rows were quarantined \(row 1: malformed_json"),
    ("a.csv", "Question,Answer\n,\n,\n", r"a\.csv: all 2 rows were quarantined \(row 1: Question: empty\)"),
])
def test_suspicious_files_stop_with_one_line(write, name, content, message):
    with pytest.raises(InputError, match=message) as error:
        read_source(spec("ahqad" if name.endswith("csv") else "cidar", write(name, content), name="ahqad"))
    assert "\n" not in str(error.value)


def test_an_empty_file_beside_others_is_a_note(write):
    full = write("a.csv", "Question,Answer\nما الحمى؟,ارتفاع حرارة الجسم\n")
    empty = write("b.csv", "Question,Answer\n")
    batch = read_source(spec("ahqad", full, empty))
    assert batch.read == 1 and batch.notes == [f"{empty}: no rows (the file is empty or holds only a header)"]


def test_duplicate_parquet_columns_are_one_error(tmp_path):
    path = tmp_path / "d.parquet"
    pq.write_table(pa.table([pa.array(["q"]), pa.array(["a"]), pa.array(["b"])], names=["instruction", "output", "output"]),
                   path)
    with pytest.raises(InputError, match=r"d\.parquet: duplicate column name 'output'"):
        read_source(spec("cidar", path))


def test_decode_errors_name_the_line_they_are_on(tmp_path):
    path = tmp_path / "late.csv"
    good = "".join(f"سؤال رقم {i},جواب رقم {i}\n" for i in range(1, 300))
    path.write_bytes(("Question,Answer\n" + good).encode() + "سؤال أخير,جواب\n".encode("cp1256"))
    with pytest.raises(InputError, match=r"late\.csv: cannot decode as utf-8 at line 301 "):
        read_source(spec("ahqad", path))


def test_column_names_match_ignoring_case_and_spaces_and_say_so(write):
    csv_path = write("a.csv", "QUESTION , answer,category\nما الحمى؟,ارتفاع حرارة الجسم,الباطنة\n")
    batch = read_source(spec("ahqad", csv_path))
    assert (batch.records[0].prompt, batch.records[0].category) == ("ما الحمى؟", "الباطنة")
    assert batch.notes == [f"{csv_path}: read column 'QUESTION ' as 'Question', ' answer' as 'Answer', "
                           "'category' as 'Category' (names matched ignoring case and spaces)"]
    jsonl = write("c.jsonl", [{"Instruction": "اشرح الحمى", "Output": "ارتفاع حرارة الجسم"},
                              {"Instruction": "اشرح السعال", "Output": "طرد الهواء بقوة"}])
    batch = read_source(spec("cidar", jsonl))
    assert [r.prompt for r in batch.records] == ["اشرح الحمى", "اشرح السعال"]
    assert batch.notes == [f"{jsonl}: read column 'Instruction' as 'instruction', 'Output' as 'output' "
                           "(names matched ignoring case and spaces)"]
    mapped = read_source(spec("mapped", csv_path, language="ar", columns={"prompt": "Question", "response": "Answer"}))
    assert mapped.records[0].response == "ارتفاع حرارة الجسم"


def test_two_columns_that_both_match_are_an_error(write):
    path = write("a.csv", "question,QUESTION,Answer\nس1,س2,ج\n")
    with pytest.raises(InputError, match=r"columns 'question', 'QUESTION' all match 'Question'"):
        read_source(spec("ahqad", path))


def test_every_column_problem_of_every_source_is_in_one_error(write):
    from jisr.corpus.sources.ingest import source_problems

    a = write("a.csv", "Question,Category\nس,ف\n")
    b = write("b.csv", "Answer\nج\n")
    problems = source_problems([spec("ahqad", a), spec("ahqad", b, name="other"), spec("nope", a, name="third")])
    assert len(problems) == 3
    assert "a.csv: missing required column 'Answer'" in problems[0]
    assert "b.csv: missing required column 'Question'" in problems[1]
    assert "unknown adapter 'nope'" in problems[2]


MIXED = [
    {"q": "ما هي أعراض فقر الدم؟", "a": "التعب والدوخة وشحوب الجلد وضيق التنفس عند المجهود."},
    {"q": "What are the symptoms of anaemia?", "a": "Tiredness, dizziness, pale skin and breathlessness on effort."},
    {"q": "12345", "a": "678 / 910"},
]


def test_a_source_without_language_is_detected_per_record_never_und(write):
    path = write("m.jsonl", MIXED)
    batch = read_source(spec("mapped", path, columns={"prompt": "q", "response": "a"}))
    assert [r.language for r in batch.records] == ["ar", "en"]
    assert [(q.row, q.field, q.reason.split(":")[0]) for q in batch.quarantined] == [(3, "language", "language_unknown")]
    names = [(rid, name, text) for rid, name, value, text in batch.signals if name == "detected_language"]
    assert names == [(batch.ids[0], "detected_language", "ar"), (batch.ids[1], "detected_language", "en")]
    assert all(value > 0.5 for _, name, value, _ in batch.signals if name == "detected_language_score")
    assert any("language came from language ID (ar 1, en 1)" in note for note in batch.notes)
    declared = read_source(spec("mapped", path, language="ar", columns={"prompt": "q", "response": "a"}))
    assert {r.language for r in declared.records} == {"ar"} and not declared.signals


def test_whitespace_at_the_ends_is_stripped_before_hashing(write):
    path = write("a.jsonl", [{"instruction": "  Define fever.\n", "output": "A raised body temperature.\n\n"},
                             {"instruction": "Define fever.", "output": "A raised body temperature."},
                             {"instruction": "Define  fever.", "output": "A raised\nbody temperature."}])
    batch = read_source(spec("alpaca", path))
    first, second, third = batch.records
    assert (first.prompt, first.response) == ("Define fever.", "A raised body temperature.")
    assert first.content_key() == second.content_key()  # the same record: the copy is occurrence 1
    assert batch.ids[1] == record_id(first.content_key(), 1)
    assert (third.prompt, third.response) == ("Define  fever.", "A raised\nbody temperature.")  # inside: as written


def test_eval_columns_match_ignoring_case_and_spaces_and_say_so(write):
    from jisr.evaluation.sets import SetSpec, load_set

    header = "Question,Option A,Option B,Option C,Option D,Answer\n"
    path = write("exam.csv", header + "ما العضو الذي يفرز الأنسولين؟,الكبد,البنكرياس,الكلية,الطحال,ب\n")
    exam = load_set(SetSpec("my_exam", "ar", path))
    (item,) = exam.items
    assert (item.question, item.options, item.answer_index) == ("ما العضو الذي يفرز الأنسولين؟",
                                                                ("الكبد", "البنكرياس", "الكلية", "الطحال"), 1)
    assert exam.notes == [f"{path}: read column 'Question' as 'question', 'Answer' as 'answer', 'Option A' as "
                          "'option_a', 'Option B' as 'option_b', 'Option C' as 'option_c', 'Option D' as 'option_d' "
                          "(names matched ignoring case and spaces)"]
    document = write("exam.json", json.dumps({"items": [  # one JSON document, as the 35,173-line set was
        {"Question": "Which organ secretes insulin?", "Choices": ["Liver", "Pancreas"], "ANSWER": "B"},
        {"Question": "Which vitamin does the skin make?", "Choices": ["D", "C"], "ANSWER": "A"}]}, indent=2))
    exam = load_set(SetSpec("my_exam", "en", document))
    assert exam.read == 2 and [i.answer_index for i in exam.items] == [1, 0] and not exam.problems
    assert "'Choices' as 'choices'" in exam.notes[1] and "list 'items'" in exam.notes[0]


def test_a_row_far_longer_than_a_row_should_be_is_noted(write):
    """A stray quote closed by a quote that ends a field (`5"` for inches) passes strict parsing: it is noted."""
    body = "".join(f"سؤال {i},جواب {i}\n" for i in range(1, 150))
    path = write("a.csv", 'Question,Answer\nسؤال أول,جواب أول\nسؤال,"جواب يبدأ باقتباس\n' + body + 'شاشة 5",جواب أخير\n')
    batch = read_source(spec("ahqad", path))
    assert balanced(batch) and batch.read == 2
    assert batch.notes == [f"{path}: row 2 spans 151 lines (from line 3) in one quoted field; "
                           "if that is not meant, a stray quote is there"]


def test_a_lone_surrogate_in_an_id_or_metadata_is_quarantined_not_a_crash_at_landing(write):
    path = write("gen.jsonl", ['{"prompt": "p1", "response": "r1", "language": "en", "record_id": "id \\ud800"}',
                               '{"prompt": "p2", "response": "r2", "language": "en", "metadata": {"note": "\\udfff"}}',
                               '{"prompt": "p3", "response": "r3", "language": "en", "metadata": {"note": "ok"}}'])
    batch = read_source(spec("jisr", path))
    assert [(q.row, q.field, q.reason.split(":")[0]) for q in batch.quarantined] == [
        (1, "record_id", "invalid_text"), (2, "metadata", "invalid")]
    assert batch.frame()["metadata"].to_list() == ['{"note": "ok"}']


def test_a_quote_in_the_wrong_place_on_one_line_costs_that_line_only(write):
    path = write("a.csv", 'Question,Answer\n"ما الحمى"؟,ارتفاع الحرارة\nما السعال؟,طرد الهواء\n')
    batch = read_source(spec("ahqad", path))
    assert [r.prompt for r in batch.records] == ["ما السعال؟"]
    assert [(q.row, q.reason) for q in batch.quarantined] == [
        (1, "malformed_row: unbalanced quote at line 2 (',' expected after '\"')")]
