"""Retry by rule: bad translations and rewrites are asked again with another seed and temperature, every
try is a call in the catalog with what the rule found, and what stays bad is dropped with its reason.

A scripted OpenAI-compatible server (a real HTTP server in this process) answers each text by the
seed of the request: badly at seed 0 (a refusal, English, a cut reply, an empty one) and well at seed
1, or badly every time. So the test fails if a retry is not sent, is a cache hit of the first call
(same seed), is not recorded, or if a bad output that no retry fixed is kept.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest
from click.testing import CliRunner

from catalog_rows import rows as query
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


class ByTry(BaseHTTPRequestHandler):
    """Answers the text after the prompt's first blank line from the tables above, by the request's seed."""

    def log_message(self, *args):
        pass

    def _send(self, body: dict):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._send({"data": [{"id": "scripted"}]})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = body["messages"][-1]["content"].split("\n\n", 1)[1].strip()
        tries = {**TRANSLATE, **PARAPHRASE}[text]
        content, finish = tries[min(body["seed"], len(tries) - 1)]
        self._send({"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": finish}],
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
                            WHERE d.run_id = (SELECT max(run_id) FROM runs) AND d.step = 'translation_qe'""")
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
    con = duckdb.connect(str(home / "catalog.duckdb"))
    con.execute("DROP VIEW generations")
    con.execute("ALTER TABLE store.generations DROP COLUMN outcome")
    con.close()
    with Catalog.open(home / "catalog.duckdb"):
        pass
    assert query(home, "SELECT count(*), count(outcome) FROM generations") == [(6, 0)]
    assert "translate: 6 calls, 6 from the catalog, 0 generated" in jisr(home, *translate)
