"""`jisr synth`: the paper's synthetic open-ended medical QA, every call cached, every drop recorded.

Seed questions (HealthSearchQA-, ExpertQA-, MedicationQA-style; a file or catalog records) ->
rounds of few-shot question generation, each prompt showing a sample of the seeds and of the
questions generated so far -> an answer to each new question -> the same kind of model rates each
pair 1-5 and only pairs rated 5 are kept (the paper's rule; `min_judge_score`).

Why each rule:
- Seeds are examples, never results: a generated question whose normalised key (Arabic-aware,
  case and punctuation folded) equals a seed's or an earlier question's is discarded, and so is a
  near duplicate (character MinHash, seeds first so a seed always wins its cluster). Lines that are
  refusals or too short to be a question, and the last line of a cut generation, are discarded too.
  These are counted in the run's summary; they never became records.
- Every few-shot prompt is built from a deterministic sample (seeded by round and prompt) of what
  earlier rounds produced, and earlier rounds' answers come from the cache on a rerun, so a killed
  job rebuilds exactly the same prompts and asks only for what is missing.
- Answers that are empty, cut, refused or not English are asked again (up to `retries` times, at
  `retry_temperature`, retries.py); those still bad are not judged (their drop is recorded).
- A judge reply that is not exactly a 1-5 rating is malformed: it is asked again up to
  `judge_retries` times at `retry_temperature` (a different sampling, so a different cached call;
  asking the same call again would only return the same cached answer), then the pair is dropped
  as `malformed_judge_score`. A rating is never guessed from free text.
Pairs become records of source `synth:<name>` (English, kind `qa`), gated by step `synth_judge`.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from jisr.catalog import Catalog, lifecycle
from jisr.corpus.generation.backends import Backend, BackendSpec, Sampling, make_backend, require_backend_model
from jisr.corpus.generation.gate import SignalGate
from jisr.corpus.generation.jobs import (Landed, catalog_tokenizers, land_gated, output_failures,
                                         output_signals)
from jisr.corpus.generation.quality import Signal, refusal_phrase
from jisr.corpus.generation.retries import RetryRule, retries_signal, run_retried
from jisr.corpus.generation.runner import run_calls
from jisr.corpus.generation.templates import PromptTemplate, load_template
from jisr.corpus.sources.records import Record, record_id
from jisr.corpus.sources.ingest import Quarantined, batch_for
from jisr.curation.minhash import NearDedup
from jisr.curation.normalize import normalize_key
from jisr.errors import InputError
from jisr.progress import Progress

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)]|Q\d*[:.)]|Question\s*\d*[:.)])\s*", re.IGNORECASE)
_RATING = re.compile(r"^\**(?:rating|score)?\**\s*[:=]?\s*\**\s*([1-5])\s*\**(?:\s*/\s*5)?\.?$", re.IGNORECASE)
MIN_WORDS, MAX_WORDS = 3, 60


@dataclass(frozen=True)
class SynthGateConfig:
    """Thresholds of the synth gate; `null` in the YAML turns a rule off (bad outputs are always dropped)."""

    min_language_score: float | None = 0.5
    min_judge_score: int | None = 5

    def failures(self, signals: dict[str, Signal]) -> list[tuple[str, str]]:
        out = output_failures(signals, "en", self.min_language_score)
        if "judge_malformed" in signals:
            out.append(("malformed_judge_score", f"no 1-5 rating in {signals['judge_attempts'].value:.0f} "
                                                 f"judge replies (last: {signals['judge_malformed'].text!r})"))
        score = signals.get("judge_score")
        if score is not None and self.min_judge_score is not None and score.value < self.min_judge_score:
            out.append(("low_judge_score", f"judge_score {score.value:.0f} < {self.min_judge_score}"))
        return out


@dataclass(frozen=True)
class SynthJob:
    backend: BackendSpec
    seeds: tuple[str, ...]
    name: str = "synth"
    rounds: int = 2
    prompts_per_round: int = 4
    shots: int = 4
    sampling: Sampling = Sampling()
    judge_retries: int = 2
    retry_temperature: float = 0.7  # of every retry: malformed judge replies, and bad answers
    gate: SynthGateConfig = SynthGateConfig()
    license: str | None = None
    templates: tuple[str, str, str] = ("synth-question", "synth-answer", "synth-judge")
    tokenizers: tuple[str, ...] | None = None
    retries: int = 2  # times an empty, cut, refused or non-English answer is asked again


@dataclass(frozen=True)
class Question:
    text: str
    call: str  # the key of the generation call that wrote it
    examples: tuple[str, ...]


@dataclass
class SynthResult:
    landed: Landed | None  # None when no new question survived
    questions: Counter  # new, and why the other generated lines were discarded
    record_ids: list[str] = field(default_factory=list)


def load_seeds(path: Path) -> list[str]:
    """Seed questions: one per line of a text file, or the `question` (else `prompt`) of each JSONL row."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the seed questions ({exc})") from exc
    if path.suffix != ".jsonl":
        return [line.strip() for line in lines if line.strip()]
    seeds = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            seeds.append(str(row.get("question") or row["prompt"]).strip())
        except (ValueError, KeyError, AttributeError) as exc:
            raise InputError(f"{path}:{number}: a seed row is a JSON object with `question` or `prompt`") from exc
    return seeds


