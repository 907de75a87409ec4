"""`jisr eval translate-test` end to end: the Arabic fixture sets translated by a scripted
OpenAI-compatible server (a real HTTP server in this process, deterministic answers), registered as
`*-ar2en` sets, scored with a tiny random Llama through lm-eval, and laid out as the paper's Table 2.

The server translates most texts faithfully and gets three wrong on purpose: a changed number in the
right answer of a MedMCQA item, two MedQA options merged into one text, and a refused PubMedQA
abstract. Those three items must be excluded with their reasons, the rest scored.
"""

import json
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scripted_openai import ScriptedOpenAI
from jisr.catalog import Catalog
from jisr.cli import JisrGroup
from jisr.display import console
from jisr.evaluation.prompts import render
from jisr.evaluation.sets import SetSpec, load_set
from jisr.evaluation.translate_test import table2_for
from jisr.commands.translate_test import translate_test
from tiny_models import tiny_llama

FIXTURES = Path(__file__).parent / "fixtures" / "evaluation"
TRANSLATOR = "Qwen/Qwen2.5-72B-Instruct"
ENGLISH = {
    # MedMCQA
    "نقص أي فيتامين يسبب مرض الإسقربوط؟": "Deficiency of which vitamin causes scurvy?",
    "فيتامين أ": "Vitamin A", "فيتامين ب12": "Vitamin B12", "فيتامين ج": "Vitamin C", "فيتامين د": "Vitamin D",
    "معدل ضربات القلب الطبيعي للبالغ في أثناء الراحة هو": "The normal resting heart rate of an adult is",
    "20-40 في الدقيقة": "20-40 per minute", "60-100 في الدقيقة": "60-10 per minute",  # the key's number changed
    "120-160 في الدقيقة": "120-160 per minute", "180-220 في الدقيقة": "180-220 per minute",
    "يُفرز الإنسولين من أي خلايا البنكرياس؟": "Insulin is secreted by which cells of the pancreas?",
    "خلايا ألفا": "Alpha cells", "خلايا بيتا": "Beta cells", "خلايا دلتا": "Delta cells",
    "الخلايا العنبية": "Acinar cells",
    "الدواء المفضل لعلاج الصدمة التأقية هو": "The drug of choice for anaphylactic shock is",
    "الأدرينالين": "Adrenaline", "الأتروبين": "Atropine", "الدوبامين": "Dopamine", "الهيدروكورتيزون": "Hydrocortisone",
    "أكبر عضو في جسم الإنسان هو": "The largest organ of the human body is",
    "الكبد": "Liver", "الدماغ": "Brain", "الجلد": "Skin", "الرئة": "Lung",
    # MedQA
    "امرأة عمرها 24 عامًا تشكو من التعب والشحوب وانخفاض الفيريتين في الدم. ما التشخيص الأرجح؟":
        "A 24-year-old woman has fatigue, pallor and low serum ferritin. What is the most likely diagnosis?",
    "فقر الدم بعوز الحديد": "Iron deficiency anaemia", "نقص فيتامين ب12": "Vitamin B12 deficiency",
    "سمة الثلاسيميا": "Thalassaemia trait", "فقر الدم المصاحب للأمراض المزمنة": "Anaemia of chronic disease",
    "رجل عمره 60 عامًا يشكو منذ 30 دقيقة من ألم ضاغط في الصدر يمتد إلى الذراع اليسرى. ما الفحص الذي يجرى أولًا؟":
        "A 60-year-old man has had crushing chest pain spreading to the left arm for 30 minutes. "
        "Which test is done first?",
    "صورة الصدر بالأشعة السينية": "Chest X-ray", "تخطيط كهربية القلب": "Electrocardiogram",
    "تخطيط صدى القلب": "Echocardiogram", "اختبار الجهد": "Exercise stress test",
    "طفل لديه سعال نباحي وصرير شهيقي بعد نزلة برد. ما السبب الأرجح؟":
        "A child has a barking cough and inspiratory stridor after a cold. What is the most likely cause?",
    "التهاب لسان المزمار": "Epiglottitis", "الخانوق": "Croup", "الربو": "Croup",  # two options merged
    "جسم غريب مستنشق": "Inhaled foreign body",
    "أي دواء يعكس الجرعة الزائدة من الأفيونات؟": "Which drug reverses an opioid overdose?",
    "النالوكسون": "Naloxone", "الفلومازينيل": "Flumazenil", "الغلوكاجون": "Glucagon",
    # PubMedQA
    "نعم": "yes", "لا": "no", "ربما": "maybe",
    "هل تخفض التمارين الهوائية المنتظمة ضغط الدم في أثناء الراحة لدى البالغين المصابين بارتفاع ضغط الدم؟":
        "Does regular aerobic exercise lower resting blood pressure in adults with hypertension?",
    "ارتفاع ضغط الدم عامل خطر رئيسي لأمراض القلب والأوعية الدموية.\nفي تجربة عشوائية شملت 200 بالغ، خفّضت التمارين "
    "الهوائية لمدة 12 أسبوعًا الضغط الانقباضي بمقدار 8 ملم زئبق مقارنة بالمجموعة الضابطة.":
        "Hypertension is a major risk factor for cardiovascular disease.\nIn a randomised trial of 200 adults, "
        "12 weeks of aerobic exercise lowered systolic pressure by 8 mmHg against controls.",
    "هل تمنع مكملات فيتامين ج نزلات البرد لدى عامة الناس؟": "Do vitamin C supplements prevent colds in the "
                                                          "general population?",
    "لم تجد التجارب على تناول فيتامين ج يوميًا لدى عامة الناس أي انخفاض في حدوث نزلات البرد.":
        "Trials of daily vitamin C in the general population found no fall in the incidence of colds.",
    "هل يرتبط شرب القهوة بانخفاض خطر الإصابة بداء السكري من النوع الثاني؟":
        "Is coffee drinking associated with a lower risk of type 2 diabetes?",
    "تشير الدراسات الأترابية إلى ارتباط عكسي، لكن لا يمكن استبعاد العوامل المربكة.":
        "I'm sorry, but I cannot help with that request.",  # a refused abstract
    "هل يقلل غسل اليدين من العدوى المكتسبة في المستشفيات؟": "Does hand washing reduce hospital-acquired infections?",
    "شهدت الأجنحة التي رفعت الالتزام بنظافة اليدين عددًا أقل من حالات العدوى المكتسبة في المستشفى.":
        "Wards that raised hand-hygiene compliance saw fewer hospital-acquired infections.",
}


