"""Curation: datatrove filters decide with reasons and record signals; whole-corpus steps follow."""

import polars as pl
import pytest

from jisr.curation.steps import make_steps, run_steps
from jisr.errors import InputError

GOOD_AR = "ارتفاع ضغط الدم يعني بقاء الضغط عند ١٤٠/٩٠ أو أعلى، ويعالج بتقليل الملح والرياضة والأدوية مثل Amlodipine عند الحاجة."
GOOD_EN = "High blood pressure means readings of 140/90 mmHg or more; treatment starts with less salt, exercise and, if needed, medicines."

CASES = [
    # record_id, language, kind, prompt, response, expected (step, reason) or None
    ("ar-good", "ar", "qa", "ما هو ارتفاع ضغط الدم؟", GOOD_AR, None),
    ("en-good", "en", "qa", "What is hypertension?", GOOD_EN, None),
    ("ar-english", "ar", "qa", "كيف آخذ دواء الميتفورمين؟",
     "يؤخذ الميتفورمين مع الطعام، you should take it after meals to avoid stomach upset.", ("language_id", "residual_english")),
    ("en-in-arabic", "en", "qa", "What helps a sore throat?",
     "الغرغرة بالماء الدافئ والملح وشرب السوائل الدافئة تخفف التهاب الحلق عادة خلال أيام.", ("language_id", "wrong_language")),
    ("ar-boiler", "ar", "qa", "عندي ألم في الصدر منذ يومين، ماذا أفعل؟", "استشر طبيبك.", ("quality", "boilerplate_answer")),
    ("en-boiler", "en", "qa", "Is this rash serious?", "Please consult a doctor!", ("quality", "boilerplate_answer")),
    ("ar-short", "ar", "qa", "هل الزكام معد؟", "نعم", ("quality", "short_answer")),
    ("en-echo", "en", "qa", "Can stress raise blood pressure?", "Can stress raise blood pressure?", ("quality", "answer_repeats_question")),
    ("en-lines", "en", "instruction", "List warning signs of stroke.",
     "Face drooping.\nFace drooping.\nFace drooping.\nArm weakness.\nFace drooping.", ("quality", "repeated_lines")),
    ("en-word", "en", "instruction", "Translate 'heart' into Arabic.", "قلب", None),  # instructions may be one word
    ("en-loop", "en", "qa", "How do I lower my cholesterol?",
     "Eat more fibre and " + "take your statin every night, " * 12 + "and walk daily.", ("quality", "repeated_ngrams")),
    ("ar-math", "ar", "instruction", "احسب ٢٥٪ من ٨٠.", "٢٥٪ من ٨٠ = ٨٠ × ٠٫٢٥ = ٢٠.", None),  # × is no Latin letter
    ("en-mcq", "en", "mcq", "By the rule of nines, one upper limb is:\n\nA. 4.5%\nB. 9%", "B. 9%", None),
]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    records = pl.DataFrame([dict(zip(("record_id", "language", "kind", "prompt", "response"), c[:5])) for c in CASES])
    filters, steps = make_steps([("language_id", {}), ("quality", {}), ("exact_dedup", {"key": "prompt"})])
    decisions, signals = run_steps(records, filters, steps, tmp_path_factory.mktemp("work"))
    return decisions, signals.collect()


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_record_gets_the_expected_verdict(outcome, case):
    decisions, _ = outcome
    mine = decisions.filter(pl.col("record_id") == case[0]).sort("seq")
    dropped = mine.filter(~pl.col("kept"))
    if case[5] is None:
        assert dropped.height == 0, dropped.to_dicts()
        assert mine["step"].to_list() == ["ingest", "language_id", "quality", "exact_dedup"]
    else:
        assert dropped.select("step", "reason").rows() == [case[5]]
        assert mine["step"].to_list()[-1] == case[5][0]  # a dropped record reaches no later step


