"""The paper's Table 1 layout from `eval_results`: per benchmark, English, Arabic and the gap.

One row per model (+ adapter, + chat template) with its latest score on each benchmark and language;
MMLU is the unweighted mean of the six medical subjects, as in the paper. Sets of a user's own appear
as extra benchmarks after the four. The paper's numbers follow as reference rows for models it
published (evaluation/reference.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jisr.catalog import Catalog
from jisr.evaluation.benchmarks import GROUPS, MMLU_SUBJECTS, TITLES, group_of
from jisr.evaluation.reference import published_for
from jisr.evaluation.report_stats import Acc, mean_acc

_LATEST = """
SELECT model, adapter, chat_template, any_value(mix) OVER w AS mix, benchmark, language, value, n, stderr
FROM eval_results WHERE scoring = ? AND metric = ?
WINDOW w AS (PARTITION BY model, adapter, chat_template)
QUALIFY row_number() OVER (PARTITION BY model, adapter, chat_template, benchmark, language
                           ORDER BY created_at DESC, run_id DESC) = 1
ORDER BY model, adapter NULLS FIRST, chat_template
"""


@dataclass
class Table1:
    columns: list[str]
    rows: list[list]
    notes: list[str] = field(default_factory=list)


def _label(model: str, adapter: str | None, chat_template: bool) -> str:
    label = Path(model).name or model
    if adapter:
        label += f" + {Path(adapter).name}"
    return label + (" [chat]" if chat_template else "")


@dataclass
class ModelScores:
    """One model's (+ adapter, + chat template) latest scores per (group, language): each set's, before MMLU's mean."""

    model: str
    adapter: str | None
    chat_template: bool
    mix: str | None
    sets: dict[tuple[str, str], list[Acc]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return _label(self.model, self.adapter, self.chat_template)

    def scores(self) -> dict[tuple[str, str], Acc]:
        """Per (group, language); MMLU is the unweighted mean of the subjects scored."""
        return {task: mean_acc(values) for task, values in self.sets.items()}

    def notes(self) -> list[str]:
        return [f"{self.label}: MMLU {language.upper()} is the mean of {len(values)} of {len(MMLU_SUBJECTS)} subjects"
                for (group, language), values in self.sets.items()
                if group == "mmlu" and len(values) < len(MMLU_SUBJECTS)]


def latest_scores(catalog: Catalog, metric: str = "acc", scoring: str = "fulltext") -> list[ModelScores]:
    """Every model's latest score on each set under one scoring mode, in (model, adapter, chat template) order."""
    models: dict[tuple, ModelScores] = {}
    for model, adapter, chat, mix, benchmark, language, value, n, stderr in catalog.con.execute(
            _LATEST, [scoring, metric]).fetchall():
        entry = models.setdefault((model, adapter, chat), ModelScores(model, adapter, chat, mix))
        entry.sets.setdefault((group_of(benchmark), language), []).append(Acc(value, n, stderr))
    return list(models.values())


def groups_of(models: list[ModelScores]) -> list[str]:
    """Table 1's four benchmarks, then any set of the user's own that was scored."""
    return [*GROUPS, *sorted({group for entry in models for group, _ in entry.sets} - set(GROUPS))]


def _cells(groups: list[str], scores: dict[tuple[str, str], float]) -> list[float | None]:
    cells: list[float | None] = []
    for group in groups:
        en, ar = scores.get((group, "en")), scores.get((group, "ar"))
        gap = None if en is None or ar is None else en - ar
        cells += [None if v is None else round(v, 1) for v in (en, ar, gap)]
    return cells


def table1(catalog: Catalog, metric: str = "acc", scoring: str = "fulltext") -> Table1:
    models = latest_scores(catalog, metric, scoring)
    groups = groups_of(models)
    columns = ["model", "mix"] + [f"{TITLES.get(g, g)} {part}" for g in groups for part in ("EN", "AR", "gap")]
    table = Table1(columns, [])
    for entry in models:
        table.notes += entry.notes()
        scores = {task: 100 * acc.value for task, acc in entry.scores().items()}
        table.rows.append([entry.label, entry.mix, *_cells(groups, scores)])
    for model in dict.fromkeys(entry.model for entry in models):
        found = published_for(model)
        if found:
            name, scores = found
            table.rows.append([f"paper: {name}", "published", *_cells(groups, scores)])
    return table
