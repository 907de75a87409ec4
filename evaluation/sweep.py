"""The ratio sweep (the paper's Table 4): one mix per Arabic:English ratio -> fine-tune -> evaluate.

Every step leaves its result in the catalog (a mix version, a `training_runs` row, `eval_results`
rows linked to that run and mix), so the catalog itself is the sweep's progress record: a rerun
rebuilds each mix (the same recipe on the same catalog is the same version), reuses the latest
succeeded training run of that mix on that base model, and scores it only if some requested eval set
version has no result for it yet. A sweep killed mid-way therefore resumes at the step it stopped in,
and nothing needs a sweep table of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from jisr.catalog import CATALOG_FILE, Catalog
from jisr.catalog.mixes import build_mix
from jisr.catalog.recipes import Recipe
from jisr.evaluation.benchmarks import group_of, title
from jisr.evaluation.harness import ModelSpec
from jisr.evaluation.paired import Outcomes, Scored, load_outcomes, paired_difference
from jisr.evaluation.report_stats import Acc, Difference, difference, mean_acc
from jisr.evaluation.runner import load_sets, run_eval
from jisr.evaluation.scores import task_order
from jisr.evaluation.sets import SetSpec
from jisr.evaluation.sweep_fit import Fit, fit_task, write_olmix
from jisr.training.config import TrainConfig

_SWEEP_NAME = re.compile(r"-ar\d+-en\d+$")


@dataclass(frozen=True)
class SweepPlan:
    """What one sweep does: the mixes, the base model and how to train and score it."""

    base_model: str
    recipes: list[Recipe]
    sets: list[SetSpec]
    config: TrainConfig = field(default_factory=TrainConfig)
    scoring: str = "fulltext"
    limit: int | None = None
    device: str = "auto"
    dtype: str = "auto"
    batch_size: int = 8
    chat_template: bool = False
    baseline: bool = True          # also score the base model itself (Table 4's baseline row)
    allow_shortfall: bool = False


@dataclass(frozen=True)
class StepOutcome:
    """What a sweep did for one ratio (or for the baseline, with `mix` None)."""

    label: str
    mix: str | None
    training_run_id: str | None
    trained: bool                   # False: a succeeded run was reused
    evaluated: bool                 # False: every requested set already had results


def _local(model: str) -> str:
    """Model ids as `jisr train` and `jisr eval` record them: an existing folder as its absolute path."""
    return str(Path(model).resolve()) if Path(model).exists() else model


def _succeeded_run(catalog: Catalog, mix: str, base_model: str) -> tuple[str, str, str] | None:
    """(run_id, output_path, method) of the latest succeeded training of `mix` on `base_model` still on disk."""
    rows = catalog.con.execute(
        "SELECT run_id, output_path, method FROM training_runs WHERE mix = ? AND base_model = ? AND status = 'succeeded' "
        "ORDER BY started_at DESC", [mix, base_model]).fetchall()
    return next((row for row in rows if Path(row[1]).is_dir()), None)


def _output_dir(home: Path, mix: str, base_model: str) -> Path:
    """HOME/models/MIX-BASE, or MIX-BASE-N when a failed run left files in it (never overwritten)."""
    stem = home / "models" / f"{mix}-{Path(base_model.rstrip('/')).name}"
    candidate, n = stem, 1
    while candidate.exists() and any(candidate.iterdir()):
        n += 1
        candidate = stem.with_name(f"{stem.name}-{n}")
    return candidate


def _missing_sets(catalog: Catalog, versions: set[tuple[str, str]], plan: SweepPlan, training_run_id: str | None,
                  model: str) -> bool:
    """Whether some requested (set, version) has no result yet for this model under this scoring."""
    if training_run_id:
        where, params = "training_run_id = ?", [training_run_id]
    else:
        where, params = "model = ? AND adapter IS NULL AND training_run_id IS NULL", [model]
    done = set(catalog.con.execute(
        f"SELECT DISTINCT eval_set, eval_set_version FROM eval_results WHERE {where} AND scoring = ? "
        "AND chat_template = ?", [*params, plan.scoring, plan.chat_template]).fetchall())
    return bool(versions - done)


def run_sweep(home: Path, plan: SweepPlan, say: Callable[[str], None] = lambda _: None) -> list[StepOutcome]:
    """Build the mixes, then per ratio train (unless done) and evaluate (unless done); see the module doc."""
    from jisr.training.sft import train

    home = Path(home)
    catalog_path = home / CATALOG_FILE
    base = _local(plan.base_model)
    versions = {(s.name, s.version) for s in load_sets(plan.sets)}
    with Catalog.open(catalog_path) as catalog:
        mixes = [build_mix(catalog, recipe, plan.allow_shortfall).ref for recipe in plan.recipes]
    spec = ModelSpec(base, None, plan.device, plan.dtype, plan.batch_size, plan.chat_template)
    outcomes = []
    if plan.baseline:
        with Catalog.open(catalog_path, read_only=True) as catalog:
            todo = _missing_sets(catalog, versions, plan, None, base)
        if todo:
            say(f"baseline: scoring {base}")
            run_eval(home, plan.sets, spec, plan.scoring, plan.limit)
        outcomes.append(StepOutcome("baseline", None, None, False, todo))
    for recipe, mix in zip(plan.recipes, mixes):
        label = ":".join(f"{round(recipe.ratio.get(lang, 0) * 100):g}" for lang in ("ar", "en"))
        with Catalog.open(catalog_path, read_only=True) as catalog:
            found = _succeeded_run(catalog, mix, base)
        trained = found is None
        if trained:
            say(f"{label}: training {base} on {mix}")
            result = train(mix, base, _output_dir(home, mix, base), plan.config, home)
            found = (result.run_id, str(result.output_dir), result.method)
        run_id, output, method = found
        with Catalog.open(catalog_path, read_only=True) as catalog:
            todo = _missing_sets(catalog, versions, plan, run_id, base)
        if todo:
            say(f"{label}: scoring training run {run_id}")
            # A LoRA run is its adapter on the base; a full fine-tune is a model folder of its own.
            trained_spec = replace(spec, model=output) if method == "full" else replace(spec, adapter=output)
            run_eval(home, plan.sets, trained_spec, plan.scoring, plan.limit)
        outcomes.append(StepOutcome(label, mix, run_id, trained, todo))
    return outcomes


# --- Table 4 from the catalog ----------------------------------------------------------------------------------

_SWEEP_SCORES = """
SELECT t.base_model, m.name, m.recipe, r.benchmark, r.language, r.value, r.n, r.stderr, r.training_run_id,
       r.run_id, r.eval_set, r.eval_set_version, r.metric