def parse_questions(output: str, finish_reason: str) -> tuple[list[str], Counter]:
    """The questions in a generation reply, and a count of the lines rejected by reason."""
    lines = output.splitlines()
    rejected: Counter = Counter()
    if finish_reason != "stop" and lines:
        lines.pop()
        rejected["cut_line"] += 1
    questions = []
    for line in lines:
        text = _BULLET.sub("", line).strip()
        if not text:
            continue
        if refusal_phrase(text):
            rejected["refusal"] += 1
        elif not MIN_WORDS <= len(text.split()) <= MAX_WORDS:
            rejected["not_a_question"] += 1
        else:
            questions.append(text)
    return questions, rejected


def judge_score(output: str, finish_reason: str) -> int | None:
    """The rating in a judge reply that is exactly "Rating: N" (N in 1-5, light formatting allowed), else None."""
    match = _RATING.match(output.strip()) if finish_reason == "stop" else None
    return int(match.group(1)) if match else None


def synth(catalog_path: Path, job: SynthJob, progress: Progress | None = None) -> SynthResult:
    """Generate, answer and judge; calls land as they finish, records at the end, together."""
    require_backend_model(job.backend)
    seeds = list(dict.fromkeys(s for s in job.seeds if s.strip()))
    if not seeds:
        raise InputError("no seed questions")
    question_t, answer_t, judge_t = (load_template(t) for t in job.templates)
    with Catalog.open(catalog_path) as catalog:
        tokenizers = catalog_tokenizers(catalog, job.tokenizers)
        backend = make_backend(job.backend)
        params = {"backend": backend.name, "device": backend.device, "model": job.backend.model,
                  "sampling": asdict(job.sampling),
                  "seeds": len(seeds), **{k: v for k, v in asdict(job).items() if k in (
                      "name", "rounds", "prompts_per_round", "shots", "judge_retries", "retry_temperature", "retries",
                      "gate")},
                  "templates": {t.ref: t.sha256 for t in (question_t, answer_t, judge_t)}, "tokenizers": list(tokenizers)}
        try:
            with lifecycle.run(catalog, "synth", params) as run:
                run_id = run.run_id
                calls: dict[str, Counter] = {}
                questions, stats = _generate(catalog, backend, run_id, job, question_t, seeds, calls, progress)
                if not questions:
                    run.summary.update({"questions": stats, "calls": calls})
                    return SynthResult(None, stats)
                return _answer_and_judge(catalog, backend, run, job, (answer_t, judge_t), questions, stats,
                                         calls, tokenizers, progress)
        finally:
            backend.close()


def _add_counts(calls: dict[str, Counter], task: str, counts: dict[str, int]) -> None:
    calls.setdefault(task, Counter()).update(counts)


def _generate(catalog: Catalog, backend: Backend, run_id: str, job: SynthJob, template: PromptTemplate,
              seeds: list[str], calls: dict[str, Counter], progress: Progress | None) -> tuple[list[Question], Counter]:
    """Rounds of few-shot generation; new questions only (not seeds, not exact or near duplicates)."""
    seen = {normalize_key(s): "duplicate_of_seed" for s in seeds}
    pool: list[Question] = []
    stats: Counter = Counter()
    for round_no in range(job.rounds):
        shown = seeds + [q.text for q in pool]
        prompts = []
        for index in range(job.prompts_per_round):
            rng = random.Random(f"{job.sampling.seed}:{round_no}:{index}")
            prompts.append(tuple(rng.sample(shown, min(job.shots, len(shown)))))
        results = run_calls(catalog, backend, run_id, "synth_question", template, job.sampling,
                            [template.render("\n".join(examples)) for examples in prompts], progress)
        _add_counts(calls, "synth_question", results.counts())
        for examples, key in zip(prompts, results.keys):
            if key not in results.answers:
                stats["generation_error"] += 1
                continue
            found, rejected = parse_questions(results.answers[key]["output"], results.answers[key]["finish_reason"])
            stats.update(rejected)
            for text in found:
                norm = normalize_key(text)
                if norm in seen:
                    stats[seen[norm]] += 1
                    continue
                seen[norm] = "duplicate_in_pool"
                pool.append(Question(text, key, examples))
    frame = pl.DataFrame({"record_id": [str(i) for i in range(len(seeds) + len(pool))],
                          "prompt": seeds + [q.text for q in pool], "language": "en"})
    near = NearDedup(key="prompt").decide(frame)["kept"].to_list()[len(seeds):]
    stats["near_duplicate"] += near.count(False)
    kept = [q for q, keep in zip(pool, near) if keep]
    stats["new"] = len(kept)
    return kept, stats


