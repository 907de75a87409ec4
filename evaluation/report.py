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

_LATEST = """
SELECT model, adapter, chat_template, any_value(mix) OVER w AS mix, benchmark, language, value
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


def _cells(groups: list[str], scores: dict[tuple[str, str], float]) -> list[float | None]:
    cells: list[float | None] = []
    for group in groups:
        en, ar = scores.get((group, "en")), scores.get((group, "ar"))
        gap = None if en is None or ar is None else en - ar
        cells += [None if v is None else round(v, 1) for v in (en, ar, gap)]
    return cells


def table1(catalog: Catalog, metric: str = "acc", scoring: str = "fulltext") -> Table1:
    rows = catalog.con.execute(_LATEST, [scoring, metric]).fetchall()
    models: dict[tuple, dict] = {}
    for model, adapter, chat, mix, benchmark, language, value in rows:
        entry = models.setdefault((model, adapter, chat), {"mix": mix, "values": {}})
        entry["values"].setdefault((group_of(benchmark), language), []).append(value * 100)
    extra = sorted({group for entry in models.values() for group, _ in entry["values"]} - set(GROUPS))
    groups = [*GROUPS, *extra]
    columns = ["model", "mix"] + [f"{TITLES.get(g, g)} {part}" for g in groups for part in ("EN", "AR", "gap")]
    table = Table1(columns, [])
    for (model, adapter, chat), entry in models.items():
        label = _label(model, adapter, chat)
        scores = {key: sum(v) / len(v) for key, v in entry["values"].items()}
        for (group, language), values in entry["values"].items():
            if group == "mmlu" and len(values) < len(MMLU_SUBJECTS):
                table.notes.append(f"{label}: MMLU {language.upper()} is the mean of {len(values)} of "
                                   f"{len(MMLU_SUBJECTS)} subjects")
        table.rows.append([label, entry["mix"], *_cells(groups, scores)])
    for model in dict.fromkeys(model for model, _, _ in models):
        found = published_for(model)
        if found:
            name, scores = found
            table.rows.append([f"paper: {name}", "published", *_cells(groups, scores)])
    return table
