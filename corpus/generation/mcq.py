"""Translation of multiple-choice benchmark items with the answer key kept aligned with the options.

Translating an item as one block lets a model reorder, merge or drop options, and then
`answer_index` silently points at the wrong option: the benchmark would score models against a
wrong key. So the question and each option are separate calls (cached like every call), the item is
rebuilt in the original order, and it is checked before use: every part answered in full (not empty,
cut or refused), as many options as the source, no two options translated to the same text (which
would make the key ambiguous), and each option's numbers unchanged (options often differ only by a
dose or a value; a changed number would make the key point at a different answer). Items that fail
are returned with a reason, never silently kept. `translate_items` is what evaluation code calls
(translate-test, or an Arabic version of an English benchmark); `jisr translate-mcq` wraps it for JSONL.

A part that one more sample can fix (empty, cut, refused, in another language, an option whose
numbers changed) is asked again by rule (retries.py), each try a call with its outcome. Two options
translated alike is a fact about two calls, not one: it is checked on the last tries and dropped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from jisr.catalog import Catalog, lifecycle
from jisr.corpus.generation.backends import Backend, BackendSpec, Sampling, make_backend, require_backend_model
from jisr.corpus.generation.jobs import output_failures, output_signals
from jisr.corpus.generation.quality import numbers
from jisr.corpus.generation.retries import RetryRule, run_retried
from jisr.corpus.generation.templates import PromptTemplate, load_template
from jisr.curation.normalize import normalize_key
from jisr.errors import InputError
from jisr.progress import Progress

# The language a bundled template translates into; a template of your own is checked only when told (--language).
TARGET_LANGUAGES = {"translate-en-ar": "ar", "translate-ar-en": "en"}


@dataclass(frozen=True)
class McqItem:
    question: str
    options: tuple[str, ...]
    answer_index: int

    @classmethod
    def from_dict(cls, row: dict) -> "McqItem":
        """From a mapping with `question`, `options` (a list of strings) and `answer_index` (0-based)."""
        try:
            options = tuple(str(o) for o in row["options"])
            item = cls(str(row["question"]), options, int(row["answer_index"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"an item needs question, options (a list) and answer_index (an int): {exc}") from exc
        if not 0 <= item.answer_index < len(options) or len(options) < 2:
            raise InputError(f"answer_index {item.answer_index} does not point at one of {len(options)} options")
        return item


@dataclass(frozen=True)
class McqTranslation:
    source: McqItem
    item: McqItem | None  # None when a check failed
    reason: str | None = None
    detail: str | None = None
    retried_calls: tuple[str, ...] = ()  # calls of its parts asked again by rule (not used)


def part_failure(text: str, answer: dict, language: str | None = None,
                 min_language_score: float | None = 0.5) -> tuple[str, str] | None:
    """(reason, what) of a translated part {output, finish_reason} of source `text` that is a bad output:
    empty, cut, refused, or in another language than `language` (None: not checked). A part kept
    exactly as written (a drug name, a value) is not language-checked: short Latin text is a guess."""
    signals = {s.name: s for s in output_signals(text, answer["output"], answer["finish_reason"])}
    if language is None or answer["output"].strip() == text.strip():
        signals.pop("language")
    failed = output_failures(signals, language or "", min_language_score)
    return failed[0] if failed else None


def check(source: McqItem, parts: list[dict | None], language: str | None = None,
          min_language_score: float | None = 0.5) -> tuple[str, str] | None:
    """(reason, detail) of the first failed check of a translated item's parts (question, then options),
    each an answer {output, finish_reason} or None for a call that failed; None if it passes."""
    names = ["question"] + [f"option {i}" for i in range(len(source.options))]
    texts = [source.question, *source.options]
    for name, text, part in zip(names, texts, parts):
        if part is None:
            return "generation_error", name
        failed = part_failure(text, part, language, min_language_score)
        if failed:
            return failed[0], f"{name}: {failed[1]}"
    options = [p["output"].strip() for p in parts[1:]]
    if len(options) != len(source.options):
        return "option_count", f"{len(options)} options for {len(source.options)}"
    keys = [normalize_key(o) for o in options]
    for i, key in enumerate(keys):
        twin = keys.index(key)
        if twin != i and normalize_key(source.options[i]) != normalize_key(source.options[twin]):
            reason = "answer_key_ambiguous" if source.answer_index in (i, twin) else "options_collapsed"
            return reason, f"options {twin} and {i} both read {options[i]!r}"
    for i, (text, option) in enumerate(zip(source.options, options)):
        if numbers(text) != numbers(option):
            reason = "answer_key_misaligned" if i == source.answer_index else "numbers_changed"
            return reason, f"option {i}: {text!r} -> {option!r}"
    return None


def translate_mcq(catalog: Catalog, backend: Backend, run_id: str, items: list[McqItem], template: PromptTemplate,
                  sampling: Sampling, progress: Progress | None = None, rule: RetryRule = RetryRule(retries=0),
                  language: str | None = None, min_language_score: float | None = 0.5) -> list[McqTranslation]:
    """Translate each item part by part through the call cache, ask bad parts again by `rule`, and check
    each item on its parts' last tries (see the module docstring). `language`: what the parts must be in."""
    texts = [t for item in items for t in (item.question, *item.options)]
    is_option = [n > 0 for item in items for n in range(1 + len(item.options))]

    def bad(i: int, answer: dict) -> str | None:  # the rule a part is asked again by
        failed = part_failure(texts[i], answer, language, min_language_score)
        if failed:
            return failed[0]
        return "numbers_changed" if is_option[i] and numbers(texts[i]) != numbers(answer["output"]) else None

    results = run_retried(catalog, backend, run_id, "translate_mcq", template, sampling,
                          [template.render(t) for t in texts], bad, rule, progress)
    numbered = iter(enumerate(results.keys))
    out = []
    for item in items:
        calls = [next(numbered) for _ in range(1 + len(item.options))]
        parts = [results.answers.get(key) for _, key in calls]
        retried = tuple(key for i, _ in calls for key, _ in results.tries[i][:-1])
        failed = check(item, parts, language, min_language_score)
        if failed:
            out.append(McqTranslation(item, None, *failed, retried_calls=retried))
            continue
        out.append(McqTranslation(item, McqItem(parts[0]["output"].strip(),
                                                tuple(p["output"].strip() for p in parts[1:]), item.answer_index),
                                  retried_calls=retried))
    return out


