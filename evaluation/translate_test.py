"""Translate-test (the paper's Table 2): Arabic eval items translated to English, then scored in English.

Each Arabic set (`medqa-ar`) is translated item by item through the generation layer
(jisr.corpus.generation.mcq: the question and every option are separate cached calls, checked so the
answer key stays aligned; a PubMedQA abstract is one more call, checked for empty, cut or refused
output). Every call is a row of `generations` under this run's id, so a rerun with the same
translator, template and sampling asks nothing again. Items that fail a check are left out of the
derived set and recorded in `eval_problems` (reason `translation: <check>`) and in the run's summary,
never scored.

The kept items form a derived English set, registered like any other: name `<benchmark>-ar2en`,
benchmark the source's, language `ar2en` (English prompt and letters; the distinct label keeps it out of
Table 1's EN and AR columns), version a hash of the translator model, the template's SHA-256 and the
scored content, and a `source` that names the Arabic set version, translator and template. The
derived sets, and by default the Arabic sets themselves, are scored in one lm-eval pass and stored in
`eval_results`; `table2` lays them out as the paper does: per benchmark direct Arabic accuracy beside
translate-test accuracy.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from contextlib import AbstractContextManager as ContextManager, nullcontext
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from jisr.catalog import CATALOG_FILE, Catalog, lifecycle
from jisr.catalog.evaluations import record_results, record_samples, training_run_for
from jisr.corpus.generation.backends import Backend, BackendSpec, Sampling, make_backend
from jisr.corpus.generation.mcq import McqItem, check, translate_mcq
from jisr.corpus.generation.runner import run_calls
from jisr.corpus.generation.templates import PromptTemplate, load_template
from jisr.errors import InputError
from jisr.evaluation.benchmarks import group_of, shortfall_note, table_columns, title
from jisr.evaluation.harness import ModelSpec, Score, lm_eval_version, score
from jisr.evaluation.reference import _key, published_for
from jisr.evaluation.runner import TASKS_FOLDER, _local, _register, load_sets, result_rows, sample_rows
from jisr.evaluation.scores import model_label
from jisr.evaluation.sets import EvalSet, Item, Problem, SetSpec
from jisr.evaluation.tasks import write_task
from jisr.progress import Progress

LANGUAGE = "ar2en"
TEMPLATE = "translate-ar-en"
COMMAND = "eval translate-test"

# Table 2 of arXiv 2501.09825: translate-test accuracy (%) with Llama-3.1-70B-Instruct answering,
# per translation model, as (PubMedQA, MedMCQA, MedQA, MMLU).
TABLE2_COLUMNS = ("pubmedqa", "medmcqa", "medqa", "mmlu")
TABLE2_ANSWERER = "Llama-3.1-70B-Instruct"
TABLE2: dict[str, tuple[float, float, float, float]] = {
    "LlamaX": (74.6, 53.1, 55.8, 59.5),
    "Helsinki-NLP/opus-mt-ar-en": (72.0, 48.9, 40.8, 56.6),
    "seyoungsong/flores101_mm100_175M": (72.0, 36.6, 31.2, 34.0),
    "Llama3.1-70B-Instruct": (75.8, 54.8, 70.5, 70.7),
    "Qwen2.5-72B-Instruct": (75.9, 55.2, 71.3, 71.5),
}
_TABLE2_KEYS = {_key(name): name for name in TABLE2}


def table2_for(translator: str) -> tuple[str, dict[str, float]] | None:
    """The paper's Table 2 row for a translator id or folder (case, punctuation and hub org ignored)."""
    name = _TABLE2_KEYS.get(_key(translator))
    return None if name is None else (name, dict(zip(TABLE2_COLUMNS, TABLE2[name])))


@dataclass
class DerivedSet(EvalSet):
    """An English set translated from an Arabic one; its version also depends on translator and template."""

    translator: str = ""
    template_sha256: str = ""

    @property
    def version(self) -> str:
        digest = hashlib.sha256(json.dumps([self.translator, self.template_sha256]).encode("utf-8"))
        digest.update(EvalSet.version.fget(self).encode("utf-8"))  # the scored content, as for any set
        return digest.hexdigest()[:12]


@dataclass
class TranslateTestRun:
    run_id: str
    sources: list[EvalSet]
    derived: list[DerivedSet]
    translator: BackendSpec
    template: str
    new_versions: list[str] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)
    scores: list[Score] = field(default_factory=list)
    training_run_id: str | None = None
    mix: str | None = None

    def excluded(self) -> list[tuple[str, Problem]]:
        return [(d.name, p) for d in self.derived for p in d.problems]


def _item_key(item: Item) -> str:
    content = json.dumps([item.question, item.context, list(item.options), item.answer_index], ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]


def _raw(item: Item) -> str:
    return json.dumps({"item_id": item.item_id, "question": item.question, "options": list(item.options),
                       "answer_index": item.answer_index}, ensure_ascii=False)


