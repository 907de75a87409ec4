"""Training on a mix: a tiny random Llama learns, the run is recorded, the adapter reloads.

Everything is built here, offline: a bilingual mix, a byte-level BPE tokenizer trained on it (with
no chat template, so jisr's own is used) and a ~100k-parameter Llama. Training runs on the CPU.
"""

import json
import random

import pytest
import torch
import yaml
from click.testing import CliRunner
from peft import AutoPeftModelForCausalLM
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl.chat_template_utils import qwen2_5_chat_template

from jisr.catalog import Catalog, load_mix
from tiny_models import tiny_llama
from jisr.catalog.mixes import build_mix
from jisr.catalog.recipes import recipe_from_dict
from jisr.cli import main
from jisr.errors import CatalogError, InputError
from jisr.training import preset, train
from jisr.training.sft import build_trainer, load_base, mix_splits
from jisr.training.template import PLAIN_TEMPLATE, prepare_chat_template

EN = [("fever", "rest and drink plenty of fluids"), ("a cough", "see a doctor if it lasts three weeks"),
      ("asthma", "keep your reliever inhaler with you"), ("anaemia", "eat food rich in iron"),
      ("gout", "avoid red meat and alcohol"), ("a migraine", "rest in a quiet dark room")]
AR = [("الحمى", "الراحة وشرب الكثير من السوائل"), ("السعال", "راجع الطبيب إذا استمر ثلاثة أسابيع"),
      ("الربو", "احمل بخاخ الإسعاف معك دائما"), ("فقر الدم", "تناول طعاما غنيا بالحديد"),
      ("النقرس", "تجنب اللحوم الحمراء والكحول"), ("الصداع النصفي", "الراحة في غرفة هادئة ومظلمة")]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A catalog with 120 English and 120 Arabic QA records and the mix tiny@1 (50:50, 10% validation)."""
    root = tmp_path_factory.mktemp("training")
    rng = random.Random(3)
    rows = []
    for i in range(120):
        (en_topic, en_answer), (ar_topic, ar_answer) = EN[i % 6], AR[i % 6]
        rows.append({"prompt": f"What helps with {en_topic}? (case {i}, age {rng.randint(5, 90)})",
                     "response": f"For {en_topic}: {en_answer}.", "language": "en", "kind": "qa", "pair_id": f"p{i}"})
        rows.append({"prompt": f"ما الذي يساعد في {ar_topic}؟ (حالة {i})", "response": f"في حالة {ar_topic}: {ar_answer}.",
                     "language": "ar", "kind": "qa", "pair_id": f"p{i}"})
    (root / "qa.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (root / "build.yaml").write_text(yaml.safe_dump({
        "name": "qa", "tokenizers": ["llama3"], "curation": [],
        "sources": [{"name": "qa", "adapter": "jisr", "path": "qa.jsonl", "license": "CC-BY-4.0"}]}))
    result = CliRunner().invoke(main, ["--home", str(root / "home"), "build", str(root / "build.yaml")])
    assert result.exit_code == 0, result.output
    with Catalog.open(root / "home" / "catalog.ducklake") as cat:
        build_mix(cat, recipe_from_dict({"name": "tiny", "budget": 3000, "ratio": "50:50", "seed": 1,
                                         "validation": 0.1}, "test"))
    return root / "home"


@pytest.fixture(scope="module")
def base(home, tmp_path_factory):
    """A folder with a random 2-layer Llama and a 400-token BPE tokenizer trained on the mix's text."""
    texts = [m["content"] for row in load_mix("tiny@1", home=home)["messages"] for m in row]
    return tiny_llama(tmp_path_factory.mktemp("base"), texts)


STEPS, LR = 100, 5e-3  # ~2 s on one CPU thread; the mean loss falls by ~0.7


def tiny_config(**kw):
    return preset("small", **{"max_steps": STEPS, "learning_rate": LR, "logging_steps": 1, "max_length": 256,
                              "lora_dropout": 0.0, **kw})


@pytest.fixture(scope="module")
def trained(home, base, tmp_path_factory):
    return train("tiny@1", str(base), tmp_path_factory.mktemp("out") / "adapter", tiny_config(), home)


