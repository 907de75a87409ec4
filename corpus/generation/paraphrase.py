"""`jisr paraphrase`: AHQAD-style rewrites of answers (same meaning, typos fixed, abbreviations
expanded, nothing added) into new records, each call cached and each output gated.

The paper paraphrased AHQAD's answers to clean them, under the rule that a rewrite adds nothing. A
model that "improves" an answer tends to add a dose, a drug or a warning, which would be new medical
content nobody checked, so besides the checks every output gets (empty, truncated, refused, wrong
language) the gate looks for exactly that: numbers and drug-like or proper-name terms that the
output has and the source does not, numbers the source had and the output lost, and a length far
from the source's. Outputs are records of source `paraphrased:<input source>`, the input's language,
`parent_id` = the input and `pair_id` = the input's group (a rewrite and its source must never
straddle train and validation).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from jisr.catalog import Catalog, lifecycle
from jisr.corpus.generation.backends import BackendSpec, Sampling, make_backend, require_backend_model
from jisr.corpus.generation.gate import SignalGate
from jisr.corpus.generation.jobs import (Landed, Selection, catalog_tokenizers, land_gated,
                                         output_failures, output_signals, select_records)
from jisr.corpus.generation.quality import Signal, numbers
from jisr.corpus.generation.retries import RetryRule, retries_signal, run_retried
from jisr.corpus.generation.templates import load_template
from jisr.corpus.sources.records import Record, record_id
from jisr.corpus.sources.ingest import Quarantined, batch_for
from jisr.errors import InputError
from jisr.progress import Progress

KINDS = ("qa", "instruction")
_WORD = re.compile(r"[^\W\d_][\w\-]*")
_LATIN = re.compile("[A-Za-z]")
# Suffixes of generic drug names (INN stems): a rewrite that names a drug the source did not adds content.
_DRUG = re.compile(r"(?:mab|nib|pril|sartan|olol|statin|cillin|mycin|cycline|azole|oxacin|dipine|tidine|prazole|"
                   r"formin|gliptin|gliflozin|parin|vir|afil|dronate|semide|thiazide|profen|codone|azepam|triptan|"
                   r"setron|lukast|caine|asone|olone|amol|oxetine|iramine)$", re.IGNORECASE)


@dataclass(frozen=True)
class ParaphraseGateConfig:
    """Thresholds of the paraphrase gate; `null` in the YAML turns a rule off."""

    min_language_score: float | None = 0.5
    min_length_ratio: float | None = 0.5
    max_length_ratio: float | None = 2.0
    min_numbers_preserved: float | None = 1.0
    max_new_numbers: int | None = 0
    max_new_terms: int | None = 0

    def failures(self, signals: dict[str, Signal]) -> list[tuple[str, str]]:
        """(reason, what failed) per failed rule; the first is the record's reason (added content outranks
        a length change, which it usually causes)."""
        out = output_failures(signals, signals["expected_language"].text, self.min_language_score)

        def value(name: str) -> float | None:
            return signals[name].value if name in signals else None

        kept = value("numbers_preserved")
        if self.min_numbers_preserved is not None and kept is not None and kept < self.min_numbers_preserved:
            out.append(("numbers_changed", f"numbers_preserved {kept:.2f} (missing {signals['numbers_preserved'].text})"))
        for name, limit in (("new_numbers", self.max_new_numbers), ("new_terms", self.max_new_terms)):
            if limit is not None and (value(name) or 0) > limit:
                out.append(("new_content", f"{name} {value(name):.0f} > {limit} ({signals[name].text})"))
        ratio = value("length_ratio")
        if ratio is not None and ((self.min_length_ratio is not None and ratio < self.min_length_ratio)
                                  or (self.max_length_ratio is not None and ratio > self.max_length_ratio)):
            out.append(("length_ratio", f"length_ratio {ratio:.2f} outside [{self.min_length_ratio}, "
                                        f"{self.max_length_ratio}]"))
        return out


@dataclass(frozen=True)
class ParaphraseJob:
    backend: BackendSpec
    sampling: Sampling = Sampling()
    selection: Selection = Selection()
    language: str | None = None  # only inputs of this language; None: every language
    template: str = "paraphrase-answer"
    gate: ParaphraseGateConfig = ParaphraseGateConfig()
    tokenizers: tuple[str, ...] | None = None
    retry: RetryRule = RetryRule()  # empty, cut, refused or wrong-language rewrites are asked again


def new_terms(source: str, output: str) -> list[str]:
    """Terms in `output` that name something and are absent from `source`: drug-like words, words in
    capitals or capitalised mid-sentence, and any Latin-script word in a non-Latin output."""
    known = {w.lower() for w in _WORD.findall(source)}
    latin_output = len(_LATIN.findall(output)) * 2 > sum(ch.isalpha() for ch in output)
    found = []
    for sentence in re.split(r"(?<=[.!?؟])\s+|\n+", output):
        for position, match in enumerate(_WORD.finditer(sentence)):
            word = match.group(0)
            if word.lower() in known or word in found:
                continue
            latin = bool(_LATIN.match(word))
            naming = (_DRUG.search(word) and len(word) >= 6) or (latin and word.isupper() and len(word) >= 2) \
                or (latin and word[0].isupper() and position > 0) or (latin and not latin_output)
            if naming:
                found.append(word)
    return found


def paraphrase_signals(source: str, output: str, finish_reason: str, language: str) -> dict[str, Signal]:
    """The checks of one rewrite against its source answer (see the module docstring)."""
    signals = {s.name: s for s in output_signals(source, output, finish_reason)}
    signals["expected_language"] = Signal("expected_language", 1.0, language)
    source_chars, output_chars = len("".join(source.split())), len("".join(output.split()))
    signals["length_ratio"] = Signal("length_ratio", round(output_chars / source_chars, 4) if source_chars else None)
    wanted, got = numbers(source), numbers(output)
    missing, added = wanted - got, got - wanted
    if wanted:
        signals["numbers_preserved"] = Signal("numbers_preserved", 1 - sum(missing.values()) / sum(wanted.values()),
                                              " ".join(sorted(missing)) or None)
    signals["new_numbers"] = Signal("new_numbers", float(sum(added.values())), " ".join(sorted(added)) or None)
    terms = new_terms(source, output)
    signals["new_terms"] = Signal("new_terms", float(len(terms)), " ".join(terms[:12]) or None)
    return signals


def paraphrase(catalog_path: Path, job: ParaphraseJob, progress: Progress | None = None) -> Landed:
    """Rewrite the answers of the selected records; calls land as they finish, records at the end, together."""
    require_backend_model(job.backend)
    template = load_template(job.template)
    with Catalog.open(catalog_path) as catalog:
        inputs = select_records(catalog, job.selection, KINDS, job.language)
        if not inputs:
            raise InputError("no kept qa/instruction records match the selection")
        tokenizers = catalog_tokenizers(catalog, job.tokenizers)
        backend = make_backend(job.backend)
        params = {"backend": backend.name, "device": backend.device, "model": job.backend.model,
                  "sampling": asdict(job.sampling),
                  "selection": asdict(job.selection), "language": job.language,
                  "template": {"id": template.ref, "sha256": template.sha256}, "gate": asdict(job.gate),
                  "retry": asdict(job.retry), "tokenizers": list(tokenizers)}
        try:
            with lifecycle.run(catalog, "paraphrase", params) as run:
                run_id = run.run_id
                def check(i: int, answer: dict) -> str | None:  # the rule a rewrite is asked again by
                    named = {s.name: s for s in output_signals(inputs[i]["response"], answer["output"],
                                                               answer["finish_reason"])}
                    failed = output_failures(named, inputs[i]["language"], job.gate.min_language_score)
                    return failed[0][0] if failed else None

                calls = run_retried(catalog, backend, run_id, "paraphrase", template, job.sampling,
                                    [template.render(r["response"]) for r in inputs], check, job.retry, progress)
                batches: dict = {}
                signals: dict[str, dict[str, Signal]] = {}
                for record, key, tries in zip(inputs, calls.keys, calls.tries):
                    batch = batch_for(batches, f"paraphrased:{record['source']}", record["license"],
                                      f"{template.ref} {job.backend.model}")
                    batch.read += 1
                    origin = f"record:{record['record_id']}"
                    if key not in calls.answers:
                        batch.quarantined.append(Quarantined(batch.spec.name, origin, None, "response",
                                                             f"generation_error: {calls.errors.get(key)}"[:500],
                                                             record["response"][:2000]))
                        continue
                    answer = calls.answers[key]
                    output = Record(source=batch.spec.name, language=record["language"], kind=record["kind"],
                                    prompt=record["prompt"], response=answer["output"], category=record["category"],
                                    upstream_id=record["upstream_id"], parent_id=record["record_id"],
                                    pair_id=record["pair_id"] or record["record_id"],
                                    metadata={"paraphrase": {"model": job.backend.model, "backend": backend.name,
                                                             "template": template.ref, "call": key,
                                                             "retried_calls": [k for k, _ in tries[:-1]]}})
                    rid = record_id(output.content_key())
                    signals[rid] = paraphrase_signals(record["response"], answer["output"], answer["finish_reason"],
                                                      record["language"])
                    signals[rid]["retries"] = retries_signal([("response", tries)])
                    batch.ids.append(rid)
                    batch.records.append(output)
                    batch.origins.append((origin, None))
                gate = SignalGate("paraphrase_qe", job.gate, signals)
                return land_gated(run, list(batches.values()), signals, gate, tokenizers,
                                  {"calls": {"paraphrase": calls.counts()}}, progress)
        finally:
            backend.close()