class Translator(ScriptedOpenAI):
    """An OpenAI-compatible server that serves TRANSLATOR and translates from ENGLISH (unknown text: 500)."""

    model = TRANSLATOR

    calls = 0

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        system, user = body["messages"][0]["content"], body["messages"][-1]["content"]
        assert "from Arabic into English" in system and body["model"] == TRANSLATOR
        type(self).calls += 1
        text = user.split("\n\n", 1)[1]
        answer = ENGLISH[text]
        self.send_json({"choices": [{"message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": len(answer.split())}})


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Translator)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    """A random 2-layer Llama with a BPE tokenizer trained on the Arabic prompts and their translations."""
    texts = [f"Question: {en}\nA. B. C. D.\nAnswer: {en}" for en in ENGLISH.values()]
    for benchmark in ("medmcqa", "medqa", "pubmedqa"):
        for item in load_set(SetSpec(benchmark, "ar", FIXTURES / f"{benchmark}-ar.jsonl")).items:
            texts.append(render(item.question, item.options, item.context, "ar") + " " + " ".join(item.options))
    return tiny_llama(tmp_path_factory.mktemp("models") / "tiny-answerer", texts, vocab_size=600, intermediate=160)


def invoke(home: Path, *args):
    @click.group(cls=JisrGroup)
    @click.pass_context
    def group(ctx):
        ctx.obj = {"home": home}

    group.add_command(translate_test)
    width = console.width
    console.width = 400
    try:
        return CliRunner().invoke(group, ["translate-test", *map(str, args)])
    finally:
        console.width = width


def query(home: Path, sql: str, params=()) -> list[tuple]:
    with Catalog.open(home / "catalog.ducklake", read_only=True) as catalog:
        return catalog.con.execute(sql, list(params)).fetchall()


