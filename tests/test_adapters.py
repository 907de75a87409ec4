"""Each adapter on small hand-written files: records, quarantine reasons, file-level errors."""

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jisr.corpus.sources.records import record_id
from jisr.corpus.sources.ingest import SourceSpec, read_source
from jisr.errors import InputError


def spec(adapter: str, *paths: Path, **kw) -> SourceSpec:
    return SourceSpec(name=kw.pop("name", adapter), adapter=adapter, paths=tuple(paths), **kw)


def reasons(batch) -> list[tuple[int, str | None, str]]:
    return [(q.row, q.field, q.reason.split(":")[0]) for q in batch.quarantined]


AHQAD = (
    ",Question,Answer,Category\n"
    '0,ما أسباب الصداع النصفي؟,"التوتر، وقلة النوم، وبعض الأطعمة.",المخ والأعصاب\n'
    "1,هل الحمى خطيرة عند الرضيع؟,,طب الأطفال\n"
    "2,سؤال بلا فئة,جواب قصير\n"
    "3,,جواب بلا سؤال,العيون\n"
    '4,ما علاج حب الشباب؟,"غسل الوجه مرتين يوميا، وتجنب العبث بالحبوب.",الأمراض الجلدية\n'
)


def test_ahqad_reads_records_and_quarantines_bad_rows(write):
    batch = read_source(spec("ahqad", write("a.csv", AHQAD)))
    assert batch.read == 5
    assert [r.prompt for r in batch.records] == ["ما أسباب الصداع النصفي؟", "ما علاج حب الشباب؟"]
    first = batch.records[0]
    assert (first.language, first.kind, first.category, first.upstream_id) == ("ar", "qa", "المخ والأعصاب", "0")
    assert first.response == "التوتر، وقلة النوم، وبعض الأطعمة."
    assert reasons(batch) == [(2, "Answer", "empty"), (3, None, "malformed_row"), (4, "Question", "empty")]
    assert batch.origins == [(str(batch.spec.paths[0]), 1), (str(batch.spec.paths[0]), 5)]


def test_ahqad_missing_column_is_one_clear_error(write):
    path = write("a.csv", "Question,Category\nسؤال,فئة\n")
    with pytest.raises(InputError, match=r"a\.csv: missing required column 'Answer'.*columns found: 'Question', 'Category'"):
        read_source(spec("ahqad", path))


def test_undecodable_file_names_file_and_line_and_encoding_option_fixes_it(tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes("Question,Answer\nما هو السكري؟,مرض مزمن\n".encode("cp1256"))
    with pytest.raises(InputError, match=r"win\.csv: cannot decode as utf-8 at line 2 \(byte 0xe3\)"):
        read_source(spec("ahqad", path))
    batch = read_source(spec("ahqad", path, encoding="cp1256"))
    assert [r.prompt for r in batch.records] == ["ما هو السكري؟"]


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.csv: file not found"):
        read_source(spec("ahqad", tmp_path / "nope.csv"))


def test_cidar_types_and_malformed_json(write):
    path = write("c.jsonl", [
        {"instruction": "اشرح معنى المناعة", "output": "المناعة هي قدرة الجسم على مقاومة الأمراض.", "index": 7},
        '{"instruction": "اكتب جملة", "output": "جملة',
        {"instruction": "لخص النص", "output": "ملخص", "index": "abc"},
        "",
        {"instruction": "ترجم كلمة قلب", "output": "", "index": 9},
    ])
    batch = read_source(spec("cidar", path))
    assert batch.read == 4  # the blank line is not a row
    assert batch.records[0].upstream_id == "7" and batch.records[0].kind == "instruction"
    assert reasons(batch) == [(2, None, "malformed_json"), (3, "index", "wrong_type"), (5, "output", "empty")]


def test_jsonl_without_the_key_anywhere_is_a_file_error(write):
    path = write("c.jsonl", [{"question": "q", "answer": "a"}, {"question": "q2", "answer": "a2"}])
    with pytest.raises(InputError, match=r"c\.jsonl: no line has the required field 'instruction'"):
        read_source(spec("cidar", path))


def test_alpaca_joins_input_to_instruction(write):
    path = write("a.jsonl", [
        {"instruction": "Interpret the lab values.", "input": "HbA1c 8.2%", "output": "Poorly controlled diabetes."},
        {"instruction": "Define anemia.", "input": "", "output": "A low haemoglobin concentration."},
        {"input": "x", "output": "y"},
    ])
    batch = read_source(spec("alpaca", path))
    assert [r.prompt for r in batch.records] == ["Interpret the lab values.\n\nHbA1c 8.2%", "Define anemia."]
    assert batch.records[0].language == "en"
    assert reasons(batch) == [(3, "instruction", "missing")]


def test_chat_turns(write):
    good = {"messages": [
        {"role": "system", "content": "You are a careful clinician."},
        {"role": "user", "content": "I have a cough."},
        {"role": "assistant", "content": "How long?"},
        {"role": "user", "content": "Three weeks."},
        {"role": "assistant", "content": "See a doctor for a chest exam."},
    ]}
    path = write("c.jsonl", [
        good,
        {"messages": [{"role": "doctor", "content": "hi"}, {"role": "assistant", "content": "x"}]},
        {"messages": [{"role": "user", "content": "hello"}]},
        {"messages": [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "  "}]},
        {"messages": "not a list"},
    ])
    batch = read_source(spec("chat", path))
    (record,) = batch.records
    assert record.kind == "chat" and record.messages == good["messages"]
    assert record.prompt == "You are a careful clinician.\n\nI have a cough.\n\nThree weeks."
    assert record.response == "How long?\n\nSee a doctor for a chest exam."
    assert reasons(batch) == [(2, "messages[0].role", "invalid"), (3, "messages", "invalid"),
                              (4, "messages[1].content", "empty"), (5, "messages", "wrong_type")]


