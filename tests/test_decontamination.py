"""Decontamination catches an eval item in every shape a training record holds it, and nothing near-topic.

Shapes: the question alone, the question and its answer, a near copy, an MCQ with its options
shuffled (all against items that carry a long context, as PubMedQA's do), and an Arabic translation,
found through the catalog's own translations of registered items and through `parent_id`.
"""

import json
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from jisr.catalog import Catalog
from jisr.catalog.generations import record_calls
from jisr.cli import main
from jisr.corpus.generation.templates import load_template
from jisr.curation.decontaminate import ITEM_SCHEMA, REASON, TRANSLATION_REASON, Decontaminate
from jisr.curation.steps import make_steps, run_steps
from jisr.errors import InputError

ABSTRACT = ("Heart failure with reduced ejection fraction is common in older adults with type 2 diabetes, and "
            "metformin has been proposed to change its course. We enrolled 412 elderly patients with heart failure "
            "and chronic kidney disease at 12 centres between 2010 and 2014 and randomly assigned them to metformin "
            "or placebo. The primary end point was death from any cause at 24 months. Death occurred in 38 of 206 "
            "patients given metformin and in 54 of 206 given placebo (hazard ratio 0.71; 95% confidence interval "
            "0.52 to 0.96). Lactic acidosis was not observed. In elderly patients with heart failure and chronic "
            "kidney disease, metformin lowered all-cause mortality.")
PUBMED_Q = "Does metformin reduce mortality in elderly patients with heart failure and chronic kidney disease?"
MCQ_Q = "Which of the following drugs is preferred for acute gout in elderly patients who also have chronic kidney disease?"
MCQ_OPTIONS = ["Allopurinol started during the attack", "Low-dose colchicine", "High-dose indomethacin",
               "Intravenous febuxostat"]
MCQ_AR = "أي من الأدوية التالية يفضل لعلاج النقرس الحاد لدى المرضى المسنين المصابين أيضا بمرض الكلى المزمن؟"
MCQ_OPTIONS_AR = ["ألوبيورينول يبدأ أثناء النوبة", "كولشيسين بجرعة منخفضة", "إندوميثاسين بجرعة عالية",
                  "فيبوكسوستات وريديا"]

ITEMS = pl.DataFrame([
    {"item": "pubmedqa-en:1", "question": PUBMED_Q, "answer": "yes", "options": ["yes", "no", "maybe"],
     "context": ABSTRACT},
    {"item": "medmcqa-en:2", "question": MCQ_Q, "answer": MCQ_OPTIONS[1], "options": MCQ_OPTIONS},
    {"item": "medmcqa-en:3", "question": "A 6-year-old girl has a barking cough and stridor at night. Which of the "
     "following is the most likely diagnosis?", "answer": "Croup", "options": ["Croup", "Epiglottitis", "Asthma"]},
], schema=ITEM_SCHEMA)

SHAPES = [
    # record_id, prompt, response, field expected
    ("question", PUBMED_Q, "Evidence from small trials is mixed; ask your cardiologist.", "question"),
    ("question-answer", PUBMED_Q, "Yes. In elderly patients with heart failure, metformin lowered mortality.",
     "question_answer"),
    ("near-copy", "Does metformin lower mortality in older patients with heart failure and chronic kidney disease?",
     "Probably.", "question"),
    ("mcq-shuffled", "Which of the following drugs is preferred for acute gout in elderly patients who also have "
     "chronic kidney disease?\n\nA. Intravenous febuxostat\nB. High-dose indomethacin\nC. Low-dose colchicine\n"
     "D. Allopurinol started during the attack", "C. Low-dose colchicine", "options"),
    ("abstract", "Summarise this abstract.", ABSTRACT, "context"),
]
CLEAN = [
    ("near-topic", "What are the side effects of metformin in elderly patients with heart failure?",
     "Stomach upset is common; in chronic kidney disease the dose is lowered and lactic acidosis is watched for."),
    ("same-frame", "Which of the following drugs is preferred for migraine in pregnant women who also have asthma?",
     "Paracetamol is usually tried first."),
    ("stock-phrase", "A 70-year-old man has crushing chest pain radiating to the jaw. Which of the following is the "
     "most likely diagnosis?", "Acute myocardial infarction."),
    ("gout-options", "Which drugs treat gout?", "Colchicine, NSAIDs such as indomethacin, and later allopurinol."),
]


def _records(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"record_id": pl.String, "language": pl.String, "prompt": pl.String,
                                      "response": pl.String, "parent_id": pl.String, "pair_id": pl.String})


@pytest.fixture(scope="module")
def decided() -> dict[str, dict]:
    records = _records([{"record_id": r, "language": "en", "prompt": p, "response": a} for r, p, a, *_ in SHAPES + CLEAN])
    return {row["record_id"]: row for row in Decontaminate(eval_items=ITEMS).decide(records).to_dicts()}


@pytest.mark.parametrize("shape", SHAPES, ids=[s[0] for s in SHAPES])
def test_each_shape_is_caught_with_the_field_that_matched(decided, shape):
    row = decided[shape[0]]
    assert not row["kept"] and row["reason"] == REASON
    assert row["contamination_field"] == shape[3] and row["contamination_via"] == "item"
    assert row["detail"].startswith("contains eval item ") and row["detail"].endswith(f"({shape[3]})")


