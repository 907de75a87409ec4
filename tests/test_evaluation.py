"""Evaluation: benchmark adapters, versioned registration, lm-eval tasks, and a tiny model scored end to end.

Everything runs offline: the fixture sets in tests/fixtures/evaluation (MedMCQA, MedQA and PubMedQA in
their upstream shapes, and a generic Arabic exam CSV, each with messy rows), MMLU subject sets written
here, and a random ~150k-parameter Llama with a BPE tokenizer trained on the sets' prompts. The model's
folder is named after a model the paper published, so the report shows the paper's reference row.
"""

import csv
import io
import json
import re
import shutil
from pathlib import Path

import click
import pytest
import torch
import yaml
from click.testing import CliRunner
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

from jisr.catalog import Catalog
from tiny_models import tiny_llama
from jisr.catalog.evaluations import EVAL_VIEW_NAMES
from jisr.cli import JisrGroup
from jisr.display import console
from jisr.errors import InputError
from jisr.evaluation.benchmarks import MMLU_SUBJECTS, hub_source
from jisr.commands.eval import eval_group
from jisr.evaluation.mapping import Columns
from jisr.evaluation.prompts import render
from jisr.evaluation.runner import register_sets
from jisr.evaluation.sets import SetSpec, load_set
from jisr.evaluation.tasks import write_task