def _medmcqa(path: Path, rows: list[dict]) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_medmcqa_renders_options_and_answer(tmp_path):
    base = {"id": "m1", "question": "Drug of choice for absence seizures?", "opa": "Phenytoin",
            "opb": "Ethosuximide", "opc": "Carbamazepine", "opd": "Phenobarbital", "exp": "Ethosuximide blocks T-type Ca channels.",
            "subject_name": "Pharmacology", "topic_name": None}
    path = _medmcqa(tmp_path / "m.parquet", [{**base, "cop": 1}, {**base, "id": "m2", "cop": 7},
                                             {**base, "id": "m3", "cop": None}, {**base, "id": "m4", "opc": "", "cop": 1}])
    batch = read_source(spec("medmcqa", path))
    (record,) = batch.records
    assert record.prompt == ("Drug of choice for absence seizures?\n\nA. Phenytoin\nB. Ethosuximide\n"
                             "C. Carbamazepine\nD. Phenobarbital")
    assert record.response == "B. Ethosuximide\n\nExplanation: Ethosuximide blocks T-type Ca channels."
    assert (record.kind, record.category, record.upstream_id) == ("mcq", "Pharmacology", "m1")
    assert reasons(batch) == [(2, "cop", "invalid"), (3, "cop", "empty"), (4, "opc", "empty")]
    one_based = read_source(spec("medmcqa", path, cop_base=1))
    assert one_based.records[0].response.startswith("A. Phenytoin")


def test_medmcqa_in_arabic_uses_arabic_option_letters(tmp_path):
    path = _medmcqa(tmp_path / "m.parquet", [{"question": "ما العضو المسؤول عن إفراز الأنسولين؟", "opa": "الكبد",
                                              "opb": "البنكرياس", "opc": "الكلية", "opd": "الطحال", "cop": 1}])
    (record,) = read_source(spec("medmcqa", path, language="ar")).records
    assert record.prompt.endswith("أ. الكبد\nب. البنكرياس\nج. الكلية\nد. الطحال")
    assert record.response == "ب. البنكرياس"


def test_medqa(write):
    item = {"question": "A 30-year-old has polyuria.", "options": {"A": "DKA", "B": "SIADH", "C": "Diabetes insipidus"},
            "answer_idx": "C", "meta_info": "step1"}
    path = write("q.jsonl", [item, {**item, "answer_idx": "F"}, {**item, "options": ["DKA", "SIADH"]}])
    batch = read_source(spec("medqa", path))
    assert batch.records[0].response == "C. Diabetes insipidus"
    assert batch.records[0].metadata == {"meta_info": "step1"}
    assert reasons(batch) == [(2, "answer_idx", "invalid"), (3, "options", "wrong_type")]