def test_signals_are_recorded_for_kept_and_dropped(outcome):
    _, signals = outcome
    langs = dict(signals.filter(pl.col("name") == "response_lang").select("record_id", "text").iter_rows())
    assert langs["ar-good"] == "ar" and langs["en-good"] == "en" and langs["en-in-arabic"] == "ar"
    run = signals.filter((pl.col("record_id") == "ar-english") & (pl.col("name") == "longest_latin_run"))
    assert run["value"].item() >= 4
    assert signals.filter(pl.col("record_id") == "ar-english")["step"].unique().to_list() == ["language_id"]


def test_filters_must_precede_corpus_steps():
    with pytest.raises(InputError, match="'quality' must come before exact_dedup"):
        make_steps([("exact_dedup", {}), ("quality", {})])
    with pytest.raises(InputError, match="unknown curation step 'minhash'"):
        make_steps([("minhash", {})])
    with pytest.raises(InputError, match=r"^curation step quality: unknown parameter 'min_words' "
                                         r"\(did you mean 'min_answer_words'\?\)"):
        make_steps([("quality", {"min_words": 3})])


def test_a_registered_step_of_neither_base_is_refused_in_one_line(monkeypatch):
    from jisr.curation.base import STEPS

    STEPS.names()  # loaded, so the entry below is not the only one
    monkeypatch.setitem(STEPS._entries, "tests_not_a_step", dict)  # as an entry point naming the wrong thing would
    with pytest.raises(InputError, match=r"^curation step tests_not_a_step: <class 'dict'> is neither a "
                                         r"RecordFilter nor a Step"):
        make_steps([("tests_not_a_step", {})])


def test_every_step_problem_is_one_line_in_one_error():
    with pytest.raises(InputError) as error:
        make_steps([("quality", {"min_answer_words": "two"}), ("near_dedupe", {}), ("exact_dedup", {"key": "answer"}),
                    ("near_dedup", {"permutations": 100, "bands": 24})])
    assert str(error.value).splitlines() == [
        "4 problems:",
        "  - curation step quality: min_answer_words must be an integer, not 'two'",
        "  - unknown curation step 'near_dedupe' (did you mean 'near_dedup'?) (known: decontaminate, exact_dedup, "
        "language_id, near_dedup, pii, quality)",
        "  - curation step exact_dedup: key must be 'prompt' or 'prompt_response', not 'answer'",
        "  - curation step near_dedup: permutations (100) must divide into bands (24)",
    ]


def _paraphrase_free_corpus(n: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(4000)]
    return [" ".join(rng.choice(vocab) for _ in range(rng.randint(40, 100))) for _ in range(n)]


def test_near_dedup_finds_edited_copies_and_nothing_else():
    from jisr.curation.minhash import NearDedup

    texts = _paraphrase_free_corpus(400, 3)
    rows = [(f"r{i}", "en", f"Question {i}?", t) for i, t in enumerate(texts)]
    edited = texts[5].split()
    edited[3], edited[20] = "changed", "words"
    rows.append(("copy-of-r5", "en", "Question 5?", " ".join(edited)))
    arabic = "يعالج الصداع النصفي بالراحة في غرفة مظلمة وتناول المسكنات المناسبة مبكرا مع تجنب المحفزات المعروفة مثل قلة النوم"
    rows.append(("ar-1", "ar", "كيف يعالج الصداع النصفي؟", arabic))
    rows.append(("ar-2", "ar", "كَيْفَ يُعالَجُ الصُّداعُ النِّصفيّ؟", arabic.replace("مبكرا", "مبكراً جداً")))
    rows.append(("en-same-as-ar", "en", "كيف يعالج الصداع النصفي؟", arabic))  # another language: not merged
    records = pl.DataFrame(rows, schema=["record_id", "language", "prompt", "response"], orient="row")
    decided = NearDedup().decide(records)
    dropped = decided.filter(~pl.col("kept"))
    assert sorted(dropped["record_id"]) == ["ar-2", "copy-of-r5"]
    details = dict(dropped.select("record_id", "detail").iter_rows())
    assert details["copy-of-r5"].startswith("near duplicate of r5 (jaccard ~")
    assert details["ar-2"].startswith("near duplicate of ar-1")