@pytest.mark.parametrize("clean", CLEAN, ids=[c[0] for c in CLEAN])
def test_near_topic_records_are_kept(decided, clean):
    row = decided[clean[0]]
    assert row["kept"] and row["reason"] is None and row["contamination_field"] is None


def test_the_run_records_the_shape_as_signals(tmp_path):
    records = _records([{"record_id": "qa", "language": "en", "prompt": SHAPES[1][1], "response": SHAPES[1][2]},
                        {"record_id": "clean", "language": "en", "prompt": CLEAN[0][1], "response": CLEAN[0][2]}])
    _, steps = make_steps([("decontaminate", {})])
    steps[0].eval_items = ITEMS
    decisions, signals = run_steps(records, [], steps, tmp_path)
    signals = signals.collect()
    assert decisions.filter(pl.col("step") == "decontaminate").select("record_id", "kept").sort("record_id").rows() \
        == [("clean", True), ("qa", False)]
    mine = {r["name"]: r["text"] if r["value"] is None else r["value"] for r in signals.to_dicts()}
    assert signals["record_id"].unique().to_list() == ["qa"] and signals["step"].unique().to_list() == ["decontaminate"]
    assert mine == {"contamination_field": "question_answer", "contamination_overlap": 1.0,
                    "contamination_via": "item"}


def test_parameters_are_checked():
    with pytest.raises(InputError, match="near_copy"):
        make_steps([("decontaminate", {"near_copy": 1.5})])


# Near copies against an eval set of many items in a few frames, as exam sets are: a question keeps what
# it is about (its subject words) when a few of its words change, and a record that names an item's
# drug, population and disease in a question of its own, or asks the item's question about someone
# else, holds no item.
DRUGS = ["sertraline", "warfarin", "amiodarone", "bisoprolol", "lithium", "furosemide", "apixaban", "methotrexate",
         "digoxin", "insulin", "heparin", "valproate"]
PEOPLE = ["smokers", "athletes", "veterans", "adolescents", "pregnant women", "elderly patients", "children",
          "kidney transplant recipients", "nursing home residents", "outpatients", "preterm infants", "obese adults"]
DISEASES = ["asthma", "migraine", "gout", "psoriasis", "epilepsy", "sepsis", "obesity", "glaucoma", "malaria",
            "stroke", "cirrhosis", "lupus"]
OUTCOMES = ["mortality", "falls", "sleep quality", "pain scores", "length of stay", "readmission", "fatigue",
            "renal function", "weight gain", "recurrence", "bleeding", "infection"]
FRAMES = [("adverse", "Which of the following is a recognised adverse effect of {drug} in {people} with {disease}?"),
          ("reduce", "Does {drug} reduce {outcome} in {people} with {disease}?")]
EXAM = pl.DataFrame([
    {"item": f"exam:{frame}-{i}", "answer": "yes" if frame == "reduce" else None, "options": None, "context": None,
     "question": text.format(drug=DRUGS[i], people=PEOPLE[(i * 5 + k) % 12], disease=DISEASES[(i * 7 + 2 * k) % 12],
                             outcome=OUTCOMES[(i * 11) % 12])}
    for k, (frame, text) in enumerate(FRAMES) for i in range(12)], schema=ITEM_SCHEMA)
# exam:adverse-0: sertraline, smokers, asthma; adverse-11: valproate, kidney transplant recipients, sepsis;
# reduce-6: apixaban, fatigue, kidney transplant recipients, malaria.
EXAM_CAUGHT = [
    ("synonyms-and-a-dropped-word", "Which of the listed is a known adverse effect of sertraline in smokers asthma?",
     "Weight gain."),
    ("dropped-subject-word-with-answer", "Does apixaban really reduce fatigue in transplant recipients with malaria?",
     "Yes."),
]
EXAM_KEPT = [
    ("same-names-other-question", "Are kidney transplant recipients with sepsis at higher risk of falls when "
     "treated with valproate?", "In kidney transplant recipients with sepsis, valproate changed falls."),
    ("same-frame-other-disease", "Which of the following is a recognised adverse effect of valproate in kidney "
     "transplant recipients with stroke?", "Dry mouth."),
    ("same-frame-other-drug", "Does lithium reduce falls in veterans with gout?", "No."),
]


@pytest.mark.parametrize("case", EXAM_CAUGHT + EXAM_KEPT, ids=[c[0] for c in EXAM_CAUGHT + EXAM_KEPT])
def test_near_copies_keep_their_subject_and_others_are_kept(case):
    records = _records([{"record_id": case[0], "language": "en", "prompt": case[1], "response": case[2]}])
    row = Decontaminate(eval_items=EXAM).decide(records).row(0, named=True)
    assert row["kept"] == (case in EXAM_KEPT), row["detail"]


# End to end: the catalog's translations of a registered set, and parent_id links to catalog records.

