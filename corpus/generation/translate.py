"""`jisr translate`: kept English records -> Arabic records, each call cached, each output gated.

Each text of a record (prompt and response, or each chat turn) is one call, so structure and roles
survive and a long chat never has to fit one answer. Outputs become new records of source
`translated:<input source>`, language `ar`, `parent_id` = the input. Records are immutable, so the
input is not touched: the output's `pair_id` is the input's own `pair_id`, or else the input's
record id, which is the group a record without a `pair_id` already forms (mixes hold out
`coalesce(pair_id, record_id)`), so a translation and its source always share a validation group.

The job has two phases. Generation writes every finished call to the catalog at once (a killed job
resumes from there). Then one transaction writes the run's records, provenance, signals, gate
decisions, accounting and token counts, as `jisr build` does, or nothing. A call that failed for
good makes its input a quarantined row (`generation_error`), so read = kept + dropped + quarantined.

Bad outputs that sampling again can fix (empty, cut, refused, another language) are asked again by
rule (retries.py), translations and back-translations alike. A back-translation still bad after its
retries is not scored (a refusal would score as a bad translation): the record's `roundtrip_failed`
signal says why, and a gate on round-trip chrF drops it with that reason.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from jisr.catalog import Catalog, lifecycle
from jisr.catalog.shapes import SIGNAL_SCHEMA
from jisr.corpus.generation.backends import Backend, BackendSpec, Sampling, make_backend, require_backend_model
from jisr.corpus.generation.gate import GateConfig, TranslationGate
from jisr.corpus.generation.jobs import Selection, output_failures, output_signals, select_records
from jisr.corpus.generation.quality import Signal, Translated, translation_signals
from jisr.corpus.generation.retries import RetryRule, retries_signal, run_retried
from jisr.corpus.generation.runner import CallResults
from jisr.corpus.generation.templates import Glossary, PromptTemplate, load_template
from jisr.corpus.sources.records import Record, record_id
from jisr.corpus.sources.ingest import Quarantined, SourceBatch, batch_for
from jisr.curation.landing import land, records_frame
from jisr.curation.steps import run_steps
from jisr.errors import InputError
from jisr.progress import Progress

KINDS = ("qa", "instruction", "chat")  # multiple choice needs its answer key kept aligned: not here yet


@dataclass(frozen=True)
class TranslateJob:
    backend: BackendSpec
    sampling: Sampling = Sampling()
    selection: Selection = Selection()
    template: str = "translate-en-ar"
    back_template: str = "translate-ar-en"
    back_translate: bool = False
    glossary: Glossary | None = None
    gate: GateConfig = GateConfig()
    tokenizers: tuple[str, ...] | None = None  # None: every tokenizer the catalog already counts
    retry: RetryRule = RetryRule()  # empty, cut, refused or wrong-language parts are asked again


@dataclass
class TranslateResult:
    run_id: str
    accounting: list[dict[str, Any]]
    calls: dict[str, dict[str, int]]  # per task (translate, back_translate): asked, from_catalog, generated, failed
    reasons: Counter = field(default_factory=Counter)


def select_inputs(catalog: Catalog, selection: Selection) -> list[dict[str, Any]]:
    return select_records(catalog, selection, KINDS, "en")


def parts(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The texts of a record to translate one by one, each with its role (chat) or field name."""
    if record["messages"]:
        return [(m["role"], m["content"]) for m in json.loads(record["messages"])]
    return [("prompt", record["prompt"]), ("response", record["response"])]


def translated_record(record: dict[str, Any], texts: list[str], metadata: dict[str, Any]) -> Record:
    """The Arabic record for `record` from the translations of its parts (in `parts` order)."""
    roles = [role for role, _ in parts(record)]
    messages = None
    if record["messages"]:
        messages = [{"role": role, "content": text} for role, text in zip(roles, texts)]
        prompt = "\n\n".join(m["content"] for m in messages if m["role"] != "assistant")
        response = "\n\n".join(m["content"] for m in messages if m["role"] == "assistant")
    else:
        prompt, response = texts
    return Record(source=f"translated:{record['source']}", language="ar", kind=record["kind"], prompt=prompt,
                  response=response, messages=messages, category=record["category"],
                  upstream_id=record["upstream_id"], metadata=metadata, parent_id=record["record_id"],
                  pair_id=record["pair_id"] or record["record_id"])