def translate_set(catalog: Catalog, backend: Backend, run_id: str, source: EvalSet, template: PromptTemplate,
                  sampling: Sampling, limit: int | None = None,
                  progress: Progress | None = None) -> tuple[DerivedSet, dict[str, int]]:
    """The derived English set of `source` (its first `limit` items): kept translations as items, failed
    ones as problems with the check that failed; also the call counts of the contexts."""
    items = source.items[:limit] if limit else list(source.items)
    translated = translate_mcq(catalog, backend, run_id, [McqItem(i.question, i.options, i.answer_index)
                                                          for i in items], template, sampling, progress)
    contexts = list(dict.fromkeys(i.context for i in items if i.context))
    context_calls = run_calls(catalog, backend, run_id, "translate_context", template, sampling,
                              [template.render(c) for c in contexts], progress) if contexts else None
    context_of = {}
    if context_calls:
        for text, key in zip(contexts, context_calls.keys):
            answer = context_calls.answers.get(key)
            failed = check(McqItem(text, (), 0), [answer])
            context_of[text] = (answer["output"].strip(), None) if not failed else (None, failed)
    derived = DerivedSet(f"{source.benchmark}-{LANGUAGE}", source.benchmark, LANGUAGE, "", translator=backend.model,
                         template_sha256=template.sha256)
    derived.read = len(items)
    copies: Counter = Counter()
    for item, result in zip(items, translated):
        failed = (result.reason, result.detail) if result.item is None else None
        context = None
        if failed is None and item.context:
            context, context_failed = context_of[item.context]
            if context_failed:
                failed = (context_failed[0], "context" + context_failed[1].removeprefix("question"))
        if failed:
            derived.problems.append(Problem(item.file, item.row, failed[1], f"translation: {failed[0]}", _raw(item)))
            continue
        new = Item("", result.item.question, result.item.options, result.item.answer_index, context, item.specialty,
                   item.level, item.upstream_id or item.item_id, item.file, item.row)
        key = _item_key(new)
        copies[key] += 1
        derived.items.append(replace(new, item_id=key if copies[key] == 1 else f"{key}-{copies[key]}"))
    derived.source = (f"translate-test: {source.name}@{source.version} ({len(derived.items)} of {len(items)} items "
                      f"kept) | translator {backend.name}:{backend.model} | template {template.ref} "
                      f"sha256:{template.sha256[:12]}")
    return derived, (context_calls.counts() if context_calls else {})


def run_translate_test(home: Path, specs: list[SetSpec], translator: BackendSpec, model: ModelSpec,
                       scoring: str = "fulltext", limit: int | None = None, sampling: Sampling = Sampling(),
                       template: str = TEMPLATE, direct: bool = True,
                       progress: Callable[[], ContextManager[Progress]] | None = None) -> TranslateTestRun:
    """Translate the Arabic sets, register the derived English sets, score both, store every metric.
    `progress` opens the display that shows the translation calls (not the scoring, which lm-eval reports)."""
    wrong = [s.name for s in specs if s.language != "ar"]
    if wrong:
        raise InputError(f"translate-test reads Arabic sets only, not {', '.join(wrong)}")
    version = lm_eval_version()
    prompt = load_template(template)
    sources = load_sets(specs)
    model = replace(model, model=_local(model.model), adapter=_local(model.adapter))
    catalog_path = Path(home) / CATALOG_FILE
    params = {**asdict(model), "scoring": scoring, "limit": limit, "lm_eval_version": version,
              "translator": {"backend": translator.name, "model": translator.model},
              "template": {"id": prompt.ref, "sha256": prompt.sha256}, "sampling": asdict(sampling),
              "sets": [f"{s.name}@{s.version}" for s in sources], "direct": direct}
    def register(catalog: Catalog, run_id: str) -> tuple[list, tuple[str, str] | None]:
        return _register(catalog, run_id, sources), training_run_for(catalog, model.adapter, model.model)

    run: TranslateTestRun | None = None
    with lifecycle.run(catalog_path, COMMAND, params, register=register,
                       measured=lambda: _summary(run) if run else {}) as started:
        new, found = started.registered
        run = TranslateTestRun(started.run_id, sources, [], translator, prompt.ref, new)
        with started.holding() as catalog:  # the translation calls land as they finish
            backend = make_backend(translator)
            try:
                with progress() if progress else nullcontext() as bar:
                    for source in sources:
                        derived, _ = translate_set(catalog, backend, run.run_id, source, prompt, sampling, limit, bar)
                        run.derived.append(derived)
                    run.calls = {"generated": catalog.con.execute(
                        "SELECT count(*) FROM store.generations WHERE run_id = ?", [run.run_id]).fetchone()[0]}
            finally:
                backend.close()
            with catalog.transaction():
                run.new_versions += _register(catalog, run.run_id, run.derived)
        if found:
            run.training_run_id, run.mix = found
        root = Path(home) / TASKS_FOLDER
        tasks = [write_task(s, root, scoring) for s in (sources if direct else [])]
        tasks += [write_task(d, root, scoring) for d in run.derived if d.items]
        run.scores = score(tasks, model, limit)
        rows = result_rows(run.run_id, model, run.training_run_id, run.mix, scoring, version, run.scores)
        with started.landing() as catalog:
            record_results(catalog, rows)
            record_samples(catalog, sample_rows(run.run_id, run.scores))
            started.summary["results"] = len(rows)
    return run