def translate_items(catalog_path: Path, backend: BackendSpec, items: list[McqItem], sampling: Sampling = Sampling(),
                    template: str = "translate-en-ar", progress: Progress | None = None, rule: RetryRule = RetryRule(),
                    language: str | None = None) -> list[McqTranslation]:
    """`translate_mcq` as a run of its own (command `translate-mcq`) in the catalog at `catalog_path`.
    `language`: what the translations must be in; by default the bundled template's target language."""
    require_backend_model(backend)
    prompt = load_template(template)
    language = language or TARGET_LANGUAGES.get(prompt.id)
    with Catalog.open(catalog_path) as catalog:
        model = make_backend(backend)
        params = {"backend": model.name, "model": backend.model, "sampling": asdict(sampling), "items": len(items),
                  "template": {"id": prompt.ref, "sha256": prompt.sha256}, "retry": asdict(rule),
                  "language": language}
        try:
            with lifecycle.run(catalog, "translate-mcq", params) as run:
                translated = translate_mcq(catalog, model, run.run_id, items, prompt, sampling, progress, rule, language)
                reasons: dict[str, int] = {}
                for t in translated:
                    if t.reason:
                        reasons[t.reason] = reasons.get(t.reason, 0) + 1
                run.summary.update({"items": len(items), "kept": len(items) - sum(reasons.values()),
                                    "dropped": reasons,
                                    "retried_items": sum(bool(t.retried_calls) for t in translated)})
        finally:
            model.close()
    return translated
