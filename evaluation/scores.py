"""Every score with its n and 95% interval, and each model's paired comparisons: `jisr eval report`'s data.

One `ModelScores` per model (+ adapter, + chat template) holds its latest score on each set, grouped
into the paper's tasks (MMLU = unweighted mean of the subjects scored, as in Table 1; sets of a user's
own follow the four, and languages other than English and Arabic follow those two); a task a model
was never scored on has no score, and is shown as "—". Beside the scores, each model's comparisons:
English minus Arabic per task, and for a fine-tuned model (a `training_runs` output) itself minus
its base model per task and language, each tested item by item when the items pair up
(evaluation/paired.py), else with the unpaired z test. This is the one score layer both reports
read: `records()` flattens it for `jisr eval report`'s CSV / JSON / Markdown, and the HTML and
markdown `jisr report` (evaluation/report_eval.py) draws its Table 1 and comparisons from the same
objects, so the two never disagree on a number or on whether a gap is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jisr.catalog import Catalog
from jisr.evaluation.benchmarks import group_of, shortfall_note, table_columns, title
from jisr.evaluation.paired import Scored, compare
from jisr.evaluation.reference import published_for
from jisr.evaluation.report_stats import Acc, Difference, difference, mean_acc
from jisr.evaluation.runner import _local

LANGUAGES = ("en", "ar")

_LATEST = """
SELECT r.model, r.adapter, r.chat_template, any_value(r.mix) OVER w AS mix,
       any_value(r.training_run_id) OVER w AS training_run_id, t.base_model,
       r.benchmark, r.language, r.value, r.n, r.stderr, r.run_id, r.eval_set, r.eval_set_version
FROM eval_results r LEFT JOIN training_runs t ON t.run_id = r.training_run_id
WHERE r.scoring = ? AND r.metric = ?
WINDOW w AS (PARTITION BY r.model, r.adapter, r.chat_template)
QUALIFY row_number() OVER (PARTITION BY r.model, r.adapter, r.chat_template, r.benchmark, r.language
                           ORDER BY r.created_at DESC, r.run_id DESC) = 1
ORDER BY r.model, r.adapter NULLS FIRST, r.chat_template
"""

Task = tuple[str, str]  # (group, language)


@dataclass(frozen=True)
class Comparison:
    """One tested difference of a model: `kind` is `en-ar` (task = group) or `vs base` (task = group, language)."""

    kind: str
    task: Task
    diff: Difference


@dataclass
class ModelScores:
    model: str
    adapter: str | None
    chat_template: bool
    mix: str | None
    training_run_id: str | None
    base_model: str | None
    sets: dict[Task, list[tuple[Scored, Acc]]] = field(default_factory=dict)
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def label(self) -> str:
        return model_label(self.model, self.adapter, self.chat_template)

    def score(self, task: Task) -> Acc | None:
        found = self.sets.get(task)
        return mean_acc([acc for _, acc in found]) if found else None

    def refs(self, task: Task) -> list[Scored]:
        return [scored for scored, _ in self.sets.get(task, [])]

    def paper(self) -> tuple[str, dict[Task, float]] | None:
        """The paper's published name and scores (%) for this model, when it published it."""
        return published_for(self.model)


@dataclass
class ScoreReport:
    metric: str
    scoring: str
    tasks: list[Task]
    models: list[ModelScores]
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[dict]:
        """Flat rows (values 0-1) for CSV / JSON: each model's score per task (`kind` score, None where
        never scored) and its comparisons (`kind` en-ar or vs base, `n` = pairs when paired)."""
        out = []
        for m in self.models:
            who = {"model": m.model, "adapter": m.adapter, "chat_template": m.chat_template, "mix": m.mix}
            published = m.paper()
            for task in self.tasks:
                acc = m.score(task)
                low, high = acc.interval() if acc else (None, None)
                paper = published[1].get(task) if published else None
                out.append({**who, "kind": "score", "task": task_title(task[0]), "language": task[1],
                            "metric": self.metric, "value": acc.value if acc else None, "ci_low": low,
                            "ci_high": high, "n": acc.n if acc else None, "p": None, "test": None,
                            "paper": None if paper is None else paper / 100})
            for c in m.comparisons:
                out.append({**who, "kind": c.kind, "task": task_title(c.task[0]),
                            "language": "en-ar" if c.kind == "en-ar" else c.task[1], "metric": self.metric,
                            "value": c.diff.points / 100, "ci_low": c.diff.low / 100, "ci_high": c.diff.high / 100,
                            "n": c.diff.n, "p": c.diff.p, "test": c.diff.test, "paper": None})
        return out