@pytest.mark.parametrize("n", [1, 2, 5, 7])
def test_shingle_hashes_equal_one_text_at_a_time(n):
    """The vectorised n-gram hashes equal the polynomial hash of each text's n-grams computed alone:
    none crosses into the next text, and a short or empty text is one zero-padded shingle."""
    from jisr.curation.minhash import _shingles

    texts = ["", "ab", "abcdefgh", "يعالج الصداع", "", "x", "😀 emoji 👩‍⚕️", "abcde", "tail"]
    expected, firsts = [], []
    for text in texts:
        firsts.append(len(expected))
        codes = [ord(ch) for ch in text]
        windows = [codes[i:i + n] for i in range(len(codes) - n + 1)] or [codes]
        for window in windows:
            value = 0
            for code in window + [0] * (n - len(window)):
                value = (value * 1_000_003 + code) % 2**64
            expected.append((value ^ (value >> 29)) & 0xFFFFFFFF)
    hashes, first = _shingles(texts, n)
    assert hashes.tolist() == expected
    assert first.tolist() == firsts


def test_python_and_polars_normalisation_agree():
    from jisr.curation.normalize import normalize_expr, normalize_key

    texts = [c[3] for c in CASES] + [c[4] for c in CASES] + [
        "ﻻ إله ﷲ", "Ⅻ ½ ﬁ ß İ ǅ", "٣٫٥ ملغ/كغ", "‏نص‎ مع علامات اتجاه", "emoji 😀👍🏽", "tab\tand\u00a0nbsp", ""]
    expected = pl.select(normalize_expr(pl.Series(texts, dtype=pl.String))).to_series().to_list()
    assert [normalize_key(t) for t in texts] == expected


@pytest.mark.parametrize("text, found", [
    ("اتصل بي على ٠٥٠١٢٣٤٥٦٧ بعد المغرب", {"phone": 1}),
    ("call +966 50 123 4567 or mail dr.ali@example.com", {"phone": 1, "email": 1}),
    ("رقم الهوية 1087654321 للتسجيل", {"national_id": 1}),
    ("Emirates ID 784-1985-1234567-1", {"national_id": 1}),
    ("الضغط 140/90 والجرعة 500 ملغ مرتين، والسكر 7.5 mmol/L منذ 2019", {}),
    ("HbA1c 6.8% on 12/03/2024, weight 85.5 kg", {}),
])
def test_pii_patterns(text, found):
    from jisr.curation.pii import find_pii

    assert find_pii(text) == found


def test_pii_filter_flags_or_drops(tmp_path):
    records = pl.DataFrame([
        {"record_id": "p1", "language": "ar", "kind": "qa", "prompt": "ابني عنده حرارة، رقمي ٠٥٠١٢٣٤٥٦٧",
         "response": "أعطه خافض حرارة مناسبا لوزنه وراجع الطبيب إذا استمرت الحرارة أكثر من ثلاثة أيام."},
        {"record_id": "p2", "language": "en", "kind": "qa", "prompt": "Is 38.5 C a fever?",
         "response": "Yes, a temperature of 38 C or more is a fever in adults and children."},
    ])
    for action, kept in (("flag", True), ("drop", False)):
        filters, steps = make_steps([("pii", {"action": action})])
        decisions, signals = run_steps(records, filters, steps, tmp_path / action)
        signals = signals.collect()
        verdict = decisions.filter((pl.col("record_id") == "p1") & (pl.col("step") == "pii"))
        assert verdict["kept"].item() is kept and verdict["reason"].item() == (None if kept else "pii")
        assert signals.filter(pl.col("record_id") == "p1").select("name", "value").rows() == [("pii_phone", 1.0)]
        assert signals.filter(pl.col("record_id") == "p2").height == 0
    with pytest.raises(InputError, match="action must be 'flag' or 'drop'"):
        make_steps([("pii", {"action": "redact"})])