def test_translate_test_translates_excludes_misaligned_items_scores_and_reports_table2(model, server, tmp_path):
    home = tmp_path / "home"
    args = ["--model", model, "--translator-backend", "http", "--translator-model", TRANSLATOR, "--base-url", server,
            "--benchmarks", "medmcqa,medqa,pubmedqa", "--data", FIXTURES, "--dtype", "float32", "--device", "cpu"]
    result = invoke(home, *args)
    assert result.exit_code == 0, result.output

    # Derived sets: English prompts, the kept items only, a source naming translator and template.
    sets = {name: (benchmark, language, items, source) for name, benchmark, language, items, source in query(
        home, "SELECT name, benchmark, language, items, source FROM eval_sets")}
    assert {n: s[:3] for n, s in sets.items() if n.endswith("-ar2en")} == {
        "medmcqa-ar2en": ("medmcqa", "ar2en", 4), "medqa-ar2en": ("medqa", "ar2en", 3),
        "pubmedqa-ar2en": ("pubmedqa", "ar2en", 3)}
    assert TRANSLATOR in sets["medqa-ar2en"][3] and "translate-ar-en@v1" in sets["medqa-ar2en"][3]
    assert sets["medmcqa-ar"][2] == 5
    (question, options, answer, context), = query(
        home, "SELECT question, options, answer, context FROM eval_items WHERE eval_set = 'pubmedqa-ar2en' "
              "AND question LIKE 'Does regular%'")
    assert json.loads(options) == ["yes", "no", "maybe"] and answer == "yes" and "8 mmHg" in context
    answers = {q: a for q, a in query(home, "SELECT question, answer FROM eval_items WHERE eval_set = 'medmcqa-ar2en'")}
    assert answers["Deficiency of which vitamin causes scurvy?"] == "Vitamin C"  # the key still points right
    assert not any("heart rate" in q for q in answers)

    # Every excluded item is reported with its reason, in the catalog and on screen.
    excluded = query(home, "SELECT eval_set, \"row\", reason FROM eval_problems WHERE reason LIKE 'translation:%' "
                           "ORDER BY eval_set")
    assert excluded == [("medmcqa-ar2en", 2, "translation: answer_key_misaligned"),
                        ("medqa-ar2en", 3, "translation: answer_key_ambiguous"),
                        ("pubmedqa-ar2en", 3, "translation: refusal")]
    assert "answer_key_misaligned" in result.output and "60-10 per minute" in result.output

    # Provenance: every call in `generations` under the run, with the translator and template.
    (run_id, status, summary), = query(home, "SELECT run_id, status, summary FROM runs")
    summary = json.loads(summary)
    assert status == "succeeded" and summary["excluded"] == {
        "translation: answer_key_misaligned": 1, "translation: answer_key_ambiguous": 1, "translation: refusal": 1}
    calls = query(home, "SELECT task, count(*), count(DISTINCT model), any_value(template_id) FROM generations "
                        "WHERE run_id = ? GROUP BY task ORDER BY task", [run_id])
    assert calls == [("translate_context", 4, 1, "translate-ar-en@v1"), ("translate_mcq", len(ENGLISH) - 4, 1,
                                                                         "translate-ar-en@v1")]
    assert Translator.calls == len(ENGLISH)  # identical texts (نعم, الأتروبين) asked once

    # Scores: Arabic and translate-test sets, the kept items only, distinct language labels.
    scores = {(e, lang): n for e, lang, n in query(
        home, "SELECT eval_set, language, n FROM eval_results WHERE metric = 'acc'")}
    assert scores == {("medmcqa-ar", "ar"): 5, ("medqa-ar", "ar"): 4, ("pubmedqa-ar", "ar"): 4,
                      ("medmcqa-ar2en", "ar2en"): 4, ("medqa-ar2en", "ar2en"): 3, ("pubmedqa-ar2en", "ar2en"): 3}

    # Table 2 layout: AR beside AR→EN, and the paper's row for this translator.
    report = invoke(home, "report")
    assert report.exit_code == 0, report.output
    (ar, tt), = query(home, "SELECT max(value) FILTER (language = 'ar'), max(value) FILTER (language = 'ar2en') "
                            "FROM eval_results WHERE benchmark = 'medqa' AND metric = 'acc'")
    lines = report.output.splitlines()
    ours = [c.strip() for c in next(line for line in lines if "tiny-answerer" in line).split("│")[1:-1]]
    assert ours[1] == TRANSLATOR and ours[8:11] == [f"{ar * 100:.1f}", f"{tt * 100:.1f}", f"{(tt - ar) * 100:.1f}"]
    assert ours[-1] == "3"
    paper = [c.strip() for c in next(line for line in lines if "paper:" in line).split("│")[1:-1]]
    assert paper[1] == "Qwen2.5-72B-Instruct" and paper[8:11] == ["56.6", "71.3", "14.7"]

    # A rerun asks the translator nothing: every call comes from the catalog, the sets are known.
    before = Translator.calls
    again = invoke(home, *args, "--no-direct")
    assert again.exit_code == 0, again.output
    assert Translator.calls == before
    assert len(query(home, "SELECT * FROM eval_sets")) == 6


def test_table2_reference_matches_translators_by_name_and_refuses_non_arabic_sets(model, tmp_path):
    assert table2_for("Qwen/Qwen2.5-72B-Instruct")[1]["medqa"] == 71.3
    assert table2_for("meta-llama/Llama-3.1-70B-Instruct")[1]["mmlu"] == 70.7
    assert table2_for("Helsinki-NLP/opus-mt-ar-en")[1]["pubmedqa"] == 72.0
    assert table2_for("Qwen/Qwen2.5-7B-Instruct") is None
    result = invoke(tmp_path, "--model", model, "--translator-model", TRANSLATOR,
                    "--file", f"medqa-en={FIXTURES / 'medqa-en.jsonl'}")
    assert result.exit_code != 0 and "Arabic sets only" in result.output