FROM eval_results r JOIN training_runs t ON r.training_run_id = t.run_id JOIN mixes m ON m.mix = r.mix
WHERE r.scoring = ? AND r.metric = ? AND r.chat_template = ? AND t.status = 'succeeded'
QUALIFY row_number() OVER (PARTITION BY t.base_model, r.mix, r.benchmark, r.language
                           ORDER BY r.created_at DESC, r.run_id DESC) = 1
"""
_BASELINE_SCORES = """
SELECT benchmark, language, value, n, stderr, run_id, eval_set, eval_set_version, metric FROM eval_results
WHERE model = ? AND adapter IS NULL AND training_run_id IS NULL AND scoring = ? AND metric = ? AND chat_template = ?
QUALIFY row_number() OVER (PARTITION BY benchmark, language ORDER BY created_at DESC, run_id DESC) = 1
"""


@dataclass
class SweepTable:
    """Accuracy per task and Arabic share for one base model and mix prefix: Table 4's layout, with the fit."""

    base_model: str
    prefix: str
    tasks: list[tuple[str, str]]                               # (group, language), in Table 1's order
    scores: dict[float, dict[tuple[str, str], Acc]]            # Arabic share (0-100) -> task -> accuracy
    baseline_scores: dict[tuple[str, str], Acc] = field(default_factory=dict)
    runs: dict[float, str] = field(default_factory=dict)       # Arabic share -> training run id
    scoring: str = "fulltext"
    chat_template: bool = False
    # Arabic share (or BASELINE) -> task -> each item's outcome, for paired tests; empty for old scores.
    outcomes: dict[float | str, dict[tuple[str, str], Outcomes]] = field(default_factory=dict)

    @property
    def points(self) -> dict[float, dict[tuple[str, str], float]]:
        """Accuracy in % per share and task (what Table 4 prints)."""
        return {share: {t: 100 * a.value for t, a in values.items()} for share, values in self.scores.items()}

    @property
    def baseline(self) -> dict[tuple[str, str], float]:
        return {t: 100 * a.value for t, a in self.baseline_scores.items()}

    def task_scores(self, task: tuple[str, str]) -> dict[float, Acc]:
        return {share: values[task] for share, values in sorted(self.scores.items()) if task in values}

    def fits(self) -> dict[tuple[str, str], Fit]:
        """Per task, accuracy fitted against the Arabic share (evaluation/sweep_fit.py); tasks with 2+ ratios."""
        fits = {}
        for task in self.tasks:
            found = fit_task(self.task_scores(task))
            if found is not None:
                fits[task] = found
        return fits

    def versus(self, task: tuple[str, str], a: float | str, b: float | str) -> Difference:
        """Share (or BASELINE) `a` minus `b` on `task`: paired on the same items when both have their
        item outcomes (McNemar, paired bootstrap), else the unpaired z test of the two scores."""
        paired = paired_difference(self.outcomes.get(a, {}).get(task, {}), self.outcomes.get(b, {}).get(task, {}))
        if paired is not None:
            return paired
        score = lambda key: self.baseline_scores[task] if key == BASELINE else self.scores[key][task]  # noqa: E731
        return difference(score(a), score(b))

    def top_two(self) -> dict[tuple[str, str], tuple[float, float, Difference]]:
        """Per task with two or more ratios: (top share, runner-up share, top - runner-up)."""
        found = {}
        for task in self.tasks:
            ranked = sorted(self.task_scores(task).items(), key=lambda pair: (-pair[1].value, pair[0]))
            if len(ranked) > 1:
                found[task] = (ranked[0][0], ranked[1][0], self.versus(task, ranked[0][0], ranked[1][0]))
        return found

    def best(self) -> dict[tuple[str, str], float]:
        """Per task, the share that scored highest, only where its test against the runner-up ratio
        finds a difference (p < 0.05); tasks whose ratios cannot be told apart have none."""
        return {task: top for task, (top, _, diff) in self.top_two().items() if diff.significant}

    def task_title(self, task: tuple[str, str]) -> str:
        group, language = task
        return f"{title(group)} {language.upper()}"

    def columns(self) -> list[str]:
        """One column per task; its n in the header when every ratio scored the same number of items."""
        names = ["Ar:En"]
        for task in self.tasks:
            ns = {a.n for a in self.task_scores(task).values()} | (
                {self.baseline_scores[task].n} if task in self.baseline_scores else set())
            names.append(self.task_title(task) + (f" n={ns.pop():,}" if len(ns) == 1 else ""))
        return names

    def rows(self) -> list[list]:
        """Baseline first, then ratios from all-Arabic to all-English: `acc ±half-interval` in %, '*' on a best."""
        best = self.best()
        single_n = [" n=" in column for column in self.columns()[1:]]

        def cells(values, share=None):
            out = []
            for task, plain in zip(self.tasks, single_n):
                if task not in values:
                    out.append("—")
                    continue
                acc = values[task]
                text = f"{100 * acc.value:.1f} ±{acc.pm():.1f}" + ("" if plain else f" n={acc.n}")
                out.append(text + ("*" if share is not None and best.get(task) == share else ""))
            return out

        rows = [["baseline", *cells(self.baseline_scores)]] if self.baseline_scores else []
        for share in sorted(self.scores, reverse=True):
            rows.append([_ratio(share), *cells(self.scores[share], share)])
        return rows

    def verdicts(self) -> list[list[str]]:
        """Per task: the top ratio against the runner-up and against the baseline, the fit's verdict and
        the ratios worth training next.

        The fit names a best share only when the top two ratios also differ (their test, p < 0.05);
        a curve that is not flat while the top two tie still "cannot tell apart" the best ratio.
        """
        rows = []
        top_two = self.top_two()
        for task, fit in self.fits().items():
            top, runner, diff = top_two[task]
            verdict = fit.verdict()
            if fit.distinguishable and not diff.significant:
                verdict = f"cannot tell apart (top two tie; trend p={fit.p_flat:.3g})"
            baseline = self.versus(task, top, BASELINE).tested_text() if task in self.baseline_scores else "—"
            rows.append([self.task_title(task), f"{_ratio(top)} vs {_ratio(runner)}: {diff.tested_text()}", baseline,
                         verdict, ", ".join(f"{s}:{100 - s}" for s in fit.suggestions()) or "—"])
        return rows

    def next_ratios(self) -> list[str]:
        """Every task's suggestions, as `A:E` ratios for `jisr sweep --ratios`."""
        shares = sorted({s for fit in self.fits().values() for s in fit.suggestions()}, reverse=True)
        return [f"{s}:{100 - s}" for s in shares]

    def folder_name(self) -> str:
        return (f"{Path(self.base_model.rstrip('/')).name}-{self.prefix}-{self.scoring}"
                + ("-chat" if self.chat_template else ""))

    def write_olmix(self, folder: Path) -> tuple[Path, Path]:
        """ratios.csv + metrics.csv of this sweep's training runs (task columns like `medqa_ar`)."""
        runs = [(self.runs.get(share, f"ar{share:g}"), share) for share in sorted(self.scores)]
        metrics = {self.runs.get(share, f"ar{share:g}"): {f"{g}_{lang}": acc.value for (g, lang), acc in values.items()}
                   for share, values in self.scores.items()}
        return write_olmix(folder, runs, metrics)