def test_mapped_columns(write):
    path = write("e.csv", "id,q,a,spec\n1,سؤال أول,جواب أول,الباطنة\n2,سؤال ثان,,العيون\n")
    batch = read_source(spec("mapped", path, language="ar",
                             columns={"prompt": "q", "response": "a", "category": "spec", "id": "id"}))
    (record,) = batch.records
    assert (record.prompt, record.response, record.category, record.upstream_id) == ("سؤال أول", "جواب أول", "الباطنة", "1")
    assert reasons(batch) == [(2, "a", "empty")]
    with pytest.raises(InputError, match=r"missing required column 'question'"):
        read_source(spec("mapped", path, columns={"prompt": "question", "response": "a"}))


def test_record_ids_are_content_derived_and_copies_distinct(write):
    rows = [{"instruction": "Define fever.", "output": "A raised body temperature."}] * 2
    first = read_source(spec("alpaca", write("a.jsonl", rows)))
    again = read_source(spec("alpaca", write("b.jsonl", rows)))
    assert first.ids == again.ids  # same content, same ids, whatever the file
    assert first.ids[0] != first.ids[1]  # an exact copy is its own record, for dedup to drop with a reason
    assert first.ids[0] == record_id(first.records[0].content_key())
    renamed = read_source(spec("alpaca", write("c.jsonl", rows), name="other"))
    assert renamed.ids[0] != first.ids[0]  # the source is part of a record's identity


def test_jisr_records_keep_their_links(write):
    path = write("gen.jsonl", [
        {"prompt": "ما هو ارتفاع ضغط الدم؟", "response": "ضغط دم يبقى عند 130/80 أو أعلى.", "language": "ar",
         "kind": "qa", "parent_id": "abc123", "pair_id": "pair-1", "category": "أمراض القلب"},
        {"prompt": "x", "response": "y", "kind": "essay"},
    ])
    batch = read_source(spec("jisr", path, language="en"))
    (record,) = batch.records
    assert (record.language, record.parent_id, record.pair_id, record.category) == ("ar", "abc123", "pair-1", "أمراض القلب")
    assert reasons(batch) == [(2, "kind", "invalid")]


def test_hub_path_loads_through_datasets(tmp_path, monkeypatch):
    """The hub code path, offline: `datasets.load_dataset` on a local dataset folder."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    folder = tmp_path / "cidar_like"
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist([
        {"instruction": "اذكر فائدة للماء", "output": "يساعد على تنظيم حرارة الجسم.", "index": 0},
        {"instruction": "اذكر عرضا للجفاف", "output": "", "index": 1},
    ]), folder / "train-00000-of-00001.parquet")
    batch = read_source(SourceSpec(name="cidar", adapter="cidar", hub=str(folder), split="train"))
    assert [r.prompt for r in batch.records] == ["اذكر فائدة للماء"]
    assert reasons(batch) == [(2, "output", "empty")]
    assert batch.quarantined[0].file == f"hub:{folder}"
    with pytest.raises(InputError, match=r"hub:no-such/dataset: could not load split 'train'"):
        read_source(SourceSpec(name="x", adapter="cidar", hub="no-such/dataset"))


def test_rows_that_crashed_a_build_are_quarantined(write):
    lines = [
        '{"instruction": "q1", "output": "a1"}',
        '{"instruction": "q2", "output": ' + "[" * 100_000 + "]" * 100_000 + "}",  # nesting too deep
        '{"instruction": "q3", "output": "a", "index": ' + "9" * 5000 + "}",  # over Python's int digit limit
        '{"instruction": "q4 \\ud800", "output": "a4"}',  # a lone surrogate has no UTF-8 form
        '{"instruction": "q5", "output": NaN}',
        '{"instruction": "q6", "output": "a6"}',
    ]
    batch = read_source(spec("cidar", write("c.jsonl", lines)))
    assert batch.read == 6 and len(batch.records) + len(batch.quarantined) == 6
    assert [r.prompt for r in batch.records] == ["q1", "q6"]
    assert [(row, field, reason) for row, field, reason in reasons(batch)] == [
        (2, None, "malformed_json"), (3, None, "malformed_json"), (4, "instruction", "invalid_text"),
        (5, None, "malformed_json")]
