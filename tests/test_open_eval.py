"""`jisr eval open` on the bundled questions with a tiny local model as both answerer and judge (its
replies known in advance) through the transformers backend and through the HTTP backend (a real
`transformers serve`), and against a scripted OpenAI-compatible server: answers, judge scores with
rationales, signals and judge checks land in the catalog; a judge that always says "safe" is flagged
by the calibration set; a malformed judge reply is asked again; bad question rows are quarantined
with file, row, field and reason."""

import json
import threading
from http.server import ThreadingHTTPServer

import pytest
import torch
from click.testing import CliRunner

from catalog_rows import rows as query
from generation_helpers import fixed_reply_llama, serve
from scripted_openai import ScriptedOpenAI

from jisr.catalog import Catalog
from jisr.cli import main
from jisr.corpus.generation.backends import BackendSpec
from jisr.evaluation.open_eval import OpenJob, load_calibration, load_questions, load_rubric, run_open

CRITERIA = list(load_rubric().criteria)
ALL_SAFE = json.dumps({c: {"score": 5, "rationale": "Looks safe."} for c in CRITERIA})


class AlwaysSafe(ScriptedOpenAI):
    """Answers every question in English; as judge, grades everything 5 (after one malformed reply per prompt)."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        system = body["messages"][0]["content"]
        if "JSON" in system:
            reply = ALL_SAFE if body["temperature"] > 0 else "Everything is fine."  # first try malformed
        else:
            reply = "Drink fluids, rest, and see a doctor if it gets worse."
        self.send_json({"choices": [{"message": {"content": reply}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 5}})


def test_always_safe_judge_is_flagged_and_results_are_stored(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), AlwaysSafe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        spec = BackendSpec("http", "scripted", 4, f"http://127.0.0.1:{server.server_port}/v1")
        result = run_open(tmp_path / "catalog.ducklake", OpenJob(spec, spec))
        again = run_open(tmp_path / "catalog.ducklake", OpenJob(spec, spec))
    finally:
        server.shutdown()
    assert result.answers == 20 and result.scored == 20 and result.malformed == 0
    with Catalog.open(tmp_path / "catalog.ducklake", read_only=True) as catalog:
        q = lambda sql: catalog.con.execute(sql).fetchall()
        accuracy, flagged = q(f"SELECT value, flagged FROM open_judge_checks WHERE run_id = '{result.run_id}' "
                              "AND \"check\" = 'calibration_accuracy'")[0]
        assert flagged and accuracy < 0.5
        assert q(f"SELECT count(*), count(DISTINCT criterion), min(attempts) FROM open_scores "
                 f"WHERE run_id = '{result.run_id}' AND rationale = 'Looks safe.'")[0] == (120, 6, 2)
        # Arabic questions answered in English fail the language signal, and the judge disagreed with LID.
        assert q(f"SELECT language, avg(value) FROM open_signals WHERE run_id = '{result.run_id}' "
                 "AND name = 'language_match' GROUP BY ALL ORDER BY 1") == [("ar", 0.0), ("en", 1.0)]
        assert q(f"SELECT value FROM open_judge_checks WHERE run_id = '{result.run_id}' "
                 "AND \"check\" = 'judge_vs_lid_language'") == [(0.5,)]
        # The rerun asked nothing again: every call came from the cache.
        assert q(f"SELECT count(*) FROM generations WHERE run_id = '{again.run_id}'") == [(0,)]
        assert q(f"SELECT count(*) FROM open_scores WHERE run_id = '{again.run_id}'") == [(120,)]


# A tiny local model: every patient question gets ANSWER (English, so Arabic questions fail the language
# signal), every judge prompt gets LOCAL_VERDICT (all 5s: a judge that always says "safe").
ANSWER = "Rest and drink fluids; see a doctor if it worsens."
LOCAL_VERDICT = json.dumps({c: {"score": 5, "rationale": "No harm seen."} for c in CRITERIA})


@pytest.fixture(scope="module")
def local_model(tmp_path_factory):
    rubric = load_rubric()
    texts = [item.question + " " + (item.reference or "") for item in load_questions().items]
    texts += [item["answer"] for item in load_calibration()]
    texts += [rubric.judge_messages("q", None, "a", lang)[0]["content"] for lang in ("en", "ar")]
    return fixed_reply_llama(tmp_path_factory.mktemp("local"), ANSWER, texts, judge_reply=LOCAL_VERDICT)


@pytest.fixture(params=["transformers", "http", "vllm"])
def local_backend(request, local_model, tmp_path):
    """The local model run in-process (transformers; vLLM where a CUDA GPU and vLLM are present), or
    served by a real `transformers serve` (the http backend)."""
    if request.param == "vllm":
        if not torch.cuda.is_available():
            pytest.skip("the vllm backend needs a CUDA GPU; none here")
        pytest.importorskip("vllm", reason="vLLM lives in its own environment (pip install -e '.[vllm]')")
    if request.param != "http":
        yield request.param, ["--backend", request.param]
        return
    with serve(local_model, tmp_path / "serve.log") as base_url:
        yield "http", ["--backend", "http", "--base-url", base_url]


def test_local_model_as_answerer_and_judge_stores_scores_rationales_and_signals(local_model, local_backend,
                                                                                 tmp_path):
    home = tmp_path / "home"
    backend, options = local_backend
    result = CliRunner().invoke(main, ["--home", str(home), "eval", "open", *options, "--model", str(local_model),
                                       "--max-new-tokens", "32"])
    assert result.exit_code == 0, result.output
    assert "FLAGGED" in result.output and "20 answers, 20 graded, 0 malformed" in result.output
    (run_id,), = query(home, "SELECT run_id FROM runs WHERE command = 'eval open' AND status = 'succeeded'")
    # Every call is a generation row of the local model; the answerer answered, the judge graded.
    calls = query(home, "SELECT task, backend, model, output, finish_reason, count(*) FROM generations "
                        "WHERE run_id = ? GROUP BY ALL ORDER BY task", run_id)
    assert calls == [("open_answer", backend, str(local_model), ANSWER, "stop", 20),
                     ("open_judge", backend, str(local_model), LOCAL_VERDICT, "stop", 20),
                     ("open_judge_calibration", backend, str(local_model), LOCAL_VERDICT, "stop", 24)]
    assert query(home, "SELECT count(*), count(DISTINCT item_id), count(DISTINCT criterion), min(score), "
                       "bool_and(passed) FROM open_scores WHERE run_id = ? AND rationale = 'No harm seen.'",
                 run_id) == [(120, 20, 6, 5, True)]
    assert query(home, "SELECT DISTINCT answer FROM open_answers WHERE run_id = ?", run_id) == [(ANSWER,)]
    signals = query(home, "SELECT name, language, count(*), avg(value) FROM open_signals WHERE run_id = ? "
                          "AND name IN ('language_match', 'chrf', 'residual_english', 'length_words') "
                          "GROUP BY ALL ORDER BY 1, 2", run_id)
    assert [s[:3] for s in signals] == [("chrf", "ar", 10), ("chrf", "en", 10), ("language_match", "ar", 10),
                                        ("language_match", "en", 10), ("length_words", "ar", 10),
                                        ("length_words", "en", 10), ("residual_english", "ar", 10)]
    by_name = {(name, language): value for name, language, _, value in signals}
    assert by_name[("language_match", "ar")] == 0.0 and by_name[("language_match", "en")] == 1.0
    assert by_name[("length_words", "en")] == len(ANSWER.split()) and by_name[("residual_english", "ar")] == 1.0
    assert 0 < by_name[("chrf", "ar")] < by_name[("chrf", "en")] < 100
    # The always-safe judge: flagged on calibration (it passes only the safe answers' 6 verdicts of 19),
    # blind to position and language, and at odds with language ID on every Arabic question.
    checks = dict((c, (v, n, f)) for c, v, n, f in query(
        home, 'SELECT "check", value, n, flagged FROM open_judge_checks WHERE run_id = ?', run_id))
    assert checks["calibration_accuracy"] == (6 / 19, 19, True)
    assert checks["language_bias_agreement"][:2] == checks["position_bias_agreement"][:2] == (1.0, 48)
    assert checks["judge_vs_lid_language"][:2] == (0.5, 20)
    assert checks["judge_vs_chrf_faithfulness"][:2] == (None, 20)  # one score for all: no ordering to compare


@pytest.fixture
def always_safe():
    server = ThreadingHTTPServer(("127.0.0.1", 0), AlwaysSafe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


def test_bad_question_rows_are_quarantined_with_file_row_field_and_reason(always_safe, tmp_path):
    good = [{"id": "q-en", "language": "en", "question": "Is a cold treated with antibiotics?"},
            {"id": "q-ar", "language": "ar", "question": "هل تعالج نزلة البرد بالمضادات الحيوية؟"}]
    bad = [{"id": "no-question", "language": "en", "question": "  "},
           {"id": "french", "language": "fr", "question": "Faut-il des antibiotiques ?"},
           {"id": "q-en", "language": "en", "question": "The same id again?"},
           {"id": "listed", "language": "ar", "question": ["not", "text"]}]
    questions = tmp_path / "open.jsonl"
    questions.write_text("\n".join([*(json.dumps(r, ensure_ascii=False) for r in good + bad), '{"question": "cut'])
                         + "\n", encoding="utf-8")
    home = tmp_path / "home"
    args = ["--home", str(home), "eval", "open", "--backend", "http", "--base-url", always_safe, "--model", "scripted",
            "--questions"]
    result = CliRunner().invoke(main, [*args, str(questions)])
    assert result.exit_code == 0, result.output
    assert "5 of 7 question rows quarantined" in " ".join(result.output.split())
    (run_id, summary), = query(home, "SELECT run_id, summary FROM runs WHERE command = 'eval open'")
    summary = json.loads(summary)
    assert (summary["questions_read"], summary["answers"], summary["questions_quarantined"]) == (7, 2, 5)
    problems = query(home, 'SELECT eval_set, file, "row", field, reason, kept FROM eval_problems WHERE run_id = ? '
                           'ORDER BY "row"', run_id)
    file = str(questions)
    assert [p[:4] for p in problems] == [("jisr_open-en", file, 3, "question"), ("jisr_open", file, 4, "language"),
                                         ("jisr_open-en", file, 5, "id"), ("jisr_open-ar", file, 6, "question"),
                                         ("jisr_open", file, 7, None)]
    assert problems[0][4] == "missing" and "neither en nor ar" in problems[1][4]
    assert "duplicate id 'q-en' (first at row 1)" == problems[2][4] and "not text (list)" == problems[3][4]
    assert not any(p[5] for p in problems)
    assert query(home, "SELECT item_id FROM open_answers ORDER BY 1") == [("q-ar",), ("q-en",)]
    # A file with no usable row is one line and exit 1, and the catalog holds no half-run.
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps(bad[1]) + "\n", encoding="utf-8")
    failed = CliRunner().invoke(main, [*args, str(empty)])
    assert failed.exit_code == 1 and "no usable open question (1 rows quarantined" in failed.output
    assert len(failed.output.strip().splitlines()) == 1
    assert query(home, "SELECT count(*) FROM runs WHERE command = 'eval open'") == [(1,)]
