"""Proof the pipeline measures learning: a tiny model fine-tuned on a quiz's answers scores higher on it.

Every step goes through the real `jisr` commands on one home: `jisr eval` scores a random tiny Llama
on a 24-question English quiz, the quiz's questions (in the eval prompt format) with their correct
answers become `jisr` records that `jisr build` lands in the catalog, `jisr mix build` publishes
them, `jisr train --method full` fine-tunes every weight on the mix until it has memorised them
(a LoRA adapter on a random 64-wide model learns too slowly for a quick test), and `jisr eval`
scores the trained folder on the same quiz again. Training on the test set is the point here, so the build runs
without the `decontaminate` step (which would otherwise drop these records).

Both evaluations use the chat template the tiny model is saved with (jisr's plain template, the one
`jisr train` gives a base model without one), so the trained model is asked in the format it learnt.
Scoring is full-text log-likelihood: before training the random model's choice is near chance (and
biased towards short options); after, it picks the memorised answer.
"""

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jisr.catalog import Catalog
from jisr.cli import main
from jisr.evaluation.prompts import render
from jisr.training.template import PLAIN_TEMPLATE
from tiny_models import tiny_llama

# (question, options, index of the correct option); the correct option's position and length vary.
QUIZ = [
    ("Which vitamin deficiency causes scurvy?", ["Vitamin A", "Vitamin C", "Vitamin D", "Vitamin K"], 1),
    ("Which organ produces insulin?", ["Liver", "Kidney", "Pancreas", "Spleen"], 2),
    ("What is the normal adult resting heart rate?", ["60 to 100 beats per minute", "20 to 40 beats per minute",
                                                       "120 to 160 beats per minute", "180 beats per minute"], 0),
    ("Which bone is the longest in the human body?", ["Humerus", "Tibia", "Radius", "Femur"], 3),
    ("Which blood cells carry oxygen?", ["Platelets", "Red blood cells", "Neutrophils", "Lymphocytes"], 1),
    ("Which hormone lowers blood glucose?", ["Glucagon", "Cortisol", "Insulin", "Adrenaline"], 2),
    ("What causes tuberculosis?", ["A bacterium", "A virus", "A fungus", "A parasite"], 0),
    ("Which vessel carries blood from the heart to the lungs?", ["Aorta", "Vena cava", "Coronary artery",
                                                                 "Pulmonary artery"], 3),
    ("Which mineral is needed to make thyroid hormone?", ["Iron", "Iodine", "Calcium", "Zinc"], 1),
    ("Which part of the brain coordinates balance?", ["Frontal lobe", "Thalamus", "Cerebellum", "Medulla"], 2),
    ("Which test screens for colorectal cancer?", ["Colonoscopy", "Spirometry", "Echocardiogram",
                                                   "Lumbar puncture"], 0),
    ("Which drug reverses an opioid overdose?", ["Atropine", "Flumazenil", "Adrenaline", "Naloxone"], 3),
    ("Where is bile stored?", ["Liver", "Gallbladder", "Stomach", "Duodenum"], 1),
    ("Which disease is spread by Anopheles mosquitoes?", ["Dengue", "Cholera", "Malaria", "Measles"], 2),
    ("Which vitamin helps blood to clot?", ["Vitamin K", "Vitamin B12", "Vitamin E", "Vitamin C"], 0),
    ("Which gland is called the master gland?", ["Adrenal gland", "Thyroid gland", "Parotid gland",
                                                 "Pituitary gland"], 3),
    ("Which organ filters blood to make urine?", ["Bladder", "Kidney", "Ureter", "Prostate"], 1),
    ("Which joint is affected first in gout?", ["Knee", "Hip", "Big toe", "Shoulder"], 2),
    ("What is the main sign of anaphylaxis?", ["Swelling of the throat", "Hair loss", "Joint stiffness",
                                               "Dry skin"], 0),
    ("Which nerve is compressed in carpal tunnel syndrome?", ["Ulnar nerve", "Radial nerve", "Sciatic nerve",
                                                              "Median nerve"], 3),
    ("Which infection does the MMR vaccine prevent?", ["Polio", "Measles", "Tetanus", "Hepatitis B"], 1),
    ("Which organ is inflamed in hepatitis?", ["Heart", "Lung", "Liver", "Colon"], 2),
    ("Which imaging shows a broken bone first?", ["X-ray", "Ultrasound", "Blood test", "Urine test"], 0),
    ("Which electrolyte is high in hyperkalaemia?", ["Sodium", "Chloride", "Calcium", "Potassium"], 3),
]
MODEL_NAME = "tiny-quiz-llama"
STEPS, LR = 150, 5e-3
METHOD = "full"


