"""Retry by rule: bad translations, back-translations, rewrites and multiple-choice parts are asked again
with another seed and temperature, every try is a call in the catalog with what the rule found, and what
stays bad is dropped with its reason.

A scripted OpenAI-compatible server (a real HTTP server in this process) answers each text by the
seed of the request: badly at seed 0 (a refusal, English, a cut reply, an empty one) and well at seed
1, or badly every time. So the test fails if a retry is not sent, is a cache hit of the first call
(same seed), is not recorded, or if a bad output that no retry fixed is kept.
"""

import json
import threading
from http.server import ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from catalog_rows import rows as query, connection
from scripted_openai import ScriptedOpenAI
from jisr.catalog import Catalog
from jisr.cli import main
from test_generation import build_home

# Text -> the answers at seed 0, 1, 2... (the last repeats): (content, finish_reason).
TRANSLATE = {
    "What is a normal HbA1c?": [("عذرا، لا أستطيع المساعدة في هذا الطلب.", "stop"),
                                ("ما هو المعدل الطبيعي لـ HbA1c؟", "stop")],
    "Below 5.7% is normal; 6.5% or more suggests diabetes.": [
        ("Below 5.7% is normal; 6.5% or more suggests diabetes.", "stop"),
        ("أقل من 5.7% طبيعي؛ و6.5% أو أكثر يشير إلى السكري.", "stop")],
    "How much water per day?": [("كم من", "length"), ("كم من الماء يوميا؟", "stop")],
    "Drink about 2 litres, more in hot weather.": [("", "stop")],
    "How should metformin be taken?": [("كيف يؤخذ metformin؟", "stop")],
    "Take it with meals to avoid an upset stomach.": [("تناوله مع الوجبات to avoid an upset stomach.", "stop")],
}
PARAPHRASE = {
    "take 500mg paracetamol evry 6 hrs": [("I'm sorry, but I cannot help with that request.", "stop"),
                                          ("Take 500 mg of paracetamol every 6 hours.", "stop")],
    "خذ الدواء بعد الاكل": [("Take the medicine after eating.", "stop"), ("خذ الدواء بعد الأكل.", "stop")],
    "rest and fluids help a cold get better in a few days": [("Rest and", "length")],
}

# Back-translations (AR->EN) of the translations above that the records keep.
BACK = {
    "ما هو المعدل الطبيعي لـ HbA1c؟": [("ما هو المعدل الطبيعي لـ HbA1c؟", "stop"), ("What is a normal HbA1c?", "stop")],
    "أقل من 5.7% طبيعي؛ و6.5% أو أكثر يشير إلى السكري.": [("I'm sorry, but I cannot help with that request.", "stop")],
    "كم من الماء يوميا؟": [("How much water per day?", "stop")],
    "كيف يؤخذ metformin؟": [("How should metformin be taken?", "stop")],
    "تناوله مع الوجبات to avoid an upset stomach.": [("Take it with meals to avoid an upset stomach.", "stop")],
}
# Parts of multiple-choice items (MCQ_ITEMS): a refused question, the keyed option's dose changed, an
# option left in English, an option cut every time, an option kept as written.
MCQ = {
    "Which dose of paracetamol is the usual adult dose?": [("عذرا، لا أستطيع المساعدة في هذا الطلب.", "stop"),
                                                           ("ما الجرعة المعتادة للبالغين من الباراسيتامول؟", "stop")],
    "50 mg": [("50 ملغ", "stop")], "500 mg": [("5000 ملغ", "stop"), ("500 ملغ", "stop")], "5 g": [("5 غ", "stop")],
    "Which sign suggests meningitis?": [("ما العلامة التي توحي بالتهاب السحايا؟", "stop")],
    "A stiff neck with fever and a headache": [("Stiff neck, fever and headache", "stop"),
                                               ("تيبس الرقبة مع الحمى والصداع", "stop")],
    "An itchy rash on the hands": [("طفح جلدي مثير للحكة على اليدين", "stop")],
    "Which test confirms diabetes?": [("أي فحص يؤكد السكري؟", "stop")],
    "HbA1c of 6.5% or more": [("HbA1c بنسبة", "length")],
    "HbA1c": [("HbA1c", "stop")],
}
MCQ_ITEMS = [
    {"question": "Which dose of paracetamol is the usual adult dose?", "options": ["50 mg", "500 mg", "5 g"],
     "answer_index": 1},
    {"question": "Which sign suggests meningitis?",
     "options": ["A stiff neck with fever and a headache", "An itchy rash on the hands"], "answer_index": 0},
    {"question": "Which test confirms diabetes?", "options": ["HbA1c of 6.5% or more", "HbA1c"], "answer_index": 0},
]