def _answer_and_judge(catalog: Catalog, backend: Backend, run: lifecycle.Run, job: SynthJob,
                      templates: tuple[PromptTemplate, PromptTemplate], questions: list[Question], stats: Counter,
                      calls: dict[str, Counter], tokenizers: tuple[str, ...], progress: Progress | None) -> SynthResult:
    answer_t, judge_t = templates
    run_id = run.run_id

    def check(i: int, answer: dict) -> str | None:  # the rule an answer is asked again by
        named = {s.name: s for s in output_signals(questions[i].text, answer["output"], answer["finish_reason"])}
        failed = output_failures(named, "en", job.gate.min_language_score)
        return failed[0][0] if failed else None

    answers = run_retried(catalog, backend, run_id, "synth_answer", answer_t, job.sampling,
                          [answer_t.render(q.text) for q in questions], check,
                          RetryRule(job.retries, job.retry_temperature), progress)
    _add_counts(calls, "synth_answer", answers.counts())
    signals: dict[int, dict[str, Signal]] = {}
    for i, (q, key) in enumerate(zip(questions, answers.keys)):
        if key in answers.answers:
            signals[i] = {s.name: s for s in output_signals(q.text, answers.answers[key]["output"],
                                                            answers.answers[key]["finish_reason"])}
            signals[i]["retries"] = retries_signal([("response", answers.tries[i])])
    to_judge = [i for i, named in signals.items() if not output_failures(named, "en", job.gate.min_language_score)]
    verdicts = _judge(catalog, backend, run_id, job, judge_t,
                      {i: f"Question: {questions[i].text}\n\nAnswer: {answers.answers[answers.keys[i]]['output']}"
                       for i in to_judge}, calls, progress)

    batches: dict = {}
    by_record: dict[str, dict[str, Signal]] = {}
    name = f"synth:{job.name}"
    for i, (q, key) in enumerate(zip(questions, answers.keys)):
        batch = batch_for(batches, name, job.license, f"{answer_t.ref} {job.backend.model}")
        batch.read += 1
        origin = f"synth_question:{q.call}"
        verdict = verdicts.get(i)
        if i not in signals:  # the answer call failed for good
            error, failed_field = answers.errors.get(key, "no answer"), "response"
        else:  # the judge's last call failed for good (None: judged, or not asked)
            error, failed_field = (verdict or {}).get("error"), "judge"
        if error:
            batch.quarantined.append(Quarantined(name, origin, None, failed_field, f"generation_error: {error}"[:500],
                                                 q.text))
            continue
        named = signals[i]
        if verdict:
            named["judge_attempts"] = Signal("judge_attempts", float(len(verdict["calls"])))
            if verdict.get("score") is not None:
                named["judge_score"] = Signal("judge_score", float(verdict["score"]))
            else:
                named["judge_malformed"] = Signal("judge_malformed", 1.0, verdict["last"][:200])
        record = Record(source=name, language="en", kind="qa", prompt=q.text,
                        response=answers.answers[key]["output"],
                        metadata={"synth": {"model": job.backend.model, "backend": backend.name,
                                            "templates": [t.ref for t in templates], "examples": list(q.examples),
                                            "calls": {"question": q.call, "answer": key,
                                                      "judge": verdict["calls"] if verdict else []},
                                            "judge_score": verdict.get("score") if verdict else None}})
        rid = record_id(record.content_key())
        by_record[rid] = named
        batch.ids.append(rid)
        batch.records.append(record)
        batch.origins.append((origin, None))
    gate = SignalGate("synth_judge", job.gate, by_record)
    landed = land_gated(run, list(batches.values()), by_record, gate, tokenizers,
                        {"questions": stats, "calls": calls}, progress)
    return SynthResult(landed, stats, list(by_record))


def _judge(catalog: Catalog, backend: Backend, run_id: str, job: SynthJob, template: PromptTemplate,
           texts: dict[int, str], calls: dict[str, Counter], progress: Progress | None) -> dict[int, dict]:
    """Per pair: its `score` (1-5), or the `last` malformed reply or the `error` of its last attempt; and
    the keys of every judge call it took. Malformed replies are asked again with a different sampling."""
    order = list(texts)
    results = run_retried(
        catalog, backend, run_id, "synth_judge", template, job.sampling, [template.render(texts[i]) for i in order],
        lambda j, answer: None if judge_score(answer["output"], answer["finish_reason"]) else "malformed_judge_score",
        RetryRule(job.judge_retries, job.retry_temperature), progress)
    _add_counts(calls, "synth_judge", results.counts())
    verdicts: dict[int, dict] = {}
    for i, key, tries in zip(order, results.keys, results.tries):
        answer = results.answers.get(key)
        score = judge_score(answer["output"], answer["finish_reason"]) if answer else None
        verdicts[i] = {"calls": [k for k, _ in tries], "error": None if answer else results.errors.get(key, "no answer"),
                       "last": answer["output"] if answer else "", **({"score": score} if score else {})}
    return verdicts
