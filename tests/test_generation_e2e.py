"""`jisr translate`, `jisr paraphrase` and `jisr synth` end to end on the bundled sample data, through the
transformers backend, the http backend against a real `transformers serve` process, and (where a CUDA
GPU and vLLM are present, in vLLM's own environment) the vllm backend.

The model is tiny and its answer known in advance (generation_helpers.fixed_reply_llama: two English
questions, whatever it is asked), so every stage a task has is reached (new questions, answers, the
judge, retries by rule) and every verdict is predictable: an English answer is the wrong language for
an Arabic translation or rewrite (asked again, then dropped), and is no rating for the judge. What is checked is the catalog's
record of it all, as SQL sees it: each call with its provenance, each output's QE signals, and one
gate decision per output with its reason, with read = kept + dropped + quarantined.
"""

import json
import shutil

import pytest
import torch
from click.testing import CliRunner

from catalog_rows import rows as query
from conftest import copy_bundled
from generation_helpers import answered, fixed_reply_llama, serve
from jisr.cli import main
from jisr.corpus.generation.templates import load_template

REPLY = "What helps a sore throat at night?\nHow long does migraine pain last"
REPLY_TOKENS = 16  # 15 tokens and </s>
SAMPLING = {"max_new_tokens": 64, "temperature": 0.0, "top_p": 1.0, "seed": 0}
OUTPUT_SIGNALS = {"empty", "truncated", "refusal", "language"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory, bundled_build):
    """The catalog `jisr build` makes of the bundled sample data (a copy of the session's)."""
    return copy_bundled(bundled_build, tmp_path_factory.mktemp("sample") / "home")


@pytest.fixture(scope="module")
def model(tmp_path_factory, sample):
    texts = [r[0] for r in query(sample, "SELECT prompt || ' ' || response FROM records WHERE kept LIMIT 300")]
    texts += [load_template(t).system for t in ("translate-en-ar", "paraphrase-answer", "synth-question",
                                                 "synth-answer", "synth-judge")]
    return fixed_reply_llama(tmp_path_factory.mktemp("fixed"), REPLY, texts)