class ByTry(ScriptedOpenAI):
    """Answers the text after the prompt's first blank line from the tables above, by the request's seed."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = body["messages"][-1]["content"].split("\n\n", 1)[1].strip()
        tries = {**TRANSLATE, **PARAPHRASE, **BACK, **MCQ}[text]
        content, finish = tries[min(body["seed"], len(tries) - 1)]
        self.send_json({"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": finish}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": len(content.split())}})


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ByTry)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield ["--backend", "http", "--base-url", f"http://127.0.0.1:{httpd.server_address[1]}/v1", "--model", "scripted"]
    httpd.shutdown()


@pytest.fixture
def home(tmp_path):
    texts = list(TRANSLATE)
    rows = [{"prompt": texts[i], "response": texts[i + 1], "language": "en", "kind": "qa", "category": "translate"}
            for i in range(0, len(texts), 2)]
    rows += [{"prompt": "Question?", "response": answer, "language": "ar" if "\u0600" <= answer[0] <= "\u06ff" else "en",
              "kind": "qa", "category": "paraphrase"} for answer in PARAPHRASE]
    return build_home(tmp_path, rows)


def jisr(home, *args):
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result.output


def tries(home, task) -> dict[str, list[tuple]]:
    """Text asked -> (seed, temperature, outcome) of each of its calls, in order."""
    out: dict[str, list[tuple]] = {}
    for messages, sampling, outcome in query(home, "SELECT messages, sampling, outcome FROM generations "
                                                   "WHERE task = ? ORDER BY created_at", task):
        text = json.loads(messages)[-1]["content"].split("\n\n", 1)[1].strip()
        sampling = json.loads(sampling)
        out.setdefault(text, []).append((sampling["seed"], sampling["temperature"], outcome))
    return out


def test_bad_translations_are_asked_again_and_dropped_when_still_bad(home, server):
    translate = ["translate", *server, "--where", "category = 'translate'"]
    output = jisr(home, *translate)
    assert "translate: 11 calls, 0 from the catalog, 11 generated, 0 failed, 5 asked again by rule" in output
    first, retry, second = (0, 0.0), (1, 0.7), (2, 0.7)
    assert tries(home, "translate") == {
        "What is a normal HbA1c?": [(*first, "refusal"), (*retry, "ok")],
        "Below 5.7% is normal; 6.5% or more suggests diabetes.": [(*first, "wrong_language"), (*retry, "ok")],
        "How much water per day?": [(*first, "truncated"), (*retry, "ok")],
        "Drink about 2 litres, more in hot weather.": [(*first, "empty_output"), (*retry, "empty_output"),
                                                       (*second, "empty_output")],
        "How should metformin be taken?": [(*first, "ok")],
        # Residual English is the gate's to judge, not a reason to ask again.
        "Take it with meals to avoid an upset stomach.": [(*first, "ok")],
    }
    verdicts = query(home, """SELECT p.prompt, r.kept, r.drop_reason, s.value, s.text, r.response
                              FROM records r JOIN records p ON p.record_id = r.parent_id
                              JOIN signals s ON s.record_id = r.record_id AND s.name = 'retries'""")
    assert sorted(verdicts) == [
        ("How much water per day?", False, "empty_output", 3, "prompt: truncated; response: empty_output, empty_output",
         ""),
        ("How should metformin be taken?", False, "residual_english", 0, None,
         "تناوله مع الوجبات to avoid an upset stomach."),
        ("What is a normal HbA1c?", True, None, 2, "prompt: refusal; response: wrong_language",
         "أقل من 5.7% طبيعي؛ و6.5% أو أكثر يشير إلى السكري."),
    ]
    assert query(home, "SELECT \"read\", kept, dropped, balanced FROM run_sources WHERE source = 'translated:med'") \
        == [(3, 1, 2, True)]
    metadata, = query(home, "SELECT metadata FROM records WHERE kept AND source = 'translated:med'")[0]
    assert len(json.loads(metadata)["translation"]["retried_calls"]) == 2

    # A rerun asks nothing: first tries and retries alike come from the catalog.
    assert "translate: 11 calls, 11 from the catalog, 0 generated" in jisr(home, *translate)
    # Without retries the refusal is dropped at once, and nothing new is asked.
    output = jisr(home, *translate, "--retries", "0")
    assert "translate: 6 calls, 6 from the catalog, 0 generated, 0 failed, 0 asked again by rule" in output
    latest = query(home, """SELECT p.prompt, d.reason FROM decisions d JOIN records r USING (record_id)
                            JOIN records p ON p.record_id = r.parent_id
                            WHERE d.step = 'translation_qe'
                            AND d.run_id = (SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1)""")
    assert sorted(latest) == [("How much water per day?", "empty_output"),
                              ("How should metformin be taken?", "residual_english"),
                              ("What is a normal HbA1c?", "refusal")]


def test_bad_rewrites_are_asked_again_up_to_the_limit(home, server):
    output = jisr(home, "paraphrase", *server, "--where", "category = 'paraphrase'", "--retries", "1",
                  "--retry-temperature", "0.9")
    assert "paraphrase: 6 calls, 0 from the catalog, 6 generated, 0 failed, 3 asked again by rule" in output
    assert tries(home, "paraphrase") == {
        "take 500mg paracetamol evry 6 hrs": [(0, 0.0, "refusal"), (1, 0.9, "ok")],
        "خذ الدواء بعد الاكل": [(0, 0.0, "wrong_language"), (1, 0.9, "ok")],
        "rest and fluids help a cold get better in a few days": [(0, 0.0, "truncated"), (1, 0.9, "truncated")],
    }
    verdicts = query(home, """SELECT p.response, r.kept, r.drop_reason, r.response FROM records r
                              JOIN records p ON p.record_id = r.parent_id WHERE r.source = 'paraphrased:med'""")
    assert sorted(verdicts) == [
        ("rest and fluids help a cold get better in a few days", False, "truncated", "Rest and"),
        ("take 500mg paracetamol evry 6 hrs", True, None, "Take 500 mg of paracetamol every 6 hours."),
        ("خذ الدواء بعد الاكل", True, None, "خذ الدواء بعد الأكل."),
    ]
    params, = query(home, "SELECT params FROM runs WHERE command = 'paraphrase'")[0]
    assert json.loads(params)["retry"] == {"retries": 1, "temperature": 0.9}


def test_a_catalog_from_before_outcomes_gains_the_column_and_keeps_its_calls(home, server):
    translate = ["translate", *server, "--where", "category = 'translate'", "--retries", "0"]
    jisr(home, *translate)
    con = connection(home / "catalog.ducklake", read_only=False)
    con.execute("DROP VIEW generations")
    con.execute("ALTER TABLE store.generations DROP COLUMN outcome")
    con.close()
    with Catalog.open(home / "catalog.ducklake"):
        pass
    assert query(home, "SELECT count(*), count(outcome) FROM generations") == [(6, 0)]
    assert "translate: 6 calls, 6 from the catalog, 0 generated" in jisr(home, *translate)


def test_bad_back_translations_are_asked_again_and_not_scored_when_still_bad(home, server, tmp_path):
    translate = ["translate", *server, "--where", "category = 'translate'", "--back-translate"]
    output = jisr(home, *translate)
    assert "back_translate: 8 calls, 0 from the catalog, 8 generated, 0 failed, 3 asked again by rule" in output
    # Only the translations the records keep are back-translated (not the refused or cut first tries).
    first, retry, second = (0, 0.0), (1, 0.7), (2, 0.7)
    assert tries(home, "back_translate") == {
        "ما هو المعدل الطبيعي لـ HbA1c؟": [(*first, "wrong_language"), (*retry, "ok")],
        "أقل من 5.7% طبيعي؛ و6.5% أو أكثر يشير إلى السكري.": [(*first, "refusal"), (*retry, "refusal"),
                                                            (*second, "refusal")],
        "كم من الماء يوميا؟": [(*first, "ok")],
        "كيف يؤخذ metformin؟": [(*first, "ok")],
        "تناوله مع الوجبات to avoid an upset stomach.": [(*first, "ok")],
    }
    signals = query(home, """SELECT p.prompt, s.name, s.value, s.text FROM signals s JOIN records r USING (record_id)
                             JOIN records p ON p.record_id = r.parent_id
                             WHERE s.name IN ('roundtrip_failed', 'roundtrip_chrf') ORDER BY ALL""")
    assert [(prompt, name, round(value), text) for prompt, name, value, text in signals] == [
        ("How much water per day?", "roundtrip_failed", 0, None),  # its empty response was not asked
        ("How should metformin be taken?", "roundtrip_chrf", 100, None),
        ("How should metformin be taken?", "roundtrip_failed", 0, None),
        ("What is a normal HbA1c?", "roundtrip_failed", 1, "response: refusal"),  # a refusal is not scored
    ]
    assert query(home, "SELECT r.kept FROM records r JOIN records p ON p.record_id = r.parent_id "
                       "WHERE p.prompt = 'What is a normal HbA1c?' AND r.source = 'translated:med'") == [(True,)]

    # A gate on round-trip chrF has no score to hold it to: dropped with the reason, and nothing is asked.
    (tmp_path / "gate.yaml").write_text("min_roundtrip_chrf: 40\n", encoding="utf-8")
    output = jisr(home, *translate, "--gate", str(tmp_path / "gate.yaml"))
    assert "back_translate: 8 calls, 8 from the catalog, 0 generated" in output
    latest = query(home, """SELECT p.prompt, d.reason, d.detail FROM decisions d JOIN records r USING (record_id)
                            JOIN records p ON p.record_id = r.parent_id
                            WHERE p.prompt = 'What is a normal HbA1c?' AND d.step = 'translation_qe'
                            AND d.run_id = (SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1)""")
    assert latest == [("What is a normal HbA1c?", "roundtrip_failed",
                       "back-translation still bad after retries (response: refusal)")]


def test_bad_mcq_parts_are_asked_again_and_items_still_bad_are_dropped(home, server, tmp_path):
    (tmp_path / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in MCQ_ITEMS), encoding="utf-8")
    translate = ["translate-mcq", *server, str(tmp_path / "items.jsonl"), str(tmp_path / "out.jsonl")]
    output = jisr(home, *translate)
    assert "2 of 3 items written" in output and "(3 needed a part asked again by rule)" in output
    assert "truncated" in output and "option 0: truncated (length)" in output
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert written == [
        {"question": "ما الجرعة المعتادة للبالغين من الباراسيتامول؟", "options": ["50 ملغ", "500 ملغ", "5 غ"],
         "answer_index": 1},
        {"question": "ما العلامة التي توحي بالتهاب السحايا؟",
         "options": ["تيبس الرقبة مع الحمى والصداع", "طفح جلدي مثير للحكة على اليدين"], "answer_index": 0}]
    first, retry, second = (0, 0.0), (1, 0.7), (2, 0.7)
    assert tries(home, "translate_mcq") == {
        "Which dose of paracetamol is the usual adult dose?": [(*first, "refusal"), (*retry, "ok")],
        "50 mg": [(*first, "ok")], "500 mg": [(*first, "numbers_changed"), (*retry, "ok")], "5 g": [(*first, "ok")],
        "Which sign suggests meningitis?": [(*first, "ok")],
        "A stiff neck with fever and a headache": [(*first, "wrong_language"), (*retry, "ok")],
        "An itchy rash on the hands": [(*first, "ok")],
        "Which test confirms diabetes?": [(*first, "ok")],
        "HbA1c of 6.5% or more": [(*first, "truncated"), (*retry, "truncated"), (*second, "truncated")],
        "HbA1c": [(*first, "ok")],  # kept as written: no language to check
    }
    summary, = query(home, "SELECT summary FROM runs WHERE command = 'translate-mcq'")[0]
    assert json.loads(summary) == {"items": 3, "kept": 2, "dropped": {"truncated": 1}, "retried_items": 3}

    # A rerun asks nothing and writes the same; without retries the first tries are judged, from the catalog.
    jisr(home, *translate)
    assert query(home, "SELECT count(*) FROM generations") == [(15,)]
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    output = jisr(home, *translate, "--retries", "0")
    assert "0 of 3 items written" in output and "refusal" in output and "wrong_language" in output
    assert query(home, "SELECT count(*) FROM generations") == [(15,)]