FIXTURES = Path(__file__).parent / "fixtures" / "evaluation"
MODEL_NAME = "Qwen2.5-3B-Instruct"
CHAT_TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}\n{% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|>\n{% endif %}")
# (English question, options, Arabic question, options, answer index); each MMLU subject gets two.
MMLU_POOL = [
    ("Which chamber of the heart pumps blood to the body?", ["Right atrium", "Right ventricle", "Left atrium",
     "Left ventricle"], "أي حجرة في القلب تضخ الدم إلى الجسم؟", ["الأذين الأيمن", "البطين الأيمن", "الأذين الأيسر",
     "البطين الأيسر"], 3),
    ("Which organelle makes most of a cell's ATP?", ["Nucleus", "Mitochondrion", "Ribosome", "Golgi apparatus"],
     "أي عضية تنتج معظم طاقة الخلية؟", ["النواة", "المتقدرة", "الريبوسوم", "جهاز غولجي"], 1),
    ("How is cystic fibrosis inherited?", ["Autosomal recessive", "Autosomal dominant", "X-linked", "Mitochondrial"],
     "كيف يورث التليف الكيسي؟", ["جسمي متنحٍ", "جسمي سائد", "مرتبط بالصبغي X", "متقدري"], 0),
    ("Which test confirms type 2 diabetes?", ["HbA1c", "Serum sodium", "Troponin", "Lipase"],
     "أي فحص يؤكد داء السكري من النوع الثاني؟", ["الهيموغلوبين السكري", "صوديوم المصل", "التروبونين", "الليباز"], 0),
]


def mmlu_rows(subject: str, language: str) -> list[dict]:
    start = MMLU_SUBJECTS.index(subject) % 3
    rows = []
    for en_q, en_opts, ar_q, ar_opts, answer in MMLU_POOL[start:start + 2]:
        question, choices = (en_q, en_opts) if language == "en" else (ar_q, ar_opts)
        rows.append({"question": question, "subject": subject, "choices": choices, "answer": answer})
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """The four benchmarks in both languages: the fixture files plus the six MMLU subjects."""
    folder = tmp_path_factory.mktemp("sets")
    for path in FIXTURES.glob("*-*.jsonl"):
        shutil.copy(path, folder)
    for subject in MMLU_SUBJECTS:
        for language in ("en", "ar"):
            write_jsonl(folder / f"mmlu_{subject}-{language}.jsonl", mmlu_rows(subject, language))
    return folder


@pytest.fixture(scope="module")
def model(data, tmp_path_factory) -> Path:
    """A random 2-layer Llama and a 600-token byte-level BPE trained on every prompt and option."""
    texts = []
    for path in sorted(data.iterdir()):
        benchmark, _, language = path.stem.rpartition("-")
        for item in load_set(SetSpec(benchmark, language, path)).items:
            texts.append(render(item.question, item.options, item.context, language) + " " + " ".join(item.options))
    folder = tiny_llama(tmp_path_factory.mktemp("models") / MODEL_NAME, texts, vocab_size=600, intermediate=160,
                        chat_template=CHAT_TEMPLATE)
    assert 100_000 < AutoModelForCausalLM.from_pretrained(folder).num_parameters() < 500_000
    return folder


def cli(home: Path) -> click.Group:
    """`eval` under a group that, like `jisr`, sets the home and prints errors in one line."""
    @click.group(cls=JisrGroup)
    @click.pass_context
    def group(ctx):
        ctx.obj = {"home": home}

    group.add_command(eval_group)
    return group


def invoke(home: Path, *args, width: int = 400) -> "click.testing.Result":
    """Run `jisr eval ARGS` with rich tables `width` columns wide (by default so wide no cell wraps)."""
    saved = console.width
    console.width = width
    try:
        return CliRunner().invoke(cli(home), ["eval", *map(str, args)])
    finally:
        console.width = saved


def query(home: Path, sql: str, params=()) -> list[tuple]:
    with Catalog.open(home / "catalog.ducklake", read_only=True) as catalog:
        return catalog.con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def evaluated(model, data, tmp_path_factory) -> tuple[Path, str]:
    home = tmp_path_factory.mktemp("home")
    result = invoke(home, "--model", model, "--data", data, "--dtype", "float32")
    assert result.exit_code == 0, result.output
    return home, result.output


# --- adapters: messy rows are reported with file and row, never crash the read ---------------------------------

def problems(eval_set) -> list[tuple]:
    return [(Path(p.file).name, p.row, p.field, p.reason, p.kept) for p in eval_set.problems]


def test_medmcqa_rows_with_a_missing_option_or_a_bad_answer_are_left_out_with_file_and_row():
    eval_set = load_set(SetSpec("medmcqa", "en", FIXTURES / "medmcqa-en.jsonl"))
    assert eval_set.read == 7 and len(eval_set.items) == 5
    assert problems(eval_set) == [
        ("medmcqa-en.jsonl", 6, "opc", "empty: option C is missing", False),
        ("medmcqa-en.jsonl", 7, "cop", "invalid: 7 is not an option index (0..3)", False),
    ]
    first = eval_set.items[0]
    assert (first.options[first.answer_index], first.specialty, first.upstream_id) == ("Vitamin C", "Biochemistry",
                                                                                      "mm-en-1")
    arabic = load_set(SetSpec("medmcqa", "ar", FIXTURES / "medmcqa-ar.jsonl"))
    assert problems(arabic) == [("medmcqa-ar.jsonl", 6, "opd", "empty: option D is missing", False)]


def test_medqa_lowercase_letter_is_kept_and_reported_a_letter_past_the_options_is_left_out():
    eval_set = load_set(SetSpec("medqa", "en", FIXTURES / "medqa-en.jsonl"))
    assert problems(eval_set) == [
        ("medqa-en.jsonl", 3, "answer_idx", "lowercase letter 'b' read as 'B'", True),
        ("medqa-en.jsonl", 5, "answer_idx", "invalid: letter 'E' but only 4 options (A-D)", False),
    ]
    croup = eval_set.items[2]
    assert croup.options[croup.answer_index] == "Croup" and croup.level == "step2&3"


def test_generic_exam_csv_reads_arabic_and_latin_letters_text_answers_and_two_to_five_options():
    eval_set = load_set(SetSpec("my_exam", "ar", FIXTURES / "my_exam-ar.csv"))
    answers = [item.options[item.answer_index] for item in eval_set.items]
    assert answers == ["الكلية", "الغلوكاجون", "التعرق", "الأشعة السينية", "O-", "الألبومين"]
    assert [len(item.options) for item in eval_set.items] == [4, 5, 3, 4, 4, 5]
    assert (eval_set.items[0].specialty, eval_set.items[0].level) == ("أمراض الكلى", "السنة الأولى")
    found = {(row, field): (reason, kept) for _, row, field, reason, kept in problems(eval_set)}
    assert found[(5, "answer")] == ("invalid: letter 'ه' but only 4 options (أ-د)", False)
    assert found[(6, "B")] == ("empty: option B is missing", False)
    assert found[(7, "answer")][0].startswith("invalid: 'الهيموغلوبين' matches no option")
    assert found[(8, "answer")] == ("lowercase letter 'c' read as 'C'", True)
    assert found[(9, None)] == ("malformed_row: expected 9 fields, found 3", False)
    assert len(found) == 5


def test_pubmedqa_joins_the_abstract_and_reads_decisions_in_either_language():
    english = load_set(SetSpec("pubmedqa", "en", FIXTURES / "pubmedqa-en.jsonl"))
    assert [i.answer_index for i in english.items] == [0, 1, 2, 0]
    assert english.items[0].context.count("\n") == 1 and english.items[0].upstream_id == "1001"
    assert problems(english)[0][:3] == ("pubmedqa-en.jsonl", 5, "final_decision")
    arabic = load_set(SetSpec("pubmedqa", "ar", FIXTURES / "pubmedqa-ar.jsonl"))
    assert arabic.items[0].options == ("نعم", "لا", "ربما")
    assert [i.answer_index for i in arabic.items] == [0, 1, 2, 0]  # "no" in the Arabic set is option لا


def test_file_level_faults_are_one_line_errors_naming_file_and_column(tmp_path):
    no_answer = tmp_path / "exam-en.csv"
    no_answer.write_text("question,A,B\nWhat is 1+1?,1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"exam-en.csv: missing column 'answer' \(columns found: 'question', 'A', 'B'"):
        load_set(SetSpec("exam", "en", no_answer))
    no_cop = write_jsonl(tmp_path / "medmcqa-ar.jsonl", [{"question": "q", "opa": "a", "opb": "b", "opc": "c",
                                                         "opd": "d", "answer": 1}] * 2)
    with pytest.raises(InputError, match="medmcqa-ar.jsonl: no row has the column 'cop'"):
        load_set(SetSpec("medmcqa", "ar", no_cop))
    with pytest.raises(InputError, match="hub:BiMediX/medmcqa-arabic"):  # the tests run offline
        load_set(SetSpec("medmcqa", "ar"))
    assert str(hub_source("mmlu_anatomy", "en")) == "hub:cais/mmlu/anatomy@test"


def test_a_column_mapping_reads_any_shape_and_hints_at_one_based_indexes(tmp_path):
    path = tmp_path / "quiz-en.csv"
    path.write_text("Frage,o1,o2,o3,key\nWhich gas do lungs absorb?,Oxygen,Nitrogen,Argon,1\n"
                    "Normal body temperature?,37 C,40 C,33 C,3\nPulse site at the wrist?,Radial,Femoral,Carotid,4\n",
                    encoding="utf-8")
    columns = Columns().with_overrides({"question": "Frage", "options": "o1|o2|o3", "answer": "key",
                                        "answer_format": "index"}, "--columns")
    zero_based = load_set(SetSpec("quiz", "en", path, columns))
    assert [p.reason for p in zero_based.problems] == [
        "invalid: 3 is not an option index (0..2); 1-based? set --columns index_base=1",
        "invalid: 4 is not an option index (0..2)"]
    one_based = load_set(SetSpec("quiz", "en", path, columns.with_overrides({"index_base": "1"}, "--columns")))
    assert [i.options[i.answer_index] for i in one_based.items] == ["Oxygen", "33 C"]
    with pytest.raises(InputError, match="unknown column setting 'answr'"):
        columns.with_overrides({"answr": "x"}, "--columns")


# --- registration: versions are content hashes -----------------------------------------------------------------

def test_same_content_same_version_whatever_the_file_and_registering_twice_adds_nothing(tmp_path):
    exam = load_set(SetSpec("my_exam", "ar", FIXTURES / "my_exam-ar.csv"))
    rows = [{"question": i.question, "options": list(i.options), "answer": i.answer_index, "level": "x"}
            for i in exam.items]
    as_jsonl = load_set(SetSpec("my_exam", "ar", write_jsonl(tmp_path / "my_exam-ar.jsonl", rows)))
    assert as_jsonl.version == exam.version and [i.item_id for i in as_jsonl.items] == [i.item_id for i in exam.items]
    rows[0]["answer"] = 2
    changed = load_set(SetSpec("my_exam", "ar", write_jsonl(tmp_path / "changed-ar.jsonl", rows)))
    assert changed.version != exam.version

    home = tmp_path / "home"
    first = register_sets(home, [SetSpec("my_exam", "ar", FIXTURES / "my_exam-ar.csv")])
    assert first.new_versions == [f"my_exam-ar@{exam.version}"]
    again = invoke(home, "register", "--file", f"my_exam-ar={tmp_path / 'my_exam-ar.jsonl'}")
    assert again.exit_code == 0, again.output
    assert f"my_exam-ar │ {exam.version} │ known" in again.output
    views = {name for (name,) in query(home, "SELECT view_name FROM duckdb_views() WHERE NOT internal")}
    assert set(EVAL_VIEW_NAMES) <= views
    assert query(home, "SELECT name, benchmark, language, version, items FROM eval_sets") == [
        ("my_exam-ar", "my_exam", "ar", exam.version, 6)]
    assert query(home, "SELECT answer, specialty FROM eval_items ORDER BY seq LIMIT 1") == [("الكلية", "أمراض الكلى")]
    assert query(home, "SELECT count(*), count(DISTINCT run_id) FROM eval_problems") == [(5, 1)]  # the JSONL is clean
    assert query(home, "SELECT command, status FROM runs") == [("eval register", "succeeded")] * 2
    no_model = invoke(home)
    assert no_model.exit_code == 2 and "give --model (or a subcommand: report, register)" in no_model.output


# --- lm-eval tasks ----------------------------------------------------------------------------------------------

def test_arabic_task_has_arabic_prompt_and_letters_and_lm_eval_loads_it(tmp_path):
    from lm_eval.tasks import TaskManager

    eval_set = load_set(SetSpec("medqa", "ar", FIXTURES / "medqa-ar.jsonl"))
    fulltext, letter = (write_task(eval_set, tmp_path, scoring) for scoring in ("fulltext", "letter"))
    assert fulltext.folder == letter.folder == tmp_path / f"medqa-ar@{eval_set.version}"
    config = yaml.safe_load((fulltext.folder / "fulltext.yaml").read_text(encoding="utf-8"))
    assert (config["doc_to_choice"], config["output_type"], config["dataset_path"]) == ("options", "multiple_choice",
                                                                                         "json")
    assert yaml.safe_load((letter.folder / "letter.yaml").read_text(encoding="utf-8"))["doc_to_choice"] == "letters"
    tasks = TaskManager(include_path=str(fulltext.folder), include_defaults=False).load(
        [fulltext.name, letter.name])["tasks"]
    task, by_letter = tasks[fulltext.name], tasks[letter.name]
    doc = task.test_docs()[1]
    prompt = task.doc_to_text(doc)
    assert prompt.splitlines()[0].startswith("السؤال: رجل عمره 60 عامًا")
    assert prompt.splitlines()[1:] == ["أ. صورة الصدر بالأشعة السينية", "ب. تخطيط كهربية القلب", "ج. تخطيط صدى القلب",
                                       "د. اختبار الجهد", "الإجابة:"]
    assert task.doc_to_choice(doc)[task.doc_to_target(doc)] == "تخطيط كهربية القلب"
    assert by_letter.doc_to_choice(doc) == ["أ", "ب", "ج", "د"] and by_letter.doc_to_target(doc) == 1


# --- a tiny model end to end ------------------------------------------------------------------------------------

def test_eval_scores_every_set_in_both_languages_into_eval_results(evaluated, data):
    home, output = evaluated
    import lm_eval

    sets = query(home, "SELECT name, version, items FROM eval_sets ORDER BY name")
    assert len(sets) == 18 and ("medmcqa-ar", load_set(SetSpec("medmcqa", "ar", data / "medmcqa-ar.jsonl")).version,
                                5) in sets
    results = query(home, "SELECT eval_set, eval_set_version, metric, value, stderr, n, lm_eval_version, scoring, "
                          "chat_template, training_run_id FROM eval_results")
    assert len(results) == 18 * 2
    assert {r[2] for r in results} == {"acc", "acc_norm"}
    items = {name: (version, n) for name, version, n in sets}
    for eval_set, version, _, value, stderr, n, lm_version, scoring, chat, training_run in results:
        assert (version, n) == items[eval_set]
        assert 0 <= value <= 1 and stderr is not None
        assert (lm_version, scoring, chat, training_run) == (lm_eval.__version__, "fulltext", False, None)
    assert query(home, "SELECT command, status, summary->>'results' FROM runs") == [("eval", "succeeded", "36")]
    assert "left out" in output and "medqa-en.jsonl" in output


def test_each_items_outcome_is_stored_and_adds_up_to_the_score(evaluated):
    home, _ = evaluated
    per_set = query(home, "SELECT r.eval_set, r.metric, r.value, r.n, count(s.item_id), avg(s.correct), "
                          "count(DISTINCT s.item_id), count(i.seq) FROM eval_results r JOIN eval_samples s "
                          "USING (run_id, eval_set, eval_set_version, metric) LEFT JOIN eval_items i "
                          "ON i.eval_set = s.eval_set AND i.version = s.eval_set_version AND i.item_id = s.item_id "
                          "GROUP BY ALL")
    assert len(per_set) == 36
    for eval_set, metric, value, n, items, mean, distinct, known in per_set:
        assert items == distinct == known == n, eval_set       # one row per item, every id a registered item
        assert mean == pytest.approx(value), (eval_set, metric)
    assert query(home, "SELECT DISTINCT model, scoring FROM eval_samples") == [(query(
        home, "SELECT any_value(model) FROM eval_results")[0][0], "fulltext")]


def test_the_eval_results_view_carries_the_interval_the_reports_print(tmp_path):
    from jisr.catalog.evaluations import record_results
    from jisr.evaluation.intervals import Acc

    cases = [(0.0, 5, None), (1.0, 3, 0.0), (0.6, 500, 0.02), (0.01, 100, 0.3), (0.37, 41, None)]
    with Catalog.open(tmp_path / "catalog.ducklake") as catalog, catalog.transaction():
        record_results(catalog, [{"run_id": "r", "model": "m", "adapter": None, "training_run_id": None, "mix": None,
                                  "eval_set": f"s{i}-en", "eval_set_version": "v", "benchmark": f"s{i}",
                                  "language": "en", "scoring": "fulltext", "chat_template": False, "metric": "acc",
                                  "value": value, "stderr": stderr, "n": n, "lm_eval_version": "x"}
                                 for i, (value, n, stderr) in enumerate(cases)])
    rows = query(tmp_path, "SELECT value, n, stderr, ci_low, ci_high FROM eval_results ORDER BY eval_set")
    assert len(rows) == len(cases)
    for value, n, stderr, low, high in rows:
        assert (low, high) == pytest.approx(Acc(value, n, stderr).interval()), (value, n, stderr)


def cells(line: str) -> list[str]:
    """The cells of a rich table's body (│) or header (┃) line."""
    return [c.strip() for c in re.split("[│┃]", line)[1:-1]]


def medqa(home: Path, language: str) -> tuple[float, int, float]:
    return query(home, "SELECT value, n, stderr FROM eval_results WHERE benchmark = 'medqa' AND metric = 'acc' "
                       "AND language = ?", [language])[0]


def test_report_is_lm_evals_long_format_in_80_columns_with_n_and_interval_for_every_score(evaluated):
    from jisr.evaluation.intervals import Acc

    home, _ = evaluated
    result = invoke(home, "report", width=80)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "metric" in line)
    assert cells(header) == ["task", "lang", "metric", "value", "±", "n", "paper"]
    rows = [cells(line) for line in lines if line.startswith("│") and cells(line)[1:3] in (["EN", "acc"],
                                                                                          ["AR", "acc"])]
    assert [r[:2] for r in rows] == [[t, lang] for t in ("PubMedQA", "MedMCQA", "MedQA", "MMLU") for lang in ("EN", "AR")]
    for row in rows:                                     # every accuracy has its value, interval and n
        assert float(row[3]) >= 0 and float(row[4]) > 0 and int(row[5]) > 0
    value, n, stderr = medqa(home, "ar")
    assert rows[5][3:6] == [f"{100 * value:.1f}", f"{Acc(value, n, stderr).pm():.1f}", str(n)]
    assert [r[6] for r in rows[:2]] == ["29.2", "61.2"]  # the paper's PubMedQA for this model
    comparisons = [cells(line) for line in lines if line.startswith("│") and "EN − AR" in line]
    assert [c[1] for c in comparisons] == ["PubMedQA", "MedMCQA", "MedQA", "MMLU"]
    mmlu = comparisons[3]                                # the MMLU sets are parallel: paired by position
    assert mmlu[5] == "12" and re.fullmatch(r"≈ [+-]\d+\.\d|[+-]\d+\.\d", mmlu[2])
    assert all(c[5] == "—" or int(c[5]) > 0 for c in comparisons)


def test_report_wide_is_table1_with_n_intervals_the_tested_gap_and_the_papers_row(evaluated):
    from jisr.evaluation.intervals import Acc

    home, _ = evaluated
    result = invoke(home, "report", "--wide")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = cells(next(line for line in lines if "MedQA EN" in line and "┃" in line))
    assert header[:4] == ["model", "PubMedQA EN", "PubMedQA AR", "PubMedQA gap"] and len(header) == 13
    ours = cells(next(line for line in lines if line.strip("│ ").startswith(MODEL_NAME)))
    value, n, stderr = medqa(home, "en")
    assert ours[header.index("MedQA EN")] == f"{100 * value:.1f} ±{Acc(value, n, stderr).pm():.1f} n={n}"
    assert re.fullmatch(r"(≈ )?[+-]\d+\.\d p=\S+", ours[header.index("MedQA gap")])
    paper = cells(next(line for line in lines if f"paper: {MODEL_NAME}" in line))
    assert paper[1:4] == ["29.2", "61.2", "-32.0"]


def report_tables(home: Path, heading: str) -> list:
    """The tables `jisr report` draws in its evaluation section, read from the blocks both formats render."""
    from jisr.evaluation.report.doc import Table
    from jisr.evaluation.report.accuracy import evaluation
    from jisr.evaluation.report.sections import ReportContext

    with Catalog.open(home / "catalog.ducklake", read_only=True) as catalog:
        blocks = evaluation(ReportContext(catalog))
    assert any(heading in getattr(b, "text", "") for b in blocks)  # the caption names the test
    return [b for b in blocks if isinstance(b, Table)]


def test_the_html_reports_gaps_are_the_paired_tests_of_eval_report(evaluated):
    home, _ = evaluated
    terminal = invoke(home, "report").output.splitlines()
    gaps = {c[1]: c for c in (cells(line) for line in terminal if line.startswith("│") and "EN − AR" in line)}
    table, = report_tables(home, "McNemar's exact test")
    row = next(r for r in table.rows if r[0] == MODEL_NAME)
    for group in ("PubMedQA", "MedMCQA", "MedQA", "MMLU"):
        _, _, delta, interval, p, pairs = gaps[group]
        printed = row[table.columns.index(f"{group} EN−AR")]
        assert printed == f"{delta} {interval} p={p}" + (" unpaired" if pairs == "—" else ""), group
    assert not row[table.columns.index("MMLU EN−AR")].endswith("unpaired")  # parallel sets: paired by position


def test_report_as_csv_json_and_markdown_holds_the_same_records(evaluated):
    home, _ = evaluated
    as_json = json.loads(invoke(home, "report", "--format", "json").output)
    as_csv = list(csv.DictReader(io.StringIO(invoke(home, "report", "--format", "csv").output)))
    assert len(as_json) == len(as_csv) == 8 + 4        # 4 tasks x 2 languages, 4 EN - AR gaps
    value, n, _ = medqa(home, "ar")
    (row,) = [r for r in as_json if r["kind"] == "score" and (r["task"], r["language"]) == ("MedQA", "ar")]
    assert (row["value"], row["n"], row["metric"]) == (pytest.approx(value), n, "acc")
    assert row["ci_low"] <= row["value"] < row["ci_high"]
    assert {r["kind"] for r in as_csv} == {"score", "en-ar"} and float(as_csv[2]["value"]) == pytest.approx(
        as_json[2]["value"])
    md = invoke(home, "report", "--format", "md").output
    assert md.startswith("| model | task | lang | metric | value | ± | n | paper |")
    assert f"| {MODEL_NAME} | MedQA | AR | acc | {100 * value:.1f} |" in md and "| EN − AR |" in md


def test_markdown_cells_stay_text():
    from jisr.evaluation.report.formats import md_cell, md_table

    hostile = "<img src=x onerror=alert(1)> | **bold** [link](http://x) `code`\nnext"
    cell = md_cell(hostile)
    assert "\n" not in cell and not re.search(r"(?<!\\)[<>|*\[\]`]", cell)
    assert md_table(["a"], [[hostile]]).count("|") - cell.count("\\|") == 4 + 2


def test_a_set_never_scored_shows_a_dash_and_no_column_is_empty(model, data, tmp_path):
    other = tmp_path / "Other-Model"
    shutil.copytree(model, other)
    home = tmp_path / "home"
    for folder, languages in ((model, "en,ar"), (other, "ar")):
        result = invoke(home, "--model", folder, "--benchmarks", "medqa", "--languages", languages, "--data", data)
        assert result.exit_code == 0, result.output
    long = invoke(home, "report", width=80).output
    medqa_en = [cells(line) for line in long.splitlines() if line.startswith("│") and cells(line)[:2] == ["MedQA", "EN"]]
    assert sorted(row[3:6] == ["—", "—", "—"] for row in medqa_en) == [False, True]
    wide = invoke(home, "report", "--wide").output
    header = cells(next(line for line in wide.splitlines() if "MedQA EN" in line))
    assert header == ["model", "MedQA EN", "MedQA AR", "MedQA gap"]  # no PubMedQA, MedMCQA or MMLU columns
    other_row = cells(next(line for line in wide.splitlines() if line.strip("│ ").startswith("Other-Model")))
    assert other_row[1] == "—" and other_row[3] == "—" and other_row[2] != "—"
    records = json.loads(invoke(home, "report", "--format", "json").output)
    assert [r["value"] for r in records if r["model"] == str(other) and r["language"] == "en"] == [None]


def test_an_adapter_from_a_training_run_links_the_score_to_its_mix(model, data, tmp_path):
    adapter = tmp_path / "models" / "sweep-ar50-en50@1-tiny"
    get_peft_model(AutoModelForCausalLM.from_pretrained(model), LoraConfig(r=2, target_modules=["q_proj", "v_proj"])
                   ).save_pretrained(adapter)
    home = tmp_path / "home"
    with Catalog.open(home / "catalog.ducklake") as catalog:
        catalog.con.execute("INSERT INTO store.training_runs (run_id, mix, manifest_hash, base_model, method, "
                            "hyperparameters, output_path) VALUES ('run-train', "
                            "'sweep-ar50-en50@1', 'abc', ?, 'lora', '{}', ?)",
                            [str(model), str(adapter)])
    result = invoke(home, "--model", model, "--adapter", adapter, "--benchmarks", "medqa", "--languages", "ar",
                    "--data", data)
    assert result.exit_code == 0, result.output
    assert "Model from training run run-train on mix sweep-ar50-en50@1" in result.output
    best = query(home, """SELECT mix, max(value) AS accuracy FROM eval_results
                          WHERE benchmark = 'medqa' AND language = 'ar' AND metric = 'acc' AND mix IS NOT NULL
                          GROUP BY mix ORDER BY accuracy DESC LIMIT 1""")
    assert best[0][0] == "sweep-ar50-en50@1"
    assert query(home, "SELECT DISTINCT adapter, training_run_id FROM eval_results") == [(str(adapter), "run-train")]
    # Its base model on the same items: a fresh LoRA adapter changes nothing, and the paired test says so.
    assert invoke(home, "--model", model, "--benchmarks", "medqa", "--languages", "ar", "--data", data).exit_code == 0
    report = invoke(home, "report", width=80).output
    (versus,) = [cells(line) for line in report.splitlines() if "vs base" in line]
    (n,) = query(home, "SELECT DISTINCT n FROM eval_results")[0]
    assert versus == ["vs base", "MedQA AR", "≈ +0.0", "[+0.0, +0.0]", "1.00", str(n)]
    _, versus_table = report_tables(home, "trained from")  # jisr report: the same paired test
    assert versus_table.rows == [[f"{MODEL_NAME} + {adapter.name}", MODEL_NAME, "sweep-ar50-en50@1", "MedQA AR",
                                  "≈ +0.0 [+0.0, +0.0] p=1.00", f"McNemar, {n:,} pairs"]]


def test_letter_scoring_in_chat_template_mode_with_a_limit(model, data, tmp_path):
    home = tmp_path / "home"
    result = invoke(home, "--model", model, "--file", f"medqa-ar={data / 'medqa-ar.jsonl'}", "--scoring", "letter",
                    "--chat-template", "--limit", 2)
    assert result.exit_code == 0, result.output
    assert query(home, "SELECT eval_set, metric, n, scoring, chat_template FROM eval_results") == [
        ("medqa-ar", "acc", 2, "letter", True)]
    assert query(home, "SELECT seq, metric FROM eval_samples ORDER BY seq") == [(1, "acc"), (2, "acc")]  # the first 2
    report = invoke(home, "report", "--scoring", "letter")
    assert f"{MODEL_NAME} [chat]" in report.output


def test_a_model_that_cannot_run_fails_in_one_line_and_the_run_is_recorded_failed(model, data, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(model, plain)
    config = json.loads((plain / "tokenizer_config.json").read_text())
    config.pop("chat_template", None)
    (plain / "tokenizer_config.json").write_text(json.dumps(config))
    (plain / "chat_template.jinja").unlink(missing_ok=True)
    home = tmp_path / "home"
    result = invoke(home, "--model", plain, "--data", data, "--benchmarks", "pubmedqa", "--chat-template")
    assert result.exit_code == 1
    assert result.output.strip().endswith("its tokenizer has no chat template; drop --chat-template")
    assert query(home, "SELECT command, status FROM runs") == [("eval", "failed")]
    assert query(home, "SELECT count(*) FROM eval_sets") == [(2,)]  # registered for decontamination all the same
    missing = invoke(home, "--model", plain, "--data", data, "--benchmarks", "pubmedqa,mmlu_virology")
    assert missing.exit_code == 1 and "unknown benchmark 'mmlu_virology'" in missing.output


def _vllm_ready() -> bool:
    import importlib.util

    return torch.cuda.is_available() and importlib.util.find_spec("vllm") is not None


@pytest.mark.skipif(_vllm_ready(), reason="vLLM is installed here: the GPU test below covers the backend")
def test_vllm_backend_without_vllm_is_a_one_line_error(model, data, tmp_path):
    result = invoke(tmp_path / "home", "--model", model, "--data", data, "--benchmarks", "pubmedqa", "--backend", "vllm")
    assert result.exit_code == 1
    assert "--backend vllm needs vLLM" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(not _vllm_ready(), reason="the vllm backend needs a CUDA GPU and vLLM (jisr[vllm], its own environment)")
def test_vllm_backend_scores_like_the_hf_backend(model, data, tmp_path):
    """Same model, same sets: vLLM's log-likelihoods give the HF backend's accuracies (greedy scoring is exact)."""
    scores = {}
    for backend in ("hf", "vllm"):
        home = tmp_path / backend
        result = invoke(home, "--model", model, "--data", data, "--benchmarks", "medqa", "--backend", backend)
        assert result.exit_code == 0, result.output
        scores[backend] = query(home, "SELECT eval_set, metric, round(value, 3) FROM eval_results ORDER BY ALL")
    assert scores["vllm"] == scores["hf"]


def test_the_training_section_shows_a_training_row_that_has_no_run(tmp_path):
    """A training row written by hand, with no run in `runs`, has no status or times (they live in the run):
    the report shows it with those cells empty instead of failing."""
    from jisr.evaluation.report.doc import Table
    from jisr.evaluation.report.sections import ReportContext, training

    with Catalog.open(tmp_path / "catalog.ducklake") as catalog:
        with catalog.transaction():
            catalog.con.execute(
                "INSERT INTO store.training_runs (run_id, mix, manifest_hash, base_model, method, hyperparameters, "
                "output_path) VALUES ('by-hand', 'medmix@1', 'h', 'base', 'lora', '{}', 'out')")
        table, = [b for b in training(ReportContext(catalog)) if isinstance(b, Table)]
    assert table.rows[0][:3] == ["by-hand", "base", "medmix@1"] and table.rows[0][-2:] == [None, None]