def translate(catalog_path: Path, job: TranslateJob, progress: Progress | None = None) -> TranslateResult:
    """Translate the selected records; calls land as they finish, everything else at the end, together."""
    require_backend_model(job.backend)
    template = load_template(job.template)
    back_template = load_template(job.back_template) if job.back_translate else None
    with Catalog.open(catalog_path) as catalog:
        inputs = select_inputs(catalog, job.selection)
        if not inputs:
            raise InputError("no kept English qa/instruction/chat records match the selection")
        tokenizers = job.tokenizers or tuple(r[0] for r in catalog.con.execute(
            "SELECT DISTINCT tokenizer FROM store.token_counts ORDER BY 1").fetchall())
        backend = make_backend(job.backend)
        params = _params(job, template, back_template, backend, tokenizers)
        try:
            with lifecycle.run(catalog, "translate", params) as run:  # failed: the finished calls stay cached
                run_id = run.run_id
                texts = [text for record in inputs for _, text in parts(record)]
                forward = run_retried(catalog, backend, run_id, "translate", template, job.sampling,
                                      [template.render(t, job.glossary) for t in texts],
                                      _check(texts, job.gate.language, job.gate.min_language_score), job.retry, progress)
                calls, back = {"translate": forward.counts()}, None
                if back_template:  # the translations the records keep (their last tries), each asked once
                    outputs = sorted({forward.answers[k]["output"] for k in forward.keys
                                      if k in forward.answers and forward.answers[k]["output"].strip()})
                    backward = run_retried(catalog, backend, run_id, "back_translate", back_template, job.sampling,
                                           [back_template.render(o) for o in outputs],
                                           _check(outputs, "en", job.gate.min_language_score), job.retry, progress)
                    calls["back_translate"] = backward.counts()
                    back = dict(zip(outputs, _back_translations(backward)))
                result = _land(run, job, backend, template, inputs, forward, back, tokenizers, calls, progress)
        finally:
            backend.close()
    return result


def _check(texts: list[str], language: str, min_language_score: float | None):
    """The retry rule for text i: why its translation is a bad output (empty, cut, refused, another
    language than `language`), or None. A blank source text has nothing to translate."""
    def check(i: int, answer: dict[str, Any]) -> str | None:
        if not texts[i].strip():
            return None
        signals = {s.name: s for s in output_signals(texts[i], answer["output"], answer["finish_reason"])}
        failed = output_failures(signals, language, min_language_score)
        return failed[0][0] if failed else None
    return check


def _back_translations(results: CallResults) -> list[tuple[str | None, str | None]]:
    """Per text asked: (its back-translation, None), or (None, why not: the rule's reason after the last
    try, or generation_error)."""
    out = []
    for key, tries in zip(results.keys, results.tries):
        found = tries[-1][1]
        if found is None:
            out.append((results.answers[key]["output"], None))
        else:
            out.append((None, "generation_error" if found == "error" else found))
    return out


def _params(job: TranslateJob, template: PromptTemplate, back: PromptTemplate | None, backend: Backend,
            tokenizers: tuple[str, ...]) -> dict[str, Any]:
    return {"backend": backend.name, "device": backend.device, "model": job.backend.model,
            "sampling": asdict(job.sampling),
            "selection": asdict(job.selection), "template": {"id": template.ref, "sha256": template.sha256},
            "back_template": {"id": back.ref, "sha256": back.sha256} if back else None,
            "glossary_sha256": job.glossary.sha256 if job.glossary else None, "gate": asdict(job.gate),
            "retry": asdict(job.retry), "tokenizers": list(tokenizers)}