BASELINE = "baseline"
# The columns of SweepTable.verdicts, for every table that prints them (`jisr sweep`, `jisr report`).
VERDICT_COLUMNS = ["task", "top ratio vs runner-up", "top vs baseline", "fit: accuracy vs Arabic share", "train next"]


def _ratio(share: float) -> str:
    return f"{share:g}:{100 - share:g}"


def _mean_by_task(scores: list[tuple]) -> dict[tuple[str, str], Acc]:
    """Accuracy per (group, language); MMLU is the unweighted mean of the subjects scored."""
    grouped: dict[tuple[str, str], list[Acc]] = {}
    for benchmark, language, value, n, stderr, *_ in scores:
        grouped.setdefault((group_of(benchmark), language), []).append(Acc(value, n, stderr))
    return {task: mean_acc(v) for task, v in grouped.items()}


def _outcomes_by_task(catalog: Catalog, scores: list[tuple]) -> dict[tuple[str, str], Outcomes]:
    """Item outcomes per (group, language), one stratum per set (evaluation/paired.py)."""
    grouped: dict[tuple[str, str], list[Scored]] = {}
    for benchmark, language, _, _, _, run_id, eval_set, version, metric in scores:
        grouped.setdefault((group_of(benchmark), language), []).append(Scored(run_id, eval_set, version, benchmark,
                                                                              metric))
    return {task: load_outcomes(catalog, refs) for task, refs in grouped.items()}


