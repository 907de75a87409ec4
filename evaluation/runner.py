"""`jisr eval` end to end: read the sets, register them, score them with lm-eval, store the scores.

Sets are read (and every file-level fault raised) before anything is written. Registration commits
at once under the run's id, so the sets are in the catalog for decontamination even if scoring
fails; the catalog is closed while lm-eval runs (hours, on a real model), so other commands can use
it meanwhile, and the run ends `succeeded` with its scores or `failed` with the error, like training.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from jisr.catalog import CATALOG_FILE, Catalog, lifecycle
from jisr.catalog.evaluations import record_results, record_samples, register_eval_set, training_run_for
from jisr.evaluation.harness import ModelSpec, Score, lm_eval_version, resolve_device, score
from jisr.evaluation.sets import EvalSet, SetSpec, load_set
from jisr.evaluation.tasks import write_task

TASKS_FOLDER = Path("eval") / "tasks"


@dataclass
class EvalRun:
    run_id: str
    sets: list[EvalSet]
    new_versions: list[str] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    training_run_id: str | None = None
    mix: str | None = None


def load_sets(specs: list[SetSpec]) -> list[EvalSet]:
    return [load_set(spec) for spec in specs]


def _register(catalog: Catalog, run_id: str, sets: list[EvalSet]) -> list[str]:
    new = []
    for eval_set in sets:
        items = [{"item_id": i.item_id, "question": i.question, "options": list(i.options),
                  "answer_index": i.answer_index, "context": i.context, "specialty": i.specialty, "level": i.level,
                  "upstream_id": i.upstream_id, "file": i.file, "row": i.row} for i in eval_set.items]
        problems = [{"file": p.file, "row": p.row, "field": p.field, "reason": p.reason, "kept": p.kept,
                     "raw": p.raw} for p in eval_set.problems]
        if register_eval_set(catalog, run_id, name=eval_set.name, benchmark=eval_set.benchmark,
                             language=eval_set.language, version=eval_set.version, source=eval_set.source,
                             items=items, problems=problems):
            new.append(f"{eval_set.name}@{eval_set.version}")
    return new


def _summary(sets: list[EvalSet]) -> dict[str, Any]:
    return {"sets": {s.name: s.version for s in sets}, "items": sum(len(s.items) for s in sets),
            "problems": sum(1 for s in sets for p in s.problems if not p.kept)}


def register_sets(home: Path, specs: list[SetSpec]) -> EvalRun:
    """Read and register sets without scoring anything (for decontamination, or to check a file)."""
    sets = load_sets(specs)
    with lifecycle.run(Path(home) / CATALOG_FILE, "eval register", {"sets": [s.name for s in sets]},
                       measured=lambda: _summary(sets)) as run, run.landing() as catalog:
        new = _register(catalog, run.run_id, sets)
    return EvalRun(run.run_id, sets, new)


def _local(path: str | None) -> str | None:
    """A local folder is recorded as its absolute path; a hub id as given."""
    return str(Path(path).resolve()) if path and Path(path).exists() else path


def result_rows(run_id: str, model: ModelSpec, training_run_id: str | None, mix: str | None, scoring: str,
                version: str, scores: list[Score]) -> list[dict[str, Any]]:
    """`eval_results` rows for the scores of one run."""
    return [{"run_id": run_id, "model": model.model, "adapter": model.adapter, "training_run_id": training_run_id,
             "mix": mix, "eval_set": s.task.eval_set, "eval_set_version": s.task.version,
             "benchmark": s.task.benchmark, "language": s.task.language, "scoring": scoring,
             "chat_template": model.chat_template, "metric": s.metric, "value": s.value, "stderr": s.stderr,
             "n": s.n, "lm_eval_version": version} for s in scores]


def sample_rows(run_id: str, scores: list[Score]) -> list[dict[str, Any]]:
    """`eval_samples` rows: each item's outcome under each metric of one run."""
    return [{"run_id": run_id, "eval_set": s.task.eval_set, "eval_set_version": s.task.version,
             "benchmark": s.task.benchmark, "language": s.task.language, "metric": s.metric, "item_id": item_id,
             "correct": correct} for s in scores for item_id, correct in s.outcomes]


def run_eval(home: Path, specs: list[SetSpec], model: ModelSpec, scoring: str = "fulltext",
             limit: int | None = None) -> EvalRun:
    """Register the sets, score `model` on each, and store every metric in `eval_results` and every
    item's outcome in `eval_samples`."""
    version = lm_eval_version()
    sets = load_sets(specs)
    model = replace(model, model=_local(model.model), adapter=_local(model.adapter),
                    device=resolve_device(model.device))
    tasks = [write_task(s, Path(home) / TASKS_FOLDER, scoring) for s in sets]
    catalog_path = Path(home) / CATALOG_FILE
    params = {**asdict(model), "scoring": scoring, "limit": limit, "lm_eval_version": version,
              "sets": [f"{s.name}@{s.version}" for s in sets]}

    def register(catalog: Catalog, run_id: str) -> tuple[list, tuple[str, str] | None]:
        return _register(catalog, run_id, sets), training_run_for(catalog, model.adapter, model.model)

    with lifecycle.run(catalog_path, "eval", params, register=register, measured=lambda: _summary(sets)) as started:
        new, found = started.registered
        run = EvalRun(started.run_id, sets, new)
        if found:
            run.training_run_id, run.mix = found
        run.scores = score(tasks, model, limit)
        rows = result_rows(run.run_id, model, run.training_run_id, run.mix, scoring, version, run.scores)
        samples = sample_rows(run.run_id, run.scores)
        with started.landing() as catalog:
            record_results(catalog, rows)
            record_samples(catalog, samples)
            started.summary.update({"results": len(rows), "samples": len(samples)})
    return run