def test_decontamination_drops_records_holding_an_eval_item():
    from jisr.curation.decontaminate import ITEM_SCHEMA, Decontaminate

    items = pl.DataFrame([
        {"item": "medqa-en:7", "question": "A 45-year-old man presents with crushing chest pain radiating to the left "
         "arm for two hours. Which of the following is the most likely diagnosis?", "answer": "Myocardial infarction",
         "options": ["Myocardial infarction", "Pericarditis", "Aortic dissection", "Pulmonary embolism"]},
        {"item": "medmcqa-ar:3", "question": "ما الهرمون الذي تفرزه خلايا بيتا في البنكرياس لخفض سكر الدم؟",
         "answer": "الأنسولين", "options": ["الأنسولين", "الغلوكاغون"]},
        {"item": "short:1", "question": "Define tachycardia.", "answer": "A heart rate above 100 beats per minute",
         "options": ["A heart rate above 100 beats per minute", "A heart rate below 60 beats per minute"]},
    ], schema=ITEM_SCHEMA)
    records = pl.DataFrame([
        {"record_id": "leak-en", "prompt": "Q: a 45 year old MAN presents with crushing chest pain radiating to the "
                                           "left arm for two hours. Which of the following is the most likely diagnosis?",
         "response": "Acute myocardial infarction."},
        {"record_id": "leak-ar", "prompt": "ما الهرمونُ الذي تُفرِزه خلايا بيتا في البنكرياس لخفض سكّر الدم؟",
         "response": "الأنسولين."},
        {"record_id": "stock-phrase", "prompt": "A 6-year-old girl has a barking cough and stridor at night. "
                                                "Which of the following is the most likely diagnosis?",
         "response": "Croup (laryngotracheobronchitis)."},
        {"record_id": "short-leak", "prompt": "Define tachycardia.", "response": "A heart rate above 100 beats per minute."},
        {"record_id": "clean", "prompt": "What lowers blood sugar?", "response": "Insulin, exercise and diet."},
    ]).with_columns(language=pl.lit("en"), parent_id=pl.lit(None, pl.String), pair_id=pl.lit(None, pl.String))
    decided = Decontaminate(eval_items=items).decide(records)
    verdicts = {r["record_id"]: (r["kept"], r["detail"]) for r in decided.to_dicts()}
    assert verdicts["leak-en"] == (False, "contains eval item medqa-en:7 (question)")
    assert verdicts["leak-ar"] == (False, "contains eval item medmcqa-ar:3 (question_answer)")
    assert verdicts["short-leak"] == (False, "contains eval item short:1 (question_answer)")
    assert verdicts["stock-phrase"][0] and verdicts["clean"][0]
    assert Decontaminate().decide(records)["kept"].all()  # no eval sets registered yet: nothing to leak


def _two_shard_run(work):
    records = pl.DataFrame([dict(zip(("record_id", "language", "kind", "prompt", "response"), c[:5])) for c in CASES])
    filters, steps = make_steps([("language_id", {}), ("quality", {})])
    decisions, signals = run_steps(records, filters, steps, work, shard_records=7)
    return decisions, signals.collect()  # before the rerun rewrites the files it scans


def test_a_completion_marker_without_its_output_is_not_trusted(tmp_path):
    """A worker orphaned by a killed build can mark its task done after the outputs are gone; the rerun
    must redo that shard, not read its records as decided-and-kept with no signals."""
    first_decisions, first_signals = _two_shard_run(tmp_path)
    assert sorted(p.name for p in (tmp_path / "logs" / "completions").iterdir()) == ["00000", "00001"]
    for output in [*(tmp_path / "kept").glob("00001.parquet"), *(tmp_path / "dropped").glob("*/00001.parquet")]:
        output.unlink()
    decisions, signals = _two_shard_run(tmp_path)
    order = ["record_id", "step"]
    assert decisions.sort(order).equals(first_decisions.sort(order))
    assert signals.sort(["record_id", "step", "name"]).equals(first_signals.sort(["record_id", "step", "name"]))