def _assemble(job: TranslateJob, backend: Backend, template: PromptTemplate, inputs: list[dict[str, Any]],
              forward: CallResults, back: dict[str, tuple[str | None, str | None]] | None
              ) -> tuple[list[SourceBatch], dict[str, Translated], dict[str, list[Signal]]]:
    """Per output source, the new records (or a quarantined row per input whose call failed), as ingest
    makes them for `jisr build`; per new record, what its quality signals are computed from, and the
    signals of its calls: how many of its parts' translations were asked again by rule (and why), and
    with back-translation, whether one stayed bad (and why)."""
    batches: dict[str, SourceBatch] = {}
    translated: dict[str, Translated] = {}
    calls: dict[str, list[Signal]] = {}
    numbered = iter(enumerate(forward.keys))
    for record in inputs:
        name = f"translated:{record['source']}"
        batch = batch_for(batches, name, record["license"], f"{template.ref} {job.backend.model}")
        batch.read += 1
        record_parts = parts(record)
        record_calls = [next(numbered) for _ in record_parts]
        record_keys = [key for _, key in record_calls]
        failed = [(role, forward.errors.get(k, "no answer")) for (role, _), k in zip(record_parts, record_keys)
                  if k not in forward.answers]
        if failed:
            batch.quarantined.append(Quarantined(name, f"record:{record['record_id']}", None, failed[0][0],
                                                 f"generation_error: {failed[0][1]}"[:500],
                                                 "\n\n".join(t for _, t in record_parts)[:2000]))
            continue
        answers = [forward.answers[k] for k in record_keys]
        texts = [a["output"] for a in answers]
        tries = [(role, forward.tries[i]) for (role, _), (i, _) in zip(record_parts, record_calls)]
        output = translated_record(record, texts, {"translation": {
            "model": job.backend.model, "backend": backend.name, "template": template.ref, "calls": record_keys,
            "retried_calls": [key for _, part in tries for key, _ in part[:-1]]}})
        rid = record_id(output.content_key())
        calls[rid] = [retries_signal(tries)]
        # Round-trip scores only where every part has a good back-translation (an empty output was not asked).
        back_texts = None
        if back is not None:
            asked = [back.get(t, (None, None)) for t in texts]
            bad = [f"{role}: {why}" for (role, _), (_, why) in zip(record_parts, asked) if why]
            calls[rid].append(Signal("roundtrip_failed", float(bool(bad)), "; ".join(bad) or None))
            back_texts = [text for text, _ in asked]
        translated[rid] = Translated([t for _, t in record_parts], texts, [a["finish_reason"] for a in answers],
                                     back_texts if back_texts is not None and None not in back_texts else None)
        batch.ids.append(rid)
        batch.records.append(output)
        batch.origins.append((f"record:{record['record_id']}", None))
    return list(batches.values()), translated, calls


def _land(run: lifecycle.Run, job: TranslateJob, backend: Backend, template: PromptTemplate,
          inputs: list[dict[str, Any]], forward: CallResults, back: dict[str, tuple[str | None, str | None]] | None,
          tokenizers: tuple[str, ...], calls: dict[str, dict[str, int]], progress: Progress | None) -> TranslateResult:
    """Turn the answers into records, signals and decisions, and write them all in one transaction."""
    batches, translated, call_signals = _assemble(job, backend, template, inputs, forward, back)
    signals = {rid: {s.name: s for s in named} | {s.name: s for s in call_signals[rid]}
               for rid, named in zip(translated, translation_signals(list(translated.values()), job.glossary))}
    records = records_frame(batches)
    gate = TranslationGate(job.gate, signals)
    work = run.path.parent / "work" / "translate"
    decisions, _ = run_steps(records, [], [gate], work)
    signal_rows = pl.DataFrame(
        [{"record_id": rid, "step": gate.step, "name": s.name, "value": s.value, "text": s.text}
         for rid, named in signals.items() for s in named.values()], schema=SIGNAL_SCHEMA)
    with run.landing() as catalog:
        accounting, _ = land(catalog, run.run_id, batches, records, decisions, signal_rows, tokenizers, progress)
        run.summary.update({"sources": accounting, "calls": calls})
    quarantined = [q for b in batches for q in b.quarantined]
    reasons = Counter(decisions.filter(~pl.col("kept"))["reason"].to_list())
    reasons.update(q.reason.split(":")[0] for q in quarantined)
    return TranslateResult(run.run_id, accounting, calls, reasons)
