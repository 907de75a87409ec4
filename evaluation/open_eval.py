"""`jisr eval open`: a model under test answers open medical questions; a judge model grades each answer.

Why it is built this way:
- Multiple-choice accuracy says little about whether a free-text answer is safe, so each answer is
  graded per rubric criterion (evaluation/open_data/rubric.yaml: medical correctness, harmful advice,
  unwarranted certainty, doctor referral, language and register, faithfulness to the reference),
  1-5 with a one-sentence rationale. The rubric and prompts are one bilingual data file; its version
  and SHA-256 are stored with every judgement and are part of every judge call's cache key.
- A judge reply is one JSON object with every criterion, a 1-5 integer score (null only for
  faithfulness without a reference) and a non-empty rationale; anything else is malformed and asked
  again (retries.py: another sampling, so another cached call), never guessed from free text.
- A judge is only as good as its calibration: every run first grades a small set of answers whose
  verdicts are known (calibration.jsonl: clearly safe, clearly harmful, off-language, hallucinated
  dose, falsely certain) and stores its accuracy; below `--calibration-threshold` the judge is
  flagged. The same answers are graded again with the prompt in the other language and with the
  answer placed first, and agreement with the standard grading is stored (language and position bias).
- Signals that need no model sit beside the judge: chrF against the reference (sacrebleu), the
  answer's language (fastText; an Arabic question answered in English is a failure), length, and
  the share of residual English words; the judge's language verdict is checked against LID and its
  faithfulness score against chrF (rank correlation).
- The rubric, questions and calibration answers are read and checked first (evaluation/open_questions.py).
- Every call (answers and judgements) is a row of `generations`, cached and resumable like any
  generation call; results land in one transaction at the end (catalog/open_answers.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from jisr.catalog import Catalog, lifecycle
from jisr.catalog.evaluations import record_eval_problems, record_eval_set, training_run_for
from jisr.catalog.open_answers import record_open_results
from jisr.corpus.generation.backends import BackendSpec, Sampling, make_backend
from jisr.corpus.generation.quality import residual_latin
from jisr.corpus.generation.retries import RetryRule, run_retried
from jisr.corpus.generation.runner import run_calls
from jisr.curation.lid import identify
from jisr.evaluation.open_questions import (LANGUAGES, OpenItem, Rubric, load_calibration, load_questions, load_rubric,
                                           set_version)
from jisr.progress import Progress

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]")
_FENCE = re.compile(r"^```(?:json)?\s*\n(.*)\n```$", re.DOTALL)
RATIONALE_CHARS = 400

def parse_verdict(output: str, finish_reason: str, rubric: Rubric, has_reference: bool) -> dict[str, dict] | None:
    """{criterion: {score, rationale}} from a reply that is exactly one JSON object (a ```json fence
    allowed) with every criterion; None if it is anything else."""
    if finish_reason != "stop" or not output:
        return None
    text = output.strip()
    fenced = _FENCE.match(text)
    try:
        data = json.loads(fenced.group(1) if fenced else text)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != set(rubric.criteria):
        return None
    verdict = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("rationale"), str) or not entry["rationale"].strip():
            return None
        score = entry.get("score")
        if score is None and name == "faithfulness" and not has_reference:
            pass
        elif isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            return None
        verdict[name] = {"score": score, "rationale": entry["rationale"].strip()[:RATIONALE_CHARS]}
    return verdict


def answer_signals(item: OpenItem, answer: str) -> dict[str, tuple[float | None, str | None]]:
    """Reference-free signals of one answer: name -> (value, text)."""
    import sacrebleu

    language, score = identify(answer)
    words = answer.split()
    signals: dict[str, tuple[float | None, str | None]] = {
        "language": (round(score, 4), language),
        "language_match": (float(language == item.language), f"{language}, question {item.language}"),
        "length_chars": (float(len(answer)), None), "length_words": (float(len(words)), None)}
    if item.reference:
        signals["chrf"] = (round(sacrebleu.sentence_chrf(answer, [item.reference]).score, 2), None)
    if item.language == "ar":
        residual = [w for w in residual_latin(answer, item.question, set()).split() if _LATIN_WORD.search(w)]
        signals["residual_english"] = (round(len(residual) / len(words), 4) if words else 0.0,
                                       " ".join(residual[:12]) or None)
    return signals


@dataclass(frozen=True)
class OpenJob:
    answerer: BackendSpec
    judge: BackendSpec
    questions: Path | None = None
    hub: str | None = None
    name: str = "jisr_open"
    sampling: Sampling = Sampling(max_new_tokens=512)
    judge_sampling: Sampling = Sampling(max_new_tokens=768)
    judge_retries: int = 2
    retry_temperature: float = 0.7
    calibration_threshold: float = 0.8
    rubric: Path | None = None
    limit: int | None = None
    mix: str | None = None


@dataclass
class OpenResult:
    run_id: str
    answers: int
    scored: int
    malformed: int
    failed: int
    checks: list[dict[str, Any]]
    questions_read: int
    quarantined: int


def run_open(catalog_path: Path, job: OpenJob, progress: Progress | None = None) -> OpenResult:
    rubric = load_rubric(job.rubric)
    questions = load_questions(job.questions, job.hub, name=job.name)
    source, items = questions.source, questions.items[:job.limit] if job.limit else questions.items
    calibration = load_calibration()
    with Catalog.open(catalog_path) as catalog:
        answerer = make_backend(job.answerer)
        judge = answerer if job.judge == job.answerer else make_backend(job.judge)
        params = {"answerer": asdict(job.answerer), "judge": asdict(job.judge), "source": source,
                  "items": len(items), "rubric": {rubric.ref: rubric.sha256}, "sampling": asdict(job.sampling),
                  "judge_sampling": asdict(job.judge_sampling), "judge_retries": job.judge_retries,
                  "calibration_threshold": job.calibration_threshold}
        try:
            with lifecycle.run(catalog, "eval open", params) as run:
                return _run(catalog, run, job, rubric, questions, items, calibration, answerer, judge, progress)
        finally:
            answerer.close()
            if judge is not answerer:
                judge.close()


def _judge(catalog, backend, run_id, job, rubric, cases, progress, label):
    """Grade `cases` (dicts: messages, language, has_reference, ...) -> per case (verdict or None, result row info)."""
    templates = {lang: rubric.template("judge", lang) for lang in LANGUAGES}
    out: list[tuple[dict | None, str | None, int, str | None, str | None]] = [None] * len(cases)  # type: ignore
    for lang in LANGUAGES:
        index = [i for i, c in enumerate(cases) if c["prompt_language"] == lang]
        if not index:
            continue

        def check(j, answer, index=index):
            found = parse_verdict(answer["output"], answer["finish_reason"], rubric, cases[index[j]]["has_reference"])
            return None if found else "malformed_judge_score"

        results = run_retried(catalog, backend, run_id, label, templates[lang], job.judge_sampling,
                              [cases[i]["messages"] for i in index], check,
                              RetryRule(job.judge_retries, job.retry_temperature), progress)
        for i, key, tries in zip(index, results.keys, results.tries):
            answer = results.answers.get(key)
            verdict = parse_verdict(answer["output"], answer["finish_reason"], rubric, cases[i]["has_reference"]) \
                if answer else None
            out[i] = (verdict, key, len(tries), (answer or {}).get("output"), results.errors.get(key))
    return out


def _score_rows(run_id, target, variant, item_id, judge_model, rubric, language, judged) -> list[dict]:
    verdict, key, attempts, raw, error = judged
    status = "scored" if verdict else ("generation_error" if error else "malformed_judge_score")
    base = {"run_id": run_id, "target": target, "variant": variant, "item_id": item_id, "judge_model": judge_model,
            "rubric": rubric.ref, "rubric_sha256": rubric.sha256, "prompt_language": language, "status": status,
            "call_key": key, "attempts": attempts, "raw": None if verdict else (error or raw or "")[:500]}
    if not verdict:
        return [{**base, "criterion": name, "score": None, "passed": None, "rationale": None}
                for name in rubric.criteria]
    return [{**base, "criterion": name, "score": v["score"], "rationale": v["rationale"],
             "passed": None if v["score"] is None else v["score"] >= rubric.pass_score} for name, v in verdict.items()]


def rank_correlation(x: list[float], y: list[float]) -> float | None:
    """Spearman's rho (ties get their average rank; polars ranks them); None for fewer than 3 pairs or a
    constant side, where no ordering exists to agree on."""
    if len(x) < 3:
        return None
    rx, ry = (pl.Series(v, dtype=pl.Float64).rank("average").to_numpy() for v in (x, y))
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def _agreement(a: dict, b: dict) -> tuple[int, int]:
    """(agreeing, compared) pass/fail verdicts between two gradings keyed by (item, criterion)."""
    common = [k for k in a if k in b and a[k] is not None and b[k] is not None]
    return sum(a[k] == b[k] for k in common), len(common)


def _run(catalog, run, job, rubric, questions, items, calibration, answerer, judge, progress) -> OpenResult:
    run_id, judge_model = run.run_id, job.judge.model
    other = {"en": "ar", "ar": "en"}
    # 1. Calibration first: the judge's accuracy decides how far its grades can be trusted.
    cal_cases = []
    for item in calibration:
        for variant, lang, first in (("standard", item["language"], False),
                                     ("other_language", other[item["language"]], False),
                                     ("answer_first", item["language"], True)):
            cal_cases.append({"item": item, "variant": variant, "prompt_language": lang, "has_reference": False,
                              "messages": rubric.judge_messages(item["question"], None, item["answer"], lang, first)})
    cal_judged = _judge(catalog, judge, run_id, job, rubric, cal_cases, progress, "open_judge_calibration")
    scores, passes = [], {}
    for case, judged in zip(cal_cases, cal_judged):
        rows = _score_rows(run_id, "calibration", case["variant"], case["item"]["id"], judge_model, rubric,
                           case["prompt_language"], judged)
        scores += rows
        passes.setdefault(case["variant"], {}).update({(r["item_id"], r["criterion"]): r["passed"] for r in rows})
    expected = {(item["id"], name): want for item in calibration for name, want in item["expected"].items()}
    got = passes.get("standard", {})
    correct = sum(got.get(k) is want for k, want in expected.items())
    wrong = sorted(f"{i}:{c}" for (i, c), want in expected.items() if got.get((i, c)) is not want)
    accuracy = correct / len(expected)
    checks = [{"run_id": run_id, "judge_model": judge_model, "check": "calibration_accuracy", "value": accuracy,
               "n": len(expected), "threshold": job.calibration_threshold,
               "flagged": accuracy < job.calibration_threshold, "detail": ("missed " + ", ".join(wrong))[:500]
               if wrong else None}]
    for variant in ("other_language", "answer_first"):
        agree, n = _agreement(got, passes.get(variant, {}))
        checks.append({"run_id": run_id, "judge_model": judge_model,
                       "check": "language_bias_agreement" if variant == "other_language" else "position_bias_agreement",
                       "value": agree / n if n else None, "n": n, "threshold": None, "flagged": False,
                       "detail": f"pass/fail verdicts equal to the standard grading ({variant})"})
    # 2. The model under test answers.
    training = training_run_for(catalog, job.answerer.model)
    mix = job.mix or (training[1] if training else None)
    answers = {}
    for lang in LANGUAGES:
        subset = [it for it in items if it.language == lang]
        if not subset:
            continue
        results = run_calls(catalog, answerer, run_id, "open_answer", rubric.template("answer", lang), job.sampling,
                            [rubric.answer_messages(it.question, lang) for it in subset], progress,
                            label=f"open_answer {lang}")
        for it, key in zip(subset, results.keys):
            answers[it.item_id] = (key, results.answers.get(key), results.errors.get(key))
    versions = {lang: set_version([it for it in items if it.language == lang]) for lang in LANGUAGES}
    answer_rows, signal_rows = [], []
    for it in items:
        key, answer, error = answers[it.item_id]
        answer_rows.append({"run_id": run_id, "model": job.answerer.model, "backend": job.answerer.name,
                            "training_run_id": training[0] if training else None, "mix": mix,
                            "eval_set": f"{job.name}-{it.language}", "eval_set_version": versions[it.language],
                            "item_id": it.item_id, "pair": it.pair, "language": it.language, "specialty": it.specialty,
                            "question": it.question, "reference": it.reference,
                            "answer": answer["output"] if answer else None,
                            "finish_reason": answer["finish_reason"] if answer else "error", "call_key": key,
                            "error": error})
        if answer:
            signal_rows += [{"run_id": run_id, "item_id": it.item_id, "name": name, "value": value, "text": text}
                            for name, (value, text) in answer_signals(it, answer["output"] or "").items()]
    # 3. The judge grades every answer, with the prompt in the question's language.
    graded = [it for it in items if answers[it.item_id][1]]
    cases = [{"prompt_language": it.language, "has_reference": bool(it.reference),
              "messages": rubric.judge_messages(it.question, it.reference, answers[it.item_id][1]["output"] or "",
                                                it.language)} for it in graded]
    judged = _judge(catalog, judge, run_id, job, rubric, cases, progress, "open_judge")
    for it, j in zip(graded, judged):
        scores += _score_rows(run_id, "answer", "standard", it.item_id, judge_model, rubric, it.language, j)
    # 4. Does the judge's language verdict agree with language ID?
    lid = {r["item_id"]: bool(r["value"]) for r in signal_rows if r["name"] == "language_match"}
    judged_language = {r["item_id"]: r["passed"] for r in scores if r["target"] == "answer"
                       and r["criterion"] == "language_register" and r["passed"] is not None}
    agree, n = _agreement(lid, judged_language)
    checks.append({"run_id": run_id, "judge_model": judge_model, "check": "judge_vs_lid_language", "value":
                   agree / n if n else None, "n": n, "threshold": None, "flagged": False,
                   "detail": "judge's language_register pass == answer language matches the question's (fastText)"})
    # 5. Does the judge's faithfulness follow chrF against the reference?
    chrf = {r["item_id"]: r["value"] for r in signal_rows if r["name"] == "chrf"}
    faithful = {r["item_id"]: r["score"] for r in scores if r["target"] == "answer"
                and r["criterion"] == "faithfulness" and r["score"] is not None and r["item_id"] in chrf}
    checks.append({"run_id": run_id, "judge_model": judge_model, "check": "judge_vs_chrf_faithfulness",
                   "value": rank_correlation(list(faithful.values()), [chrf[i] for i in faithful]),
                   "n": len(faithful), "threshold": None, "flagged": False,
                   "detail": "Spearman rank correlation of the judge's faithfulness score with chrF against the "
                             "reference (null below 3 answers or when either is constant)"})
    malformed = sum(1 for r in scores if r["target"] == "answer" and r["status"] == "malformed_judge_score") \
        // len(rubric.criteria)
    summary = {"questions_read": questions.read, "questions_quarantined": len(questions.problems),
               "answers": len(answer_rows), "answer_errors": sum(r["error"] is not None for r in answer_rows),
               "scored": len(graded) - malformed, "malformed_judge_score": malformed,
               "calibration_accuracy": accuracy, "judge_flagged": checks[0]["flagged"]}
    with run.landing():
        for lang, version in versions.items():
            subset = [it for it in items if it.language == lang]
            if subset:
                record_eval_set(catalog, run_id, name=f"{job.name}-{lang}", version=version, benchmark=job.name,
                                language=lang, source=questions.source, items=len(subset))
        for set_name in dict.fromkeys(set_name for set_name, _ in questions.problems):
            record_eval_problems(catalog, run_id, set_name,
                                 [asdict(problem) for name, problem in questions.problems if name == set_name])
        record_open_results(catalog, answer_rows, scores, signal_rows, checks)
        run.summary.update(summary)
    return OpenResult(run_id, len(answer_rows), summary["scored"], malformed, summary["answer_errors"], checks,
                      questions.read, len(questions.problems))