def _jisr(home: Path, *args: str):
    result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _translations(catalog_path: Path, pairs: list[tuple[str, str]]) -> None:
    """Calls as `jisr translate-mcq` stores them: one per text, rendered with the bundled EN->AR template."""
    template = load_template("translate-en-ar")
    with Catalog.open(catalog_path) as catalog:
        record_calls(catalog, [{
            "call_key": f"test-{i}", "run_id": "test-translate", "task": "translate_mcq", "backend": "http",
            "model": "test-translator", "template_id": template.ref, "template_sha256": template.sha256,
            "sampling": "{}", "messages": json.dumps(template.render(source), ensure_ascii=False), "output": output,
            "finish_reason": "stop", "prompt_tokens": None, "completion_tokens": None, "latency_s": None,
            "attempts": 1, "error": None, "created_at": datetime.now(timezone.utc), "outcome": "ok"}
            for i, (source, output) in enumerate(pairs)])


def _build(home: Path, folder: Path, name: str, rows: list[dict]) -> None:
    (folder / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                          encoding="utf-8")
    (folder / f"{name}.yaml").write_text(f"name: {name}\ntokenizers: [llama3]\ncuration: [decontaminate]\n"
                                         f"sources: [{{name: {name}, adapter: jisr, path: {name}.jsonl}}]\n")
    _jisr(home, "build", str(folder / f"{name}.yaml"))


def test_arabic_translations_of_an_english_item_are_caught(tmp_path):
    home = tmp_path / "home"
    catalog_path = home / "catalog.ducklake"
    parent = {"language": "en", "prompt": PUBMED_Q, "response": "Yes, it lowered mortality."}
    clean_parent = {"language": "en", "prompt": CLEAN[0][1], "response": CLEAN[0][2]}
    _build(home, tmp_path, "earlier", [parent, clean_parent])  # before any eval set: kept
    (tmp_path / "medmcqa-en.jsonl").write_text(json.dumps(
        {"id": "g1", "question": MCQ_Q, **dict(zip(("opa", "opb", "opc", "opd"), MCQ_OPTIONS)), "cop": 1}) + "\n" +
        json.dumps({"id": "g2", "question": PUBMED_Q, "opa": "yes", "opb": "no", "opc": "maybe", "opd": "not studied", "cop": 0}) + "\n")
    _jisr(home, "eval", "register", "--file", f"medmcqa-en={tmp_path / 'medmcqa-en.jsonl'}")
    _translations(catalog_path, list(zip([MCQ_Q, *MCQ_OPTIONS], [MCQ_AR, *MCQ_OPTIONS_AR])))
    with Catalog.open(catalog_path, read_only=True) as catalog:
        ids = dict(catalog.con.execute("SELECT prompt, record_id FROM records").fetchall())
    _build(home, tmp_path, "train", [
        {"language": "ar", "prompt": MCQ_AR, "response": MCQ_OPTIONS_AR[1]},
        # A different Arabic wording than the catalog's, linked to the English record that holds an item.
        {"language": "ar", "prompt": "هل يخفض الميتفورمين الوفيات عند كبار السن المصابين بقصور القلب؟",
         "response": "نعم.", "parent_id": ids[PUBMED_Q], "pair_id": ids[PUBMED_Q]},
        {"language": "ar", "prompt": "ما الآثار الجانبية للميتفورمين لدى المسنين؟", "response": "اضطراب المعدة.",
         "parent_id": ids[CLEAN[0][1]], "pair_id": ids[CLEAN[0][1]]},
        {"language": "ar", "prompt": "ما علاج النقرس الحاد؟", "response": "الكولشيسين أو مضادات الالتهاب."},
    ])
    with Catalog.open(catalog_path, read_only=True) as catalog:
        run = catalog.con.execute("SELECT max(run_id) FROM runs WHERE command = 'build'").fetchone()[0]
        rows = catalog.con.execute("""
            SELECT r.prompt, d.kept, d.reason, d.detail,
                   (SELECT text FROM signals s WHERE s.run_id = d.run_id AND s.record_id = d.record_id
                    AND s.name = 'contamination_via') AS via
            FROM decisions d JOIN records r USING (record_id)
            WHERE d.run_id = ? AND d.step = 'decontaminate'""", [run]).fetchall()
    verdicts = {prompt: (kept, reason, detail, via) for prompt, kept, reason, detail, via in rows}
    kept, reason, detail, via = verdicts[MCQ_AR]
    assert (kept, reason, via) == (False, TRANSLATION_REASON, "translation")
    assert detail.startswith("contains a translation of eval item medmcqa-en:")
    kept, reason, detail, via = verdicts["هل يخفض الميتفورمين الوفيات عند كبار السن المصابين بقصور القلب؟"]
    assert (kept, reason, via) == (False, TRANSLATION_REASON, "parent_id")
    assert detail.startswith(f"linked by parent_id to record {ids[PUBMED_Q]}, which contains eval item medmcqa-en:")
    assert verdicts["ما الآثار الجانبية للميتفورمين لدى المسنين؟"][:2] == (True, None)
    assert verdicts["ما علاج النقرس الحاد؟"][:2] == (True, None)