def test_one_work_folder_serves_one_build_at_a_time(tmp_path, monkeypatch):
    import subprocess
    import sys
    import time

    from jisr.curation.pipeline import claim_work_folder, work_folder
    from jisr.errors import CatalogError

    records = pl.DataFrame({"record_id": ["a", "b"]})
    folder = work_folder(tmp_path, records, [], 10)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time, polars as pl; from pathlib import Path; from jisr.curation.pipeline import claim_work_folder\n"
        f"with claim_work_folder(Path({str(tmp_path)!r}), pl.DataFrame({{'record_id': ['a', 'b']}}), [], 10):\n"
        "    print('held', flush=True); time.sleep(60)")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("JISR_CATALOG_WAIT", "0.5")
        with pytest.raises(CatalogError, match=rf"pid {holder.pid}"):
            with claim_work_folder(tmp_path, records, [], 10):
                pass
    finally:
        holder.kill()
        holder.wait()
    with claim_work_folder(tmp_path, records, [], 10) as claimed:
        assert claimed == folder
    assert not folder.with_name(folder.name + ".lock").exists()  # no lock is left for a folder that is gone


@pytest.mark.parametrize("key", ["prompt", "prompt_response"])
def test_exact_dedup_keys_from_the_workers_equal_those_of_the_build(tmp_path, key):
    """The filter workers hash the matching keys they normalised for quality; exact dedup reads those
    hashes instead of normalising the corpus again. They must equal what the step computes itself, for
    Arabic with marks and folds, and copies that differ only in them must still be caught."""
    from jisr.curation.normalize import key_hashes
    from jisr.curation.pipeline import shard_keys

    rows = [dict(zip(("record_id", "language", "kind", "prompt", "response"), c[:5])) for c in CASES]
    rows += [{"record_id": "ar-good-marked", "language": "ar", "kind": "qa", "prompt": "ما هوَ ارتفاعُ ضغطِ الدّم؟",
              "response": GOOD_AR.replace("الأدوية", "الادوية")},
             {"record_id": "en-good-case", "language": "en", "kind": "qa", "prompt": "WHAT is  hypertension?",
              "response": GOOD_EN.upper()}]
    records = pl.DataFrame(rows)
    filters, steps = make_steps([("language_id", {}), ("quality", {}), ("exact_dedup", {"key": key})])
    decisions, _ = run_steps(records, filters, steps, tmp_path, shard_records=6)
    [column] = steps[0].shard_columns()
    from_workers = shard_keys(tmp_path, [column])
    assert from_workers is not None and from_workers.height > 0
    joined = records.join(from_workers, on="record_id", maintain_order="left")
    fields = ["prompt"] if key == "prompt" else ["prompt", "response"]
    assert joined[column].to_list() == key_hashes(joined, fields).to_list()
    dropped = decisions.filter(pl.col("step") == "exact_dedup", ~pl.col("kept"))["record_id"].sort().to_list()
    assert dropped == ["ar-good-marked", "en-good-case"]


def test_near_dedup_signatures_from_the_workers_equal_those_of_the_build(tmp_path):
    """Near dedup reads the signatures the filter workers computed from the keys they normalised; they
    equal the step's own, and the step drops the same records either way."""
    from jisr.curation.minhash import NearDedup
    from jisr.curation.pipeline import shard_keys

    texts = _paraphrase_free_corpus(60, 5)
    rows = [(f"r{i}", "en", "qa", f"Question {i}?", t) for i, t in enumerate(texts)]
    edited = texts[7].split()
    edited[2], edited[30] = "changed", "words"
    rows.append(("copy-of-r7", "en", "qa", "QUESTION 7?", " ".join(edited)))
    records = pl.DataFrame(rows, schema=["record_id", "language", "kind", "prompt", "response"], orient="row")
    filters, steps = make_steps([("quality", {}), ("near_dedup", {})])
    decisions, _ = run_steps(records, filters, steps, tmp_path, shard_records=25)
    [column] = steps[0].shard_columns()
    from_workers = shard_keys(tmp_path, [column])
    assert from_workers is not None and from_workers.height == records.height
    joined = records.join(from_workers, on="record_id", maintain_order="left")
    assert joined[column].to_list() == NearDedup()._signature_column(records).to_list()
    dropped = decisions.filter(pl.col("step") == "near_dedup", ~pl.col("kept"))["record_id"].to_list()
    assert dropped == ["copy-of-r7"]
    assert NearDedup().decide(records).filter(~pl.col("kept"))["record_id"].to_list() == dropped