@pytest.fixture(scope="module")
def served(model, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serve(model, log) as base_url:
        yield base_url, log


@pytest.fixture(params=["transformers", "http", "vllm"])
def backend(request, model):
    """(backend name, its command-line options, a count of the requests the server answered so far)."""
    if request.param == "vllm":
        if not torch.cuda.is_available():
            pytest.skip("the vllm backend needs a CUDA GPU; none here")
        pytest.importorskip("vllm", reason="vLLM lives in its own environment (pip install -e '.[vllm]')")
    if request.param != "http":
        return request.param, ["--backend", request.param, "--model", str(model)], lambda: 0
    base_url, log = request.getfixturevalue("served")
    return "http", ["--backend", "http", "--base-url", base_url, "--model", str(model)], lambda: answered(log)


@pytest.fixture
def home(sample, tmp_path):
    shutil.copytree(sample, tmp_path / "home")
    return tmp_path / "home"


def jisr(home, *args):
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    run_id, = query(home, "SELECT max(run_id) FROM runs WHERE command = ? AND status = 'succeeded'", args[0])[0]
    return run_id


# What the task's rule finds in the reply: an Arabic translation or rewrite was wanted, the judge wants a rating.
OUTCOMES = {"translate": "wrong_language", "paraphrase": "wrong_language", "synth_question": None,
            "synth_answer": "ok", "synth_judge": "malformed_judge_score"}


def check_calls(home, run_id, backend, model, tasks: dict[str, int], tries: int) -> None:
    """Every call of the run is stored with its provenance and what the rule found: `tasks` is the number
    of calls per task; each bad reply was asked `tries` times in all (seed 0, then seed n at 0.7)."""
    calls = query(home, "SELECT task, backend, model, template_id, template_sha256, sampling, messages, output, "
                        "finish_reason, prompt_tokens, completion_tokens, latency_s, error, outcome FROM generations "
                        "WHERE run_id = ?", run_id)
    assert {task: sum(c[0] == task for c in calls) for task in tasks} == tasks and len(calls) == sum(tasks.values())
    for task in ("translate", "paraphrase"):
        seeds = sorted(json.loads(c[5])["seed"] for c in calls if c[0] == task)
        assert seeds == sorted(list(range(tries)) * (tasks.get(task, 0) // tries))
    assert {(c[0], c[-1]) for c in calls} == {(task, OUTCOMES[task]) for task in tasks}
    assert all(json.loads(c[5])["temperature"] == (0.0 if json.loads(c[5])["seed"] == 0 else 0.7) for c in calls)
    templates = {"translate": "translate-en-ar", "paraphrase": "paraphrase-answer", "synth_question": "synth-question",
                 "synth_answer": "synth-answer", "synth_judge": "synth-judge"}
    for task, backend_, model_, template_id, sha, sampling, messages, output, finish, prompt, completion, latency, \
            error, _ in calls:
        template = load_template(templates[task])
        assert (backend_, model_, template_id, sha) == (backend, str(model), template.ref, template.sha256)
        assert [m["role"] for m in json.loads(messages)] == ["system", "user"]
        assert json.loads(messages)[0] == template.render("")[0]  # the rules, as the template words them
        assert set(json.loads(sampling)) == set(SAMPLING)
        assert (output, finish, error) == (REPLY, "stop", None)
        assert completion in (REPLY_TOKENS - 1, REPLY_TOKENS)  # with or without </s>, as the backend counts it
        assert prompt > 0 and latency > 0


def check_gated(home, run_id, step, signals: set[str], inputs: int) -> dict[str, tuple[str, str]]:
    """One decision of `step` per output record of the run, each with its signals; read = kept + dropped +
    quarantined. Returns record id -> (reason, detail)."""
    decisions = {rid: (kept, reason, detail) for rid, kept, reason, detail in query(
        home, "SELECT record_id, kept, reason, detail FROM decisions WHERE run_id = ? AND step = ?", run_id, step)}
    named = {}
    for rid, name in query(home, "SELECT record_id, name FROM signals WHERE run_id = ? AND step = ?", run_id, step):
        named.setdefault(rid, set()).add(name)
    assert set(named) == set(decisions) and all(signals <= names for names in named.values()), named
    assert all(reason and not kept for kept, reason, _ in decisions.values())  # the reply is never a good output
    read, kept, dropped, quarantined, balanced = query(
        home, "SELECT sum(\"read\"), sum(kept), sum(dropped), sum(quarantined), bool_and(balanced) FROM run_sources "
              "WHERE run_id = ?", run_id)[0]
    assert (read, kept, dropped, quarantined, balanced) == (inputs, 0, len(decisions), 0, True)
    return {rid: (reason, detail) for rid, (_, reason, detail) in decisions.items()}


def test_translate_paraphrase_and_synth_on_the_sample_data(home, backend, model):
    name, options, served_calls = backend
    before = served_calls()

    # translate: 4 English records (instructions and chats), one call per text
    # translate: 4 English records (instructions and chats), one call per text, each asked again once
    run = jisr(home, "translate", *options, "--source", "med42-alpaca", "--source", "med42-chat", "--limit", "4",
               "--retries", "1")
    inputs = query(home, "SELECT messages FROM records WHERE kept AND source IN ('med42-alpaca', 'med42-chat') "
                         "ORDER BY record_id LIMIT 4")
    texts = sum(len(json.loads(m)) if m else 2 for (m,) in inputs)
    check_calls(home, run, name, model, {"translate": 2 * texts}, tries=2)
    verdicts = check_gated(home, run, "translation_qe", OUTPUT_SIGNALS | {"arabic_letter_share", "residual_english",
                                                                          "length_ratio", "retries"}, 4)
    assert {reason for reason, _ in verdicts.values()} == {"wrong_language"}
    assert sum(v for (v,) in query(home, "SELECT value FROM signals WHERE run_id = ? AND name = 'retries'", run)) \
        == texts

    # paraphrase: 3 AHQAD answers (Arabic, so an English rewrite is the wrong language), each asked 3 times
    run = jisr(home, "paraphrase", *options, "--source", "ahqad", "--limit", "3")
    check_calls(home, run, name, model, {"paraphrase": 3 * 3}, tries=3)
    verdicts = check_gated(home, run, "paraphrase_qe", OUTPUT_SIGNALS | {"expected_language", "new_terms",
                                                                         "retries"}, 3)
    assert {reason for reason, _ in verdicts.values()} == {"wrong_language"}
    assert query(home, "SELECT DISTINCT value, text FROM signals WHERE run_id = ? AND name = 'retries'", run) == \
        [(2.0, "response: wrong_language, wrong_language")]

    # synth: seeds from the sample's English questions; 2 rounds of 2 prompts write the same 2 new questions
    run = jisr(home, "synth", *options, "--seed-source", "med42-alpaca", "--seed-where", "prompt LIKE 'How %?'",
               "--rounds", "2", "--prompts-per-round", "2", "--judge-retries", "1")
    questions = json.loads(query(home, "SELECT summary FROM runs WHERE run_id = ?", run)[0][0])["questions"]
    assert questions == {"new": 2, "duplicate_in_pool": 6, "near_duplicate": 0}
    check_calls(home, run, name, model, {"synth_question": 4, "synth_answer": 2, "synth_judge": 2 * 2}, tries=2)
    verdicts = check_gated(home, run, "synth_judge", OUTPUT_SIGNALS | {"judge_attempts", "judge_malformed"}, 2)
    assert {reason for reason, _ in verdicts.values()} == {"malformed_judge_score"}
    assert sorted(p for (p,) in query(home, "SELECT prompt FROM records WHERE source = 'synth:synth'")) == \
        sorted(REPLY.splitlines())
    assert query(home, "SELECT DISTINCT value FROM signals WHERE run_id = ? AND name = 'judge_attempts'", run) == \
        [(2.0,)]

    calls = query(home, "SELECT count(*) FROM generations")[0][0]
    assert calls == 2 * texts + 3 * 3 + 4 + 2 + 4
    if name == "http":
        assert served_calls() - before == calls
