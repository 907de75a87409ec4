"""`jisr paraphrase`, `jisr synth` and multiple-choice translation, end to end on the CPU.

The keep and drop paths run against a scripted OpenAI-compatible server (a real HTTP server in
this process) that answers each task from known text, including refusals, wrong-language output,
rewrites that add a drug or a dose, and malformed judge ratings (one that a retry at another
temperature fixes, one that stays malformed). A tiny random Llama drives the transformers backend
through the same commands for the plumbing: every call recorded, every output gated with a reason.
"""

import json
import threading
from http.server import ThreadingHTTPServer

import click
import pytest
from click.testing import CliRunner

from catalog_rows import rows as query
from scripted_openai import ScriptedOpenAI
from jisr.cli import JisrGroup
from jisr.commands.generate import paraphrase, synth, translate_mcq
from jisr.corpus.generation.mcq import McqItem, check
from jisr.corpus.generation.paraphrase import ParaphraseGateConfig, paraphrase_signals
from jisr.corpus.generation.synth import judge_score, parse_questions
from jisr.corpus.generation.templates import load_template
from jisr.errors import InputError
from test_generation import build_home
from tiny_models import tiny_llama

# Answer -> what the scripted server rewrites it to.
PARAPHRASE = {
    "take 500mg paracetamol evry 6 hrs, max 4 doses/day": "Take 500 mg of paracetamol every 6 hours, at most 4 doses a day.",
    "drink lots of fluids n rest": "I'm sorry, but I cannot help with that request.",
    "rest and fluids help a cold get better in a few days":
        "Rest and fluids help a cold get better in a few days. Add Amoxicillin 500 mg.",
    "اشرب الماء كثيرا": "Drink plenty of water.",
    "خذ الدواء بعد الاكل": "خذ الدواء بعد الأكل.",
}
SEEDS = ["What is a normal HbA1c?", "How should metformin be taken?"]
GENERATED = "\n".join([
    "1. what is a normal hba1c", "2. How is type 2 diabetes treated?", "3. What causes migraine headaches?",
    "4. Is ibuprofen safe in pregnancy?", "5. How long does a common cold last?",
    "6. Can stress raise blood pressure?", "7. I'm sorry, I can't help with that.", "8. Why?"])
ANSWERS = {
    "How is type 2 diabetes treated?": "With diet, exercise and medicines such as Metformin.",
    "What causes migraine headaches?": "I'm sorry, but I cannot provide medical advice.",
    "Is ibuprofen safe in pregnancy?": "Avoid it after 20 weeks unless a doctor advises it.",
    "How long does a common cold last?": "Usually seven to ten days.",
    "Can stress raise blood pressure?": "Yes, for a while; long-term stress adds to the risk.",
}
# Answer -> (judge reply at temperature 0, judge reply when asked again at a higher temperature).
JUDGE = {
    ANSWERS["How is type 2 diabetes treated?"]: ("Rating: 5", "Rating: 5"),
    ANSWERS["Is ibuprofen safe in pregnancy?"]: ("This answer is excellent.", "**Rating:** 5"),
    ANSWERS["How long does a common cold last?"]: ("Rating: 3", "Rating: 3"),
    ANSWERS["Can stress raise blood pressure?"]: ("10/10", "Rating: 7"),
}
ARABIC = {
    "How is type 2 diabetes treated?": "كيف يعالج السكري من النوع 2؟",
    ANSWERS["How is type 2 diabetes treated?"]: "بالنظام الغذائي والرياضة وأدوية مثل Metformin.",
    "Is ibuprofen safe in pregnancy?": "هل الإيبوبروفين آمن أثناء الحمل؟",
    ANSWERS["Is ibuprofen safe in pregnancy?"]: "تجنبه بعد 20 أسبوعا ما لم ينصح الطبيب بذلك.",
    "Which dose is the usual adult dose?": "ما الجرعة المعتادة للبالغين؟",
    "500 mg": "500 ملغ", "50 mg": "500 ملغ", "5 g": "5 غ", "Fever": "حمى", "Cough": "سعال", "Flu": "حمى",
}