def jisr(home: Path, *args) -> str:
    result = CliRunner().invoke(main, ["--home", str(home), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def query(home: Path, sql: str) -> list[tuple]:
    with Catalog.open(home / "catalog.ducklake", read_only=True) as catalog:
        return catalog.con.execute(sql).fetchall()


def accuracy(home: Path, model: Path) -> float:
    (value,), = query(home, "SELECT value FROM eval_results WHERE eval_set = 'quiz-en' AND metric = 'acc' AND "
                            f"model = '{model.resolve()}' AND adapter IS NULL")
    return value


@pytest.fixture(scope="module")
def learnt(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("learning")
    home = root / "home"
    quiz = root / "quiz-en.jsonl"
    quiz.write_text("".join(json.dumps({"question": q, "options": o, "answer": a}) + "\n" for q, o, a in QUIZ),
                    encoding="utf-8")
    prompts = [render(q, tuple(o), None, "en") for q, o, _ in QUIZ]
    texts = [f"<|user|>\n{p}\n<|assistant|>\n{' '.join(o)}" for p, (_, o, _) in zip(prompts, QUIZ)]
    base = tiny_llama(root / MODEL_NAME, texts, vocab_size=500, chat_template=PLAIN_TEMPLATE)
    scored = ["--file", f"quiz-en={quiz}", "--chat-template", "--dtype", "float32", "--device", "cpu"]

    jisr(home, "eval", "--model", base, *scored)

    records = root / "quiz-train.jsonl"
    records.write_text("".join(json.dumps({"prompt": p, "response": o[a], "language": "en", "kind": "mcq"}) + "\n"
                               for p, (_, o, a) in zip(prompts, QUIZ)), encoding="utf-8")
    (root / "build.yaml").write_text(yaml.safe_dump({
        "name": "quiz", "tokenizers": ["llama3"], "curation": [],
        "sources": [{"name": "quiz", "adapter": "jisr", "path": str(records), "license": "CC-BY-4.0"}]}))
    jisr(home, "build", root / "build.yaml")
    (root / "mix.yaml").write_text(yaml.safe_dump({"name": "quiz-answers", "budget": 100_000, "ratio": "100",
                                                   "languages": ["en"], "seed": 1}))
    jisr(home, "mix", "build", root / "mix.yaml", "--allow-shortfall")
    trained = root / "trained"
    train_output = jisr(home, "train", "--mix", "quiz-answers@1", "--base", base, "--out", trained,
                        "--method", METHOD, "--max-steps", STEPS, "--lr", LR, "--max-length", 256, "--batch-size", 2)
    jisr(home, "eval", "--model", trained, *scored)
    return {"home": home, "base": base, "trained": trained, "train_output": train_output}


def test_fine_tuning_on_the_quiz_answers_raises_its_accuracy(learnt):
    home = learnt["home"]
    assert query(home, "SELECT count(*) FROM mix_members WHERE mix = 'quiz-answers@1' AND split = 'train'") == [
        (len(QUIZ),)]
    before, after = accuracy(home, learnt["base"]), accuracy(home, learnt["trained"])
    assert before <= 0.5, before
    assert after >= 0.9 and after - before >= 0.4, (before, after)
    assert query(home, "SELECT DISTINCT n, scoring, chat_template FROM eval_results") == [(len(QUIZ), "fulltext", True)]


def test_the_trained_models_scores_link_to_its_training_run_and_mix(learnt):
    home = learnt["home"]
    (run_id, status, method), = query(home, "SELECT run_id, status, method FROM training_runs")
    assert (status, method) == ("succeeded", METHOD) and run_id in learnt["train_output"]
    # A full fine-tune is found by its model folder (the run's output_path); the base model by nothing.
    linked = query(home, "SELECT DISTINCT model, adapter, training_run_id, mix FROM eval_results "
                         "ORDER BY mix NULLS FIRST")
    assert linked == [(str(learnt["base"].resolve()), None, None, None),
                      (str(learnt["trained"].resolve()), None, run_id, "quiz-answers@1")]