def model_label(model: str, adapter: str | None, chat_template: bool) -> str:
    """`Qwen2.5-0.5B + sweep-ar50-en50@1-tiny [chat]`: folder names, not the absolute paths scores keep."""
    label = Path(model).name or model
    if adapter:
        label += f" + {Path(adapter).name}"
    return label + (" [chat]" if chat_template else "")


def task_title(group: str) -> str:
    return title(group)


def task_order(present: set[Task]) -> list[Task]:
    """Table 1's order: the four benchmarks, then sets of a user's own; English, Arabic, then other languages."""
    paper = table_columns()
    groups = [*paper, *sorted({g for g, _ in present} - set(paper))]
    languages = [*LANGUAGES, *sorted({lang for _, lang in present} - set(LANGUAGES))]
    return [(g, lang) for g in groups for lang in languages if (g, lang) in present]


def _versus(catalog: Catalog, a: ModelScores, b: ModelScores, task_a: Task, task_b: Task,
            cross_language: bool) -> Difference | None:
    """a's score on task_a minus b's on task_b: paired where the items pair up, else the z test."""
    score_a, score_b = a.score(task_a), b.score(task_b)
    if score_a is None or score_b is None:
        return None
    paired = compare(catalog, a.refs(task_a), b.refs(task_b), cross_language)
    return paired if paired is not None else difference(score_a, score_b)


def _comparisons(catalog: Catalog, model: ModelScores, by_key: dict[tuple, ModelScores],
                 tasks: list[Task]) -> list[Comparison]:
    found = []
    for group in dict.fromkeys(g for g, _ in tasks):
        diff = _versus(catalog, model, model, (group, "en"), (group, "ar"), cross_language=True)
        if diff is not None:
            found.append(Comparison("en-ar", (group, "en"), diff))
    # `training_runs.base_model` is as given to `jisr train`; a score's `model` is a folder's absolute path.
    base = by_key.get((_local(model.base_model), None, model.chat_template)) if model.base_model else None
    if base is not None and base is not model:
        for task in tasks:
            diff = _versus(catalog, model, base, task, task, cross_language=False)
            if diff is not None:
                found.append(Comparison("vs base", task, diff))
    return found


def score_report(catalog: Catalog, metric: str = "acc", scoring: str = "fulltext") -> ScoreReport:
    """Each model's latest score per task and language, with n, interval and its paired comparisons."""
    models: dict[tuple, ModelScores] = {}
    for (model, adapter, chat, mix, training_run, base, benchmark, language, value, n, stderr, run_id, eval_set,
         version) in catalog.con.execute(_LATEST, [scoring, metric]).fetchall():
        entry = models.setdefault((model, adapter, chat), ModelScores(model, adapter, chat, mix, training_run, base))
        entry.sets.setdefault((group_of(benchmark), language), []).append(
            (Scored(run_id, eval_set, version, benchmark, metric), Acc(value, n, stderr)))
    tasks = task_order({task for m in models.values() for task in m.sets})
    report = ScoreReport(metric, scoring, tasks, list(models.values()))
    for m in report.models:
        m.comparisons = _comparisons(catalog, m, models, tasks)
        for (group, language), found in m.sets.items():
            note = shortfall_note(group, language.upper(), len(found))
            if note:
                report.notes.append(f"{m.label}: {note}")
    return report