def sweep_settings(catalog: Catalog) -> list[tuple[str, bool]]:
    """(scoring, chat_template) pairs that have scores of trained models, for reports that show every setting."""
    return catalog.con.execute("SELECT DISTINCT scoring, chat_template FROM eval_results WHERE training_run_id "
                               "IS NOT NULL ORDER BY 1, 2").fetchall()


def sweep_tables(catalog: Catalog, scoring: str = "fulltext", metric: str = "acc",
                 chat_template: bool = False) -> list[SweepTable]:
    """Every sweep in the catalog (scores of models trained on PREFIX-arA-enE mixes), one table per base and prefix."""
    found: dict[tuple[str, str], dict[float, list]] = {}
    runs: dict[tuple[str, str], dict[float, str]] = {}
    for base, name, recipe, benchmark, language, value, n, stderr, training_run, *where in catalog.con.execute(
            _SWEEP_SCORES, [scoring, metric, chat_template]).fetchall():
        if not _SWEEP_NAME.search(name):
            continue
        share = round(json.loads(recipe)["ratio"].get("ar", 0.0) * 100, 1)
        key = (base, _SWEEP_NAME.sub("", name))
        found.setdefault(key, {}).setdefault(share, []).append((benchmark, language, value, n, stderr, *where))
        runs.setdefault(key, {})[share] = training_run
    tables = []
    for (base, prefix), by_share in sorted(found.items()):
        points = {share: _mean_by_task(scores) for share, scores in by_share.items()}
        outcomes: dict[float | str, dict] = {share: _outcomes_by_task(catalog, scores)
                                             for share, scores in by_share.items()}
        baseline_rows = catalog.con.execute(_BASELINE_SCORES, [base, scoring, metric, chat_template]).fetchall()
        outcomes[BASELINE] = _outcomes_by_task(catalog, baseline_rows)
        tasks = task_order({task for values in points.values() for task in values})
        tables.append(SweepTable(base, prefix, tasks, points, _mean_by_task(baseline_rows), runs[(base, prefix)],
                                 scoring, chat_template, outcomes))
    return tables
