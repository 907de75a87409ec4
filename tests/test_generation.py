"""LLM generation: backends, the per-call cache, resuming a killed job, quality signals and the gate.

Everything runs offline on the CPU: a tiny random Llama with a BPE tokenizer trained here drives the
transformers backend and, through `transformers serve` (a real OpenAI-compatible server process),
the http backend. A random model only writes noise, so the keep path (and retries, and a failed
call) is checked against a small scripted OpenAI-compatible server that answers with known
translations. vLLM runs only where a GPU and vLLM are present.
"""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from importlib import resources
from pathlib import Path

import click
import pytest
import torch
import yaml
from click.testing import CliRunner

from scripted_openai import ScriptedOpenAI
from jisr.cli import JisrGroup, main
from generation_helpers import answered, free_port, serve
from tiny_models import tiny_llama
from catalog_rows import rows as query
from jisr.commands.generate import translate
from jisr.corpus.generation.gate import GateConfig, load_gate
from jisr.corpus.generation.quality import Translated, translation_signals
from jisr.corpus.generation.templates import load_glossary, load_template
from jisr.errors import InputError

TEMPLATE = "{% for m in messages %}<s>{{ m['role'] }}\n{{ m['content'] }}</s>\n{% endfor %}" \
           "{% if add_generation_prompt %}<s>assistant\n{% endif %}"
EN = [(f"What is the dose of drug {i} for a child of {i + 2} years?", f"Give {i * 5 + 10} mg twice daily with food.")
      for i in range(30)]
CHAT = [{"role": "system", "content": "You are a careful nurse."},
        {"role": "user", "content": "My child has a fever of 39 °C."},
        {"role": "assistant", "content": "Give paracetamol 15 mg/kg and plenty of fluids."}]
# What the scripted server answers: English text -> its Arabic "translation" (and back, for round trips).
SCRIPT = {
    "What is a normal HbA1c?": "ما هو المعدل الطبيعي لـ HbA1c؟",
    "Below 5.7% is normal; 6.5% or more suggests diabetes.": "أقل من 5.7% طبيعي؛ و6.5% أو أكثر يشير إلى السكري.",
    "How should metformin be taken?": "كيف يؤخذ metformin؟",
    "Take it with meals to avoid an upset stomach.": "تناوله مع الوجبات to avoid an upset stomach.",
    "How much water per day?": "كم من الماء يوميا؟",
    "Drink about 2 litres, more in hot weather.": "اشرب حوالي 3 لترات، وأكثر في الطقس الحار.",
    "FLAKY: what is an INR test?": "ما هو اختبار INR؟",
    "It measures how long blood takes to clot.": "يقيس الوقت الذي يستغرقه الدم للتجلط.",
    "POISON: a question the server rejects": "-",
}


