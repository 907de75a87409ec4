"""lm-evaluation-harness task configs for eval sets: a YAML and a local JSONL per set version.

lm-eval reads local JSON lines through its `dataset_path: json` loader, so the generated tasks run
offline and are plain files a person can open and re-run with `lm-eval run --include_path DIR`.
Each set version gets its own folder, `<home>/eval/tasks/<name>@<version>/`, holding `items.jsonl`
(the rendered prompt, options, letters and gold index per item) and one YAML per scoring mode:

- `fulltext` (default, the paper's): the log-likelihood of each option's full text after the prompt;
  lm-eval reports `acc` (raw sum) and `acc_norm` (divided by the option's length in characters).
- `letter`: the log-likelihood of each option letter (A / أ ...) after the prompt; `acc` only.

Base vs chat-template mode is not part of the task: lm-eval applies the model's chat template at
run time (`apply_chat_template`), so one task serves both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from jisr.evaluation.prompts import letters, render
from jisr.evaluation.sets import EvalSet

SCORINGS = ("fulltext", "letter")
_METRICS = {"fulltext": ("acc", "acc_norm"), "letter": ("acc",)}


@dataclass(frozen=True)
class Task:
    """A generated lm-eval task and the eval set it scores."""

    name: str
    folder: Path
    eval_set: str
    version: str
    benchmark: str
    language: str
    scoring: str
    items: int


def task_name(eval_set: EvalSet, scoring: str) -> str:
    return f"jisr_{eval_set.benchmark}_{eval_set.language}_{eval_set.version}_{scoring}"


def write_task(eval_set: EvalSet, root: Path, scoring: str) -> Task:
    """Write (or rewrite, identically) the set's JSONL and the YAML for `scoring` under `root`."""
    if scoring not in SCORINGS:
        raise ValueError(f"scoring must be one of {SCORINGS}, not {scoring!r}")
    folder = root / f"{eval_set.name}@{eval_set.version}"
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "items.jsonl"
    with open(data, "w", encoding="utf-8") as handle:
        for item in eval_set.items:
            handle.write(json.dumps({
                "id": item.item_id,
                "prompt": render(item.question, item.options, item.context, eval_set.language),
                "options": list(item.options),
                "letters": letters(eval_set.language, len(item.options)),
                "gold": item.answer_index,
            }, ensure_ascii=False) + "\n")
    name = task_name(eval_set, scoring)
    config = {
        "task": name,
        "dataset_path": "json",
        "dataset_kwargs": {"data_files": {"test": str(data.resolve())}},
        "test_split": "test",
        "output_type": "multiple_choice",
        "doc_to_text": "prompt",
        "doc_to_choice": "options" if scoring == "fulltext" else "letters",
        "doc_to_target": "gold",
        "target_delimiter": " ",
        "num_fewshot": 0,
        "metric_list": [{"metric": m, "aggregation": "mean", "higher_is_better": True} for m in _METRICS[scoring]],
        "metadata": {"version": 1.0, "eval_set": eval_set.name, "eval_set_version": eval_set.version,
                     "language": eval_set.language, "scoring": scoring},
    }
    (folder / f"{scoring}.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    return Task(name, folder, eval_set.name, eval_set.version, eval_set.benchmark, eval_set.language, scoring,
                len(eval_set.items))