class TaskServer(ScriptedOpenAI):
    """An OpenAI-compatible server answering each task (told apart by its system prompt) from the tables above."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        system, user = body["messages"][0]["content"], body["messages"][-1]["content"]
        if "medical editor" in system:
            answer = PARAPHRASE[user.split("\n\n", 1)[1]]
        elif "realistic health questions" in system:
            answer = GENERATED
        elif "reviewing answers" in system:
            answer = JUDGE[user.split("\n\nAnswer: ", 1)[1]][body["temperature"] > 0]
        elif "medical translator" in system:
            answer = ARABIC.get(user.split("\n\n", 1)[1], "")
        else:
            answer = ANSWERS[user]
        self.send_json({"choices": [{"message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": len(answer.split())}})


@click.group(cls=JisrGroup)
@click.option("--home")
@click.pass_context
def cli(ctx, home):
    from pathlib import Path

    ctx.obj = {"home": Path(home)}


for command in (paraphrase, synth, translate_mcq):
    cli.add_command(command)


def run_cli(home, *args):
    return CliRunner().invoke(cli, ["--home", str(home), *args])


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), TaskServer)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


@pytest.fixture
def home(tmp_path):
    rows = [{"prompt": f"Question {i}?", "response": answer, "language": "ar" if "\u0600" <= answer[0] <= "\u06ff"
             else "en", "kind": "qa"} for i, answer in enumerate(PARAPHRASE)]
    rows += [{"prompt": q, "response": "A seed answer.", "language": "en", "kind": "qa", "category": "seed"}
             for q in SEEDS]
    return build_home(tmp_path, rows)


# ---- paraphrase -------------------------------------------------------------------------------------------

def test_paraphrase_keeps_faithful_rewrites_and_drops_bad_ones_with_reasons(home, server):
    http = ["--backend", "http", "--base-url", server, "--model", "scripted"]
    result = run_cli(home, "paraphrase", *http, "--source", "med", "--where", "category IS NULL")
    assert result.exit_code == 0, result.output
    rows = query(home, """SELECT p.response, r.response, r.language, r.kept, r.drop_reason, r.pair_id = p.record_id
                          FROM records r JOIN records p ON p.record_id = r.parent_id
                          WHERE r.source = 'paraphrased:med'""")
    verdicts = {source: (kept, reason) for source, _, _, kept, reason, _ in rows}
    assert verdicts == {
        "take 500mg paracetamol evry 6 hrs, max 4 doses/day": (True, None),
        "drink lots of fluids n rest": (False, "refusal"),
        "rest and fluids help a cold get better in a few days": (False, "new_content"),
        "اشرب الماء كثيرا": (False, "wrong_language"),
        "خذ الدواء بعد الاكل": (True, None),
    }
    assert all(language == ("ar" if "\u0600" <= source[0] <= "\u06ff" else "en") and same_group
               for source, _, language, _, _, same_group in rows)
    detail, = query(home, "SELECT detail FROM decisions WHERE step = 'paraphrase_qe' AND reason = 'new_content'")[0]
    assert "Amoxicillin" in detail and "new_numbers" in detail
    assert query(home, "SELECT \"read\", kept, dropped, balanced FROM run_sources "
                       "WHERE source = 'paraphrased:med'") == [(5, 2, 3, True)]
    # The refusal and the English rewrite were asked twice more (the server repeats itself); the rest once.
    assert query(home, "SELECT count(*), min(template_id) FROM generations WHERE task = 'paraphrase'") == \
        [(5 + 2 * 2, "paraphrase-answer@v1")]
    retries = query(home, """SELECT p.response, s.value, s.text FROM signals s JOIN records r USING (record_id)
                             JOIN records p ON p.record_id = r.parent_id WHERE s.name = 'retries' AND s.value > 0""")
    assert sorted(retries) == [("drink lots of fluids n rest", 2, "response: refusal, refusal"),
                               ("اشرب الماء كثيرا", 2, "response: wrong_language, wrong_language")]
    again = run_cli(home, "paraphrase", *http, "--source", "med", "--where", "category IS NULL")
    assert "paraphrase: 9 calls, 9 from the catalog, 0 generated, 0 failed, 4 asked again by rule" in again.output


def test_paraphrase_signals_catch_added_content():
    source = "take 1 tab of ibuprofen w food"
    gate = ParaphraseGateConfig()
    faithful = paraphrase_signals(source, "Take 1 tablet of ibuprofen with food.", "stop", "en")
    assert gate.failures(faithful) == []
    added = paraphrase_signals(source, "Take 1 tablet of ibuprofen with food, or 400 mg of Naproxen.", "stop", "en")
    assert [r for r, _ in gate.failures(added)] == ["new_content", "new_content", "length_ratio"]
    assert added["new_numbers"].text == "400" and added["new_terms"].text == "Naproxen"
    lost = paraphrase_signals(source, "Take a tablet of ibuprofen with food.", "stop", "en")
    assert [r for r, _ in gate.failures(lost)] == ["numbers_changed"]
    cut = paraphrase_signals(source, "Take 1 tablet of", "length", "en")
    assert gate.failures(cut)[0][0] == "truncated"


# ---- synth ------------------------------------------------------------------------------------------------

def test_parsing_questions_and_judge_ratings():
    questions, rejected = parse_questions(GENERATED, "stop")
    assert questions[0] == "what is a normal hba1c" and "Why?" not in questions
    assert rejected == {"refusal": 1, "not_a_question": 1}
    assert parse_questions("A first question here?\nA second one that was cu", "length") == \
        (["A first question here?"], {"cut_line": 1})
    assert [judge_score(s, "stop") for s in ("Rating: 5", "5", "**Rating:** 4", "Score: 2/5", "rating: 3.")] == \
        [5, 5, 4, 2, 3]
    assert [judge_score(s, "stop") for s in ("Rating: 7", "10/10", "Great answer, 5 stars", "Rating: 5\nRating: 1",
                                             "")] == [None] * 5
    assert judge_score("Rating: 5", "length") is None


def test_synth_keeps_only_fives_and_records_every_drop(home, server, tmp_path):
    (tmp_path / "seeds.txt").write_text("\n".join(SEEDS) + "\n", encoding="utf-8")
    http = ["--backend", "http", "--base-url", server, "--model", "scripted"]
    args = ["synth", *http, "--seeds", str(tmp_path / "seeds.txt"), "--rounds", "2", "--prompts-per-round", "1",
            "--translate"]
    result = run_cli(home, *args)
    assert result.exit_code == 0, result.output
    summary, = query(home, "SELECT summary FROM runs WHERE command = 'synth'")[0]
    questions = json.loads(summary)["questions"]
    # Round 2 repeats round 1: every line is then a duplicate of the pool; the seed twin never becomes a record.
    assert questions["new"] == 5 and questions["duplicate_of_seed"] == 2 and questions["duplicate_in_pool"] == 5
    rows = query(home, "SELECT prompt, kept, drop_reason FROM records WHERE source = 'synth:synth'")
    assert {prompt: (kept, reason) for prompt, kept, reason in rows} == {
        "How is type 2 diabetes treated?": (True, None),
        "What causes migraine headaches?": (False, "refusal"),
        "Is ibuprofen safe in pregnancy?": (True, None),
        "How long does a common cold last?": (False, "low_judge_score"),
        "Can stress raise blood pressure?": (False, "malformed_judge_score"),
    }
    judge = {name: value for name, value in query(home, """
        SELECT s.name || ':' || r.prompt, s.value FROM signals s JOIN records r USING (record_id)
        WHERE s.step = 'synth_judge' AND s.name IN ('judge_score', 'judge_attempts')""")}
    assert judge["judge_attempts:Is ibuprofen safe in pregnancy?"] == 2
    assert judge["judge_score:Is ibuprofen safe in pregnancy?"] == 5
    assert judge["judge_attempts:Can stress raise blood pressure?"] == 3
    assert "judge_score:Can stress raise blood pressure?" not in judge
    assert "judge_attempts:What causes migraine headaches?" not in judge  # a refused answer is never judged
    # Judge retries are calls of their own (another sampling), each stored.
    assert query(home, "SELECT count(*) FROM generations WHERE task = 'synth_judge'")[0][0] == 4 + 2 + 1
    # Only the two 5s were translated, each linked to its English pair.
    translated = query(home, "SELECT p.prompt, r.kept FROM records r JOIN records p ON p.record_id = r.parent_id "
                             "WHERE r.source = 'translated:synth:synth' ORDER BY 1")
    assert translated == [("How is type 2 diabetes treated?", True), ("Is ibuprofen safe in pregnancy?", True)]

    # A rerun asks nothing new: every call comes from the catalog.
    calls = query(home, "SELECT count(*) FROM generations")[0][0]
    again = run_cli(home, *args)
    assert again.exit_code == 0, again.output
    assert query(home, "SELECT count(*) FROM generations")[0][0] == calls
    assert "synth_judge: 7 calls, 7 from the catalog, 0 generated" in again.output


def test_synth_seeds_from_the_catalog_and_bad_seed_input(home, server, tmp_path):
    http = ["--backend", "http", "--base-url", server, "--model", "scripted"]
    result = run_cli(home, "synth", *http, "--seed-where", "category = 'seed'", "--rounds", "1",
                     "--prompts-per-round", "1", "--judge-retries", "0")
    assert result.exit_code == 0, result.output
    assert query(home, "SELECT count(*) FROM records WHERE source = 'synth:synth' AND kept")[0][0] == 1
    (tmp_path / "bad.jsonl").write_text('{"text": "no question key"}\n', encoding="utf-8")
    for extra, message in ((["--seeds", str(tmp_path / "bad.jsonl")], "a seed row is a JSON object"),
                           (["--seed-where", "category = 'none'"], "no seed questions")):
        bad = run_cli(home, "synth", *http, *extra)
        assert bad.exit_code == 1 and message in bad.output and "Traceback" not in bad.output, bad.output


# ---- multiple choice --------------------------------------------------------------------------------------

def part(text, finish="stop"):
    return {"output": text, "finish_reason": finish}


def test_mcq_checks_keep_the_answer_key_aligned():
    item = McqItem("Which dose is the usual adult dose?", ("50 mg", "500 mg", "5 g"), 1)
    assert check(item, [part("ما الجرعة؟"), part("50 ملغ"), part("500 ملغ"), part("5 غ")]) is None
    assert check(item, [part("ما الجرعة؟"), part("500 ملغ"), part("500 ملغ"), part("5 غ")])[0] == \
        "answer_key_ambiguous"
    assert check(item, [part("ما الجرعة؟"), part("50 ملغ"), part("50 ملغ "), part("5 غ")])[0] == \
        "answer_key_ambiguous"
    assert check(item, [part("ما الجرعة؟"), part("50 ملغ"), part("5000 ملغ"), part("5 غ")])[0] == \
        "answer_key_misaligned"
    assert check(item, [part("ما الجرعة؟"), part("50 ملغ"), None, part("5 غ")])[0] == "generation_error"
    assert check(item, [part("ما"), part("50 ملغ"), part("500 ملغ"), part("5", "length")])[0] == "truncated"
    with pytest.raises(InputError, match="does not point at one of 2 options"):
        McqItem.from_dict({"question": "q", "options": ["a", "b"], "answer_index": 2})


def test_translate_mcq_writes_only_aligned_items(home, server, tmp_path):
    items = [{"question": "Which dose is the usual adult dose?", "options": ["50 mg", "500 mg", "5 g"],
              "answer_index": 1},
             {"question": "Which dose is the usual adult dose?", "options": ["500 mg", "5 g"], "answer_index": 0},
             {"question": "Which dose is the usual adult dose?", "options": ["Fever", "Cough", "Flu"],
              "answer_index": 1}]
    (tmp_path / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    result = run_cli(home, "translate-mcq", "--backend", "http", "--base-url", server, "--model", "scripted",
                     str(tmp_path / "items.jsonl"), str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert written == [{"question": ARABIC[items[1]["question"]], "options": ["500 ملغ", "5 غ"], "answer_index": 0}]
    assert "answer_key_ambiguous" in result.output and "options_collapsed" in result.output
    # 7 parts, and 2 retries of the option whose number changed (this server answers alike at every seed);
    # options translated alike are not asked again: it takes two calls to collide.
    assert query(home, "SELECT outcome, count(*) FROM generations WHERE task = 'translate_mcq' GROUP BY ALL "
                       "ORDER BY ALL") == [("numbers_changed", 3), ("ok", 6)]


# ---- the transformers backend: plumbing -------------------------------------------------------------------

TEMPLATE = "{% for m in messages %}<s>{{ m['role'] }}\n{{ m['content'] }}</s>\n{% endfor %}" \
           "{% if add_generation_prompt %}<s>assistant\n{% endif %}"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    texts = [load_template(t).system for t in ("paraphrase-answer", "synth-question", "synth-answer", "synth-judge")]
    texts += list(PARAPHRASE) + SEEDS + list(ANSWERS.values()) + ["\nRating: 5\n"] * 5
    return tiny_llama(tmp_path_factory.mktemp("tiny"), texts * 3, vocab_size=500, hidden=32, intermediate=64,
                      layers=1, heads=2, max_positions=2048, chat_template=TEMPLATE)


def test_paraphrase_and_synth_run_on_the_transformers_backend(home, tiny_model, tmp_path):
    local = ["--model", str(tiny_model), "--max-new-tokens", "16", "--retries", "0"]  # noise, always cut
    result = run_cli(home, "paraphrase", *local, "--limit", "3", "--where", "category IS NULL")
    assert result.exit_code == 0, result.output
    assert query(home, "SELECT count(*), min(backend) FROM generations WHERE task = 'paraphrase'") == \
        [(3, "transformers")]
    decisions = query(home, "SELECT reason FROM decisions WHERE step = 'paraphrase_qe'")
    assert len(decisions) == 3 and all(reason for (reason,) in decisions)  # noise never passes

    (tmp_path / "seeds.txt").write_text("\n".join(SEEDS), encoding="utf-8")
    result = run_cli(home, "synth", *local, "--seeds", str(tmp_path / "seeds.txt"), "--rounds", "1",
                     "--prompts-per-round", "2", "--judge-retries", "1")
    assert result.exit_code == 0, result.output
    assert query(home, "SELECT count(*) FROM generations WHERE task = 'synth_question'")[0][0] == 2
    assert query(home, "SELECT status FROM runs WHERE command = 'synth'") == [("succeeded",)]
    assert query(home, "SELECT count(*) FROM records WHERE source = 'synth:synth' AND kept")[0][0] == 0
    assert all(balanced for (balanced,) in query(home, "SELECT balanced FROM run_sources"))