def jsonl(rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A random 1-layer Llama with a chat template and a BPE tokenizer trained on the prompts it will see."""
    template = load_template("translate-en-ar")
    texts = [template.system, template.user] + [t for pair in EN for t in pair] + [m["content"] for m in CHAT]
    return tiny_llama(tmp_path_factory.mktemp("tiny"), texts * 3, vocab_size=600, hidden=32, intermediate=64, layers=1,
                      heads=2, max_positions=2048, chat_template=TEMPLATE)


def build_home(root: Path, rows: list[dict]) -> Path:
    (root / "data.jsonl").write_text(jsonl(rows), encoding="utf-8")
    (root / "build.yaml").write_text(yaml.safe_dump({
        "name": "gen", "tokenizers": ["llama3"], "curation": [],
        "sources": [{"name": "med", "adapter": "jisr", "path": "data.jsonl", "license": "CC-BY-4.0"}]}))
    result = CliRunner().invoke(main, ["--home", str(root / "home"), "build", str(root / "build.yaml")])
    assert result.exit_code == 0, result.output
    return root / "home"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A catalog of 30 English Q&A (one with a pair_id), one English chat and one Arabic record."""
    rows = [{"prompt": q, "response": a, "language": "en", "kind": "qa"} for q, a in EN]
    rows[0]["pair_id"] = "pair-0"
    rows.append({"messages": CHAT, "prompt": "x", "response": "x", "language": "en", "kind": "chat"})
    rows.append({"prompt": "ما هو السكري؟", "response": "مرض مزمن.", "language": "ar", "kind": "qa"})
    return build_home(tmp_path_factory.mktemp("built"), rows)


@pytest.fixture
def home(built, tmp_path):
    """A fresh copy of the built catalog, so each test starts with no generations."""
    shutil.copytree(built, tmp_path / "home")
    return tmp_path / "home"


@click.group(cls=JisrGroup)
@click.option("--home", type=click.Path(path_type=Path))
@click.pass_context
def cli(ctx, home):
    ctx.obj = {"home": home}


cli.add_command(translate)


# The job in a process of its own (to be killed), with `translate` registered on jisr's own group.
JOB = "from jisr.cli import main\nfrom jisr.commands.generate import translate\n" \
      "main.add_command(translate)\nmain()\n"


def run_cli(home: Path, *args: str):
    return CliRunner().invoke(cli, ["--home", str(home), "translate", *args])


@pytest.fixture(scope="module")
def server(tiny_model, tmp_path_factory):
    """`transformers serve` on the tiny model; yields (base URL, its log, where each answered request is a line)."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serve(tiny_model, log) as base_url:
        yield base_url, log


# ---- quality signals and the gate, on written translations ----------------------------------------

SOURCE = "Take 500 mg of metformin twice daily. Check HbA1c every 3 months; aim below 7%."


def failures(output: str, finish: str = "stop", source: str = SOURCE, gate: GateConfig = GateConfig()):
    signals = {s.name: s for s in translation_signals([Translated([source], [output], [finish])])[0]}
    return [reason for reason, _ in gate.failures(signals)], signals


def test_a_faithful_translation_passes_the_gate():
    reasons, signals = failures("تناول 500 mg من metformin مرتين يوميا. افحص HbA1c كل 3 أشهر؛ والهدف أقل من 7%.")
    assert reasons == []
    assert signals["language"].text == "ar" and signals["numbers_preserved"].value == 1.0
    # Arabic-Indic digits, Arabic unit names and a Latin term in parentheses are all fine.
    reasons, _ = failures("تناول ٥٠٠ ملغ من الميتفورمين (metformin) مرتين يوميا. "
                          "افحص HbA1c كل ٣ أشهر؛ والهدف أقل من ٧٪.")
    assert reasons == []


@pytest.mark.parametrize("output, finish, reason", [
    ("تناول 500 mg of metformin twice daily with food. افحص HbA1c كل 3 أشهر؛ والهدف أقل من 7%.", "stop",
     "residual_english"),
    ("تناول 250 mg من metformin مرتين يوميا. افحص HbA1c كل 3 أشهر؛ والهدف أقل من 7%.", "stop", "numbers_changed"),
    ("تناول 500 من metformin مرتين يوميا. افحص HbA1c كل 3 أشهر؛ والهدف أقل من 7%.", "stop", "units_changed"),
    ("Take 500 mg of metformin twice daily. Check HbA1c every 3 months; aim below 7%.", "stop", "wrong_language"),
    ("تناول 500 mg من metformin مرتين", "length", "truncated"),
    ("   ", "stop", "empty_output"),
    ("عذرا، لا أستطيع المساعدة في هذا الطلب. 500 mg 3 7%", "stop", "refusal"),
    ("تناول", "stop", "length_ratio"),
])
def test_bad_translations_are_caught_with_a_reason(output, finish, reason):
    reasons, _ = failures(output, finish)
    assert reasons and reasons[0] == reason, reasons


def test_gate_settings_come_from_yaml_and_null_turns_a_rule_off(tmp_path):
    (tmp_path / "gate.yaml").write_text("max_residual_english: null\nmax_latin_run: null\n"
                                        "min_arabic_letter_share: null\nmin_length_ratio: 0.1\n")
    gate = load_gate(tmp_path / "gate.yaml")
    assert gate.max_residual_english is None and gate.min_length_ratio == 0.1
    reasons, _ = failures("تناول 500 mg of metformin twice daily with food. افحص HbA1c كل 3 أشهر؛ والهدف أقل من 7%.",
                          gate=gate)
    assert reasons == []
    (tmp_path / "bad.yaml").write_text("max_residual: 0.2\n")
    with pytest.raises(InputError, match=r"bad\.yaml: gate settings: unknown parameter 'max_residual' "
                                         r"\(did you mean 'max_residual_english'\?\)"):
        load_gate(tmp_path / "bad.yaml")
    (tmp_path / "bad.yaml").write_text("min_length_ratio: low\nmax_latin_run: 2.5\n")
    with pytest.raises(InputError, match=r"^2 problems:\n.*max_latin_run must be an integer, not 2\.5\n"
                                         r".*min_length_ratio must be a number, not 'low'$"):
        load_gate(tmp_path / "bad.yaml")


def test_glossary_terms_reach_the_prompt_and_are_checked(tmp_path):
    (tmp_path / "glossary.csv").write_text("en,ar\nhypertension,ارتفاع ضغط الدم\nmetformin,\n", encoding="utf-8")
    glossary = load_glossary(tmp_path / "glossary.csv")
    system = load_template("translate-en-ar").render("Metformin and hypertension.", glossary)[0]["content"]
    assert "- hypertension: ارتفاع ضغط الدم" in system and "- metformin: keep as written" in system
    assert "hypertension" not in load_template("translate-en-ar").render("Fever.", glossary)[0]["content"]
    signals = {s.name: s for s in translation_signals([Translated(
        ["Metformin helps hypertension patients with diabetes."], ["يساعد metformin مرضى الضغط المصابين بالسكري."],
        ["stop"])], glossary)[0]}
    assert signals["glossary_adherence"].value == 0.0 and signals["residual_english"].value == 0.0


def test_bundled_template_hash_is_the_file_hash():
    template = load_template("translate-en-ar")
    data = (resources.files("jisr.corpus.generation") / "prompts" / "translate-en-ar.yaml").read_bytes()
    assert template.sha256 == hashlib.sha256(data).hexdigest() and template.ref == "translate-en-ar@v1"
    with pytest.raises(InputError, match="no bundled prompt template 'nope'"):
        load_template("nope")


# ---- the transformers backend, end to end ---------------------------------------------------------------

def test_translate_with_transformers_records_every_call_and_decision(home, tiny_model):
    # Noise is always cut at 6 tokens; asking it again would only make more noise (retries: test_generation_retries).
    result = run_cli(home, "--model", str(tiny_model), "--max-new-tokens", "6", "--concurrency", "16",
                     "--limit", "8", "--where", "kind = 'qa' OR kind = 'chat'", "--retries", "0")
    assert result.exit_code == 0, result.output
    template = load_template("translate-en-ar")
    calls = query(home, "SELECT backend, model, template_id, template_sha256, sampling, finish_reason, "
                        "prompt_tokens, completion_tokens, latency_s, error FROM generations")
    inputs = query(home, "SELECT record_id, kind, pair_id FROM records WHERE language = 'en' "
                         "ORDER BY record_id LIMIT 8")
    parts = sum(3 if kind == "chat" else 2 for _, kind, _ in inputs)
    assert len(calls) == parts
    for backend, model, template_id, sha, sampling, finish, prompt_tokens, completion_tokens, latency, error in calls:
        assert (backend, model, template_id, sha, error) == ("transformers", str(tiny_model), template.ref,
                                                             template.sha256, None)
        assert json.loads(sampling) == {"max_new_tokens": 6, "temperature": 0.0, "top_p": 1.0, "seed": 0}
        assert finish in ("stop", "length") and prompt_tokens > 0 and 0 < completion_tokens <= 6 and latency > 0
    # One Arabic record per input, linked by parent_id; pair_id is the input's own, or its record id.
    outputs = query(home, "SELECT parent_id, pair_id, source, kind, messages FROM records "
                          "WHERE source = 'translated:med'")
    by_parent = {parent: (pair, kind, messages) for parent, pair, _, kind, messages in outputs}
    assert set(by_parent) == {rid for rid, _, _ in inputs}
    for rid, kind, pair in inputs:
        assert by_parent[rid][0] == (pair or rid) and by_parent[rid][1] == kind
        if kind == "chat":
            assert [m["role"] for m in json.loads(by_parent[rid][2])] == ["system", "user", "assistant"]
    # A random model writes noise: the gate drops every output, each with a reason, and the accounting balances.
    decisions = query(home, "SELECT reason, detail FROM decisions WHERE step = 'translation_qe'")
    assert len(decisions) == len(inputs) and all(reason for reason, _ in decisions)
    assert query(home, "SELECT count(*) FROM records WHERE source = 'translated:med' AND kept")[0][0] == 0
    assert query(home, "SELECT \"read\", dropped, balanced FROM run_sources WHERE source = 'translated:med'") == \
        [(len(inputs), len(inputs), True)]
    names = {n for (n,) in query(home, "SELECT DISTINCT name FROM signals WHERE step = 'translation_qe'")}
    assert {"language", "residual_english", "length_ratio", "truncated", "empty", "numbers_preserved"} <= names
    assert query(home, "SELECT count(*) FROM token_counts t JOIN records r USING (record_id) "
                       "WHERE r.source = 'translated:med' AND t.tokenizer = 'llama3'")[0][0] == len(inputs)
    assert query(home, "SELECT status FROM runs WHERE command = 'translate'") == [("succeeded",)]

    # A rerun asks the model nothing: every answer comes from the catalog.
    again = run_cli(home, "--model", str(tiny_model), "--max-new-tokens", "6", "--limit", "8",
                    "--where", "kind = 'qa' OR kind = 'chat'", "--retries", "0")
    assert again.exit_code == 0, again.output
    assert f"translate: {parts} calls, {parts} from the catalog, 0 generated" in again.output
    assert query(home, "SELECT count(*) FROM generations")[0][0] == parts


# ---- the http backend, against `transformers serve` -----------------------------------------------------

def test_translate_over_http_with_transformers_serve(home, tiny_model, server):
    base_url, log = server
    before = answered(log)
    result = run_cli(home, "--backend", "http", "--base-url", base_url, "--model", str(tiny_model),
                     "--max-new-tokens", "6", "--concurrency", "4", "--source", "med", "--limit", "3",
                     "--where", "kind = 'qa'", "--retries", "0")
    assert result.exit_code == 0, result.output
    calls = query(home, "SELECT backend, finish_reason, prompt_tokens, completion_tokens, attempts FROM generations")
    assert len(calls) == 6 and answered(log) - before == 6
    assert all(b == "http" and f == "length" and p > 0 and c == 6 and a == 1 for b, f, p, c, a in calls)
    assert query(home, "SELECT count(*) FROM decisions WHERE step = 'translation_qe'")[0][0] == 3


def test_a_killed_job_resumes_without_redoing_finished_calls(home, tiny_model, server, tmp_path):
    """SIGKILL mid-job, then rerun: the server is asked exactly the calls that were not stored."""
    base_url, log = server
    script = tmp_path / "job.py"
    script.write_text(JOB, encoding="utf-8")
    args = ["--home", str(home), "translate", "--backend", "http", "--base-url", base_url, "--model", str(tiny_model),
            "--max-new-tokens", "48", "--concurrency", "1", "--where", "kind = 'qa'", "--retries", "0"]
    total = 2 * len(EN)
    before = answered(log)
    job = subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while answered(log) - before < 5 and time.time() < deadline and job.poll() is None:
        time.sleep(0.01)
    assert job.poll() is None, job.stderr.read().decode()
    os.kill(job.pid, signal.SIGKILL)
    job.wait()
    stored = query(home, "SELECT count(*) FROM generations WHERE error IS NULL")[0][0]
    assert 1 <= stored < total, f"killed too late or too early ({stored} of {total} stored)"
    assert query(home, "SELECT status FROM runs WHERE command = 'translate'") == [("running",)]  # visible, not landed
    assert query(home, "SELECT count(*) FROM records WHERE source = 'translated:med'")[0][0] == 0

    before = answered(log)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert answered(log) - before == total - stored
    assert query(home, "SELECT count(*), count(DISTINCT call_key) FROM generations") == [(total, total)]
    assert query(home, "SELECT count(*) FROM records WHERE source = 'translated:med'")[0][0] == len(EN)


# ---- the keep path, retries and failed calls, against a scripted OpenAI-compatible server -----------------

class ScriptedServer(ScriptedOpenAI):
    """Answers chat completions from SCRIPT: 503 once for FLAKY, 400 for POISON, back-translations in reverse."""

    seen: set = set()

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = body["messages"][-1]["content"].split("\n\n", 1)[1]
        if text.startswith("POISON"):
            return self.send_json({"error": "prompt rejected"}, 400)
        if text.startswith("FLAKY") and text not in self.seen:
            self.seen.add(text)
            return self.send_json({"error": "busy"}, 503)
        reverse = {ar: en for en, ar in SCRIPT.items()}
        answer = SCRIPT.get(text) or reverse.get(text, "")
        self.send_json({"choices": [{"message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
                         "usage": {"prompt_tokens": 10, "completion_tokens": len(answer.split())}})


@pytest.fixture
def scripted(tmp_path):
    pairs = list(SCRIPT.items())
    rows = [{"prompt": pairs[i][0], "response": pairs[i + 1][0], "language": "en", "kind": "qa"}
            for i in range(0, 8, 2)]
    rows.append({"prompt": pairs[8][0], "response": "It should never be asked.", "language": "en", "kind": "qa"})
    home = build_home(tmp_path, rows)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ScriptedServer)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield home, f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def test_gate_keeps_good_translations_and_records_why_others_drop(scripted):
    home, base_url = scripted
    result = run_cli(home, "--backend", "http", "--base-url", base_url, "--model", "scripted", "--back-translate")
    assert result.exit_code == 0, result.output
    rows = query(home, """SELECT p.prompt, r.kept, r.drop_reason, r.prompt, r.response FROM records r
                          JOIN records p ON p.record_id = r.parent_id ORDER BY p.prompt""")
    verdicts = {prompt: (kept, reason) for prompt, kept, reason, _, _ in rows}
    assert verdicts == {"What is a normal HbA1c?": (True, None),
                        "How should metformin be taken?": (False, "residual_english"),
                        "How much water per day?": (False, "numbers_changed"),
                        "FLAKY: what is an INR test?": (True, None)}
    hba1c = next(r for r in rows if r[0] == "What is a normal HbA1c?")
    assert (hba1c[3], hba1c[4]) == (SCRIPT[hba1c[0]], SCRIPT["Below 5.7% is normal; 6.5% or more suggests diabetes."])
    # The failed call is quarantined, not stored as data: read = kept + dropped + quarantined.
    assert query(home, "SELECT \"read\", kept, dropped, quarantined FROM run_sources "
                       "WHERE source = 'translated:med'") == [(5, 2, 2, 1)]
    reason, = query(home, "SELECT reason FROM quarantine WHERE source = 'translated:med'")[0]
    assert reason.startswith("generation_error: HTTP 400")
    assert query(home, "SELECT attempts, error IS NULL FROM generations WHERE messages::VARCHAR LIKE '%FLAKY%'") == \
        [(2, True)]
    # Exact back-translations: round-trip chrF 100 for the kept records.
    chrf = query(home, "SELECT s.value FROM signals s JOIN records r USING (record_id) "
                       "WHERE s.name = 'roundtrip_chrf' AND r.kept")
    assert [round(v) for (v,) in chrf] == [100, 100]
    detail, = query(home, "SELECT detail FROM decisions WHERE reason = 'residual_english'")[0]
    assert "to avoid an upset stomach" in detail

    # A rerun retries only the call that failed (it fails again): nothing else is asked.
    again = run_cli(home, "--backend", "http", "--base-url", base_url, "--model", "scripted", "--back-translate")
    assert again.exit_code == 0, again.output
    # (the empty answer to the quarantined record's response was asked twice more, and comes from the catalog too)
    assert "translate: 12 calls, 11 from the catalog, 1 generated, 1 failed, 2 asked again by rule" in again.output
    assert "back_translate: 8 calls, 8 from the catalog, 0 generated" in again.output


def test_user_errors_are_one_line(home, tiny_model, server):
    base_url, _ = server
    cases = [
        (["--where", "no_such_column = 1"], "error: --where: Binder Error"),
        (["--source", "nope"], "error: no kept English qa/instruction/chat records match the selection"),
        (["--backend", "http", "--base-url", f"http://127.0.0.1:{free_port()}/v1"],
         "error: no OpenAI-compatible server"),
        (["--backend", "http", "--base-url", base_url, "--model", "other"], f"serves {tiny_model}, not 'other'"),
        (["--model", str(home)], "error: cannot load model"),
    ]
    for args, message in cases:
        model = [] if "--model" in args else ["--model", str(tiny_model)]
        result = run_cli(home, *model, *args)
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert result.exit_code == 1 and len(errors) == 1 and message in errors[0], (args, result.output)
        assert "Traceback" not in result.output
    assert query(home, "SELECT count(*) FROM generations")[0][0] == 0


# ---- vLLM ---------------------------------------------------------------------------------------------------

@pytest.mark.skipif(not torch.cuda.is_available(), reason="the vllm backend needs a CUDA GPU; none here")
def test_translate_with_vllm_on_a_gpu(home, tmp_path):
    pytest.importorskip("vllm", reason="vLLM lives in its own environment (pip install -e '.[vllm]')")
    # Heads of 32 dimensions, a size every vLLM attention backend takes (the shared tiny model's 16 may not be).
    texts = [t for pair in EN for t in pair] + [load_template("translate-en-ar").system]
    model = tiny_llama(tmp_path / "tiny", texts * 3, vocab_size=600, hidden=64, intermediate=64, layers=1, heads=2,
                       max_positions=2048, chat_template=TEMPLATE)
    result = run_cli(home, "--backend", "vllm", "--model", str(model), "--max-new-tokens", "6", "--limit", "4",
                     "--where", "kind = 'qa'", "--retries", "0")
    assert result.exit_code == 0, result.output
    calls = query(home, "SELECT backend, finish_reason, completion_tokens FROM generations")
    assert len(calls) == 8 and all(b == "vllm" and f in ("stop", "length") and 0 < c <= 6 for b, f, c in calls)