def training_runs(home):
    with Catalog.open(home / "catalog.ducklake", read_only=True) as cat:
        return cat.con.execute("SELECT * FROM training_runs ORDER BY started_at").pl()


def test_loss_falls(trained):
    losses = [entry["loss"] for entry in trained.losses if "loss" in entry]
    assert len(losses) == STEPS and trained.steps == STEPS
    first, last = sum(losses[:10]) / 10, sum(losses[-10:]) / 10
    assert last < first - 0.4, (first, last)
    assert trained.eval_loss is not None and trained.eval_loss < losses[0]


def test_run_is_recorded_with_mix_version_and_hash(trained, home):
    with Catalog.open(home / "catalog.ducklake", read_only=True) as cat:
        manifest = cat.con.execute("SELECT manifest_hash FROM mixes WHERE mix = 'tiny@1'").fetchone()[0]
    run = training_runs(home).filter(run_id=trained.run_id).to_dicts()[0]
    assert (run["status"], run["mix"], run["manifest_hash"], run["method"]) == ("succeeded", "tiny@1", manifest, "lora")
    assert trained.manifest_hash == manifest
    assert run["final_loss"] == pytest.approx(trained.final_loss)
    assert json.loads(run["hyperparameters"])["learning_rate"] == LR
    assert len([e for e in json.loads(run["losses"]) if "loss" in e]) == STEPS
    card = (trained.output_dir / "README.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(card.split("---")[1])
    assert meta["jisr"]["mix"] == "tiny@1" and meta["jisr"]["manifest_sha256"] == manifest
    assert meta["base_model"] == trained.base_model and meta["language"] == ["ar", "en"]
    assert meta["jisr"]["final_loss"] == pytest.approx(trained.final_loss)


def test_adapter_reloads_and_generates(trained, base):
    model = AutoPeftModelForCausalLM.from_pretrained(str(trained.output_dir))
    tokenizer = AutoTokenizer.from_pretrained(str(trained.output_dir))
    assert tokenizer.chat_template == PLAIN_TEMPLATE  # saved with the adapter, so inference formats as training did
    prompt = tokenizer.apply_chat_template([{"role": "user", "content": "What helps with fever?"}],
                                           add_generation_prompt=True, return_dict=True, return_tensors="pt")
    generated = model.generate(**prompt, max_new_tokens=5, do_sample=False)
    assert generated.shape[1] > prompt["input_ids"].shape[1]
    untrained = AutoModelForCausalLM.from_pretrained(str(base))
    with torch.no_grad():
        assert not torch.allclose(model(**prompt).logits, untrained(**prompt).logits)


def test_loss_counts_assistant_tokens_only(home, base, tmp_path):
    """In TRL's prepared, packed batches, every unmasked label span is exactly one answer plus </s>."""
    model, tokenizer = load_base(str(base), cpu=True)
    prepare_chat_template(tokenizer, str(base))
    train_set, _, _ = mix_splits("tiny@1", home)
    trainer = build_trainer(model, tokenizer, train_set, None, tiny_config(), tmp_path, cpu=True)
    answers = {row["response"] + "</s>" for row in load_mix("tiny@1", home=home)}
    prompts = [row["prompt"] for row in load_mix("tiny@1", home=home)]
    batch = trainer.data_collator([trainer.train_dataset[0]])
    ids, labels = batch["input_ids"][0].tolist(), batch["labels"][0].tolist()
    spans, current = [], []
    for token, label in zip(ids, labels):
        if label != -100:
            assert label == token
            current.append(token)
        elif current:
            spans.append(current)
            current = []
    spans += [current] if current else []
    decoded = [tokenizer.decode(span) for span in spans]
    assert len(decoded) > 1 and set(decoded) <= answers  # several packed examples, answers only
    text = tokenizer.decode(ids)
    assert sum(p in text for p in prompts) == len(decoded)  # each answer's prompt is in the input, unmasked


def test_chat_templates_without_generation_markers(base):
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    assert prepare_chat_template(tokenizer, "m").startswith("jisr plain template")
    assert prepare_chat_template(tokenizer, "m") == "the base model's own template"  # PLAIN_TEMPLATE has markers
    tokenizer.chat_template = qwen2_5_chat_template
    assert prepare_chat_template(tokenizer, "m").startswith("TRL's training version")
    tokenizer.chat_template = "{% for m in messages %}{{ m['content'] }}{% endfor %}"
    with pytest.raises(InputError, match="base model 'm': its chat template has no {% generation %} markers"):
        prepare_chat_template(tokenizer, "m")


def test_cli_full_fine_tuning_into_home_models(home, base):
    result = CliRunner().invoke(main, ["--home", str(home), "train", "--mix", "tiny", "--base", str(base), "--method", "full",
                                            "--max-steps", "2", "--max-length", "128", "--lr", "1e-3"])
    assert result.exit_code == 0, result.output
    out = home / "models" / f"tiny@1-{base.name}"
    run = training_runs(home).to_dicts()[-1]
    assert (run["status"], run["output_path"], run["mix"], run["method"]) == ("succeeded", str(out), "tiny@1", "full")
    assert json.loads(run["hyperparameters"])["max_length"] == 128
    assert run["run_id"] in result.output
    assert not (out / "adapter_config.json").exists()
    tuned, untrained = AutoModelForCausalLM.from_pretrained(str(out)), AutoModelForCausalLM.from_pretrained(str(base))
    assert not torch.equal(tuned.model.layers[0].mlp.up_proj.weight, untrained.model.layers[0].mlp.up_proj.weight)
    assert "library_name: transformers" in (out / "README.md").read_text(encoding="utf-8")


def test_user_errors_are_one_line_and_record_nothing(home, base, tmp_path):
    before = training_runs(home).height
    missing = CliRunner().invoke(main, ["--home", str(home), "train", "--mix", "nope@1", "--base", str(base)])
    assert missing.exit_code == 1 and "no mix 'nope@1' in the catalog (mixes: tiny)" in missing.output
    with pytest.raises(CatalogError, match="no mix 'nope@1'"):
        train("nope@1", str(base), tmp_path / "out", home=home)
    no_model = CliRunner().invoke(main, ["--home", str(home), "train", "--mix", "tiny@1", "--base", str(tmp_path / "no-such-model")])
    assert no_model.exit_code == 1 and "no-such-model: no such folder" in no_model.output
    (tmp_path / "empty").mkdir()
    empty = CliRunner().invoke(main, ["--home", str(home), "train", "--mix", "tiny@1", "--base", str(tmp_path / "empty")])
    assert empty.exit_code == 1 and "cannot load base model" in empty.output
    assert "Traceback" not in missing.output + no_model.output + empty.output
    assert training_runs(home).height == before


def test_a_run_that_fails_is_recorded_as_failed(home, base, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(OSError):
        train("tiny@1", str(base), tmp_path / "a-file" / "adapter", tiny_config(max_steps=1), home)
    run = training_runs(home).to_dicts()[-1]
    assert (run["status"], run["output_path"]) == ("failed", str(tmp_path / "a-file" / "adapter"))
    assert run["finished_at"] is not None


KILLED = """
import sys, time
from jisr.catalog.training_runs import training_run
with training_run(sys.argv[1], "tiny@1", "base", "lora", {}, sys.argv[2]) as run:
    print(run.run_id, flush=True)
    time.sleep(120)  # training: killed here
"""


def test_a_killed_training_run_is_failed_in_runs_and_training_runs_alike(home, tmp_path):
    """`running` while it trains (other writers go meanwhile), and after a kill -9 the next writer marks it
    failed: one status, which `runs` and `training_runs` both read."""
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(home / "catalog.ducklake"), str(tmp_path / "out")],
                            stdout=subprocess.PIPE, text=True)
    try:
        run_id = proc.stdout.readline().strip()
        assert run_id.startswith("run-"), run_id

        def statuses():
            with Catalog.open(home / "catalog.ducklake") as cat:  # a writer: its turn is free while the run trains
                return cat.con.execute("SELECT r.status, t.status, r.finished_at IS NOT DISTINCT FROM t.finished_at "
                                       "FROM runs r JOIN training_runs t USING (run_id) WHERE run_id = ?",
                                       [run_id]).fetchone()
        assert statuses() == ("running", "running", True)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert statuses() == ("failed", "failed", True)
    run = training_runs(home).filter(run_id=run_id).to_dicts()[0]
    assert run["finished_at"] is not None and run["output_path"] == str(tmp_path / "out")