def _summary(run: TranslateTestRun) -> dict[str, Any]:
    return {"sets": {d.name: d.version for d in run.derived},
            "translated": {d.name: {"read": d.read, "kept": len(d.items), "excluded": len(d.problems)}
                           for d in run.derived},
            "excluded": dict(Counter(p.reason for _, p in run.excluded())), "calls": run.calls}


# --- Table 2 from the catalog ------------------------------------------------------------------------------

_TRANSLATED = """
SELECT r.model, r.adapter, r.chat_template, u.params->'translator'->>'model' AS translator, r.benchmark, r.value,
       r.run_id, r.eval_set
FROM eval_results r JOIN runs u USING (run_id)
WHERE r.language = ? AND r.scoring = ? AND r.metric = ?
QUALIFY row_number() OVER (PARTITION BY r.model, r.adapter, r.chat_template, translator, r.benchmark
                           ORDER BY r.created_at DESC, r.run_id DESC) = 1
ORDER BY r.model, r.adapter NULLS FIRST, r.chat_template, translator
"""
_ARABIC = """
SELECT model, adapter, chat_template, benchmark, value FROM eval_results
WHERE language = 'ar' AND scoring = ? AND metric = ?
QUALIFY row_number() OVER (PARTITION BY model, adapter, chat_template, benchmark
                           ORDER BY created_at DESC, run_id DESC) = 1
"""


@dataclass
class Table2:
    columns: list[str]
    rows: list[list]
    notes: list[str] = field(default_factory=list)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _cells(direct: dict[str, float | None], translated: dict[str, float | None], groups: list[str]) -> list:
    cells: list = []
    for group in groups:
        ar, tt = direct.get(group), translated.get(group)
        cells += [None if v is None else round(v, 1) for v in (ar, tt, None if ar is None or tt is None else tt - ar)]
    return cells


def table2(catalog: Catalog, metric: str = "acc", scoring: str = "fulltext") -> Table2:
    """Per model and translator: each benchmark's direct Arabic accuracy, translate-test accuracy and the
    difference (translate-test - Arabic), in %; then the paper's rows for translators it used."""
    translated_rows = catalog.con.execute(_TRANSLATED, [LANGUAGE, scoring, metric]).fetchall()
    arabic: dict[tuple, dict[str, list[float]]] = {}
    for model, adapter, chat, benchmark, value in catalog.con.execute(_ARABIC, [scoring, metric]).fetchall():
        arabic.setdefault((model, adapter, chat), {}).setdefault(group_of(benchmark), []).append(value * 100)
    entries: dict[tuple, dict[str, list[float]]] = {}
    runs: dict[tuple, set[tuple[str, str]]] = {}
    for model, adapter, chat, translator, benchmark, value, run_id, eval_set in translated_rows:
        entries.setdefault((model, adapter, chat, translator), {}).setdefault(group_of(benchmark), []).append(
            value * 100)
        runs.setdefault((model, adapter, chat, translator), set()).add((run_id, eval_set))
    paper = table_columns()
    groups = [*paper, *sorted({g for e in entries.values() for g in e} - set(paper))]
    columns = ["model", "translator"] + [f"{title(g)} {part}" for g in groups
                                         for part in ("AR", "AR→EN", "Δ")] + ["excluded"]
    table = Table2(columns, [])
    translators = []
    for (model, adapter, chat, translator), values in entries.items():
        label = model_label(model, adapter, chat)
        direct = {g: _mean(v) for g, v in arabic.get((model, adapter, chat), {}).items()}
        excluded = 0
        for run_id, eval_set in sorted(runs[(model, adapter, chat, translator)]):
            row = catalog.con.execute("SELECT count(*) FROM eval_problems WHERE run_id = ? AND eval_set = ? "
                                      "AND NOT kept", [run_id, eval_set]).fetchone()
            excluded += row[0]
        for group, found in values.items():
            note = shortfall_note(group, "AR→EN", len(found))
            if note:
                table.notes.append(f"{label}: {note}")
        table.rows.append([label, translator, *_cells(direct, {g: _mean(v) for g, v in values.items()}, groups),
                           excluded])
        translators.append(translator)
    if any(row[-1] for row in table.rows):
        table.notes.append("excluded: items whose translation failed a check (eval_problems, reason "
                           "'translation: ...'); AR→EN is scored on the rest, AR on every item")
    for translator in dict.fromkeys(translators):
        found = table2_for(translator)
        if found:
            name, published = found
            direct = {g: published_for(TABLE2_ANSWERER)[1][(g, "ar")] for g in TABLE2_COLUMNS}
            table.rows.append([f"paper: {TABLE2_ANSWERER}", name, *_cells(direct, published, groups), None])
    return table


def excluded_items(run: TranslateTestRun) -> list[list]:
    """Rows for display: set, file, row, reason, detail."""
    return [[name, Path(p.file).name, p.row, p.reason.removeprefix("translation: "), p.field]
            for name, p in run.excluded()]

