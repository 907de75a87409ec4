"""Scoring generated tasks with lm-evaluation-harness's Hugging Face backend (CPU or GPU) or its vLLM
backend (GPU only; vLLM is imported lazily and lives in its own environment, see docs/generation.md).

The model is loaded once as lm-eval's `HFLM` or `VLLM` (a base model or folder, plus an optional adapter)
and every task runs through `lm_eval.simple_evaluate` with a TaskManager that sees only this run's
task folders, so nothing is fetched from a hub but the model itself (and nothing at all for a local
folder). Needs the `eval` extra (`pip install 'jisr[eval]'`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from jisr.errors import InputError
from jisr.evaluation.tasks import Task


@dataclass(frozen=True)
class Score:
    """One metric lm-eval reported for one task; `n` is the number of items it scored (after --limit).

    `outcomes` holds each item's (item id, 1 right / 0 wrong) from lm-eval's per-sample log, what a
    paired test of two scores on the same items needs (evaluation/paired.py).
    """

    task: Task
    metric: str
    value: float
    stderr: float | None
    n: int
    outcomes: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ModelSpec:
    """What to score: a hub id or folder, an optional PEFT adapter folder, and how to run it."""

    model: str
    adapter: str | None = None
    device: str = "auto"
    dtype: str = "auto"
    batch_size: int = 8
    chat_template: bool = False
    backend: str = "hf"  # hf | vllm


def lm_eval_version() -> str:
    try:
        import lm_eval
    except ImportError as exc:
        raise InputError("lm-evaluation-harness is not installed; pip install 'jisr[eval]'") from exc
    return lm_eval.__version__


def resolve_device(device: str) -> str:
    """The device `auto` stands for here (recorded with the run, so a score says where it was computed)."""
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def _vllm(spec: ModelSpec):
    """lm-eval's vLLM model (GPU): LoRA adapters through vLLM's own LoRA support."""
    try:
        import vllm  # noqa: F401  (lm-eval's wrapper imports it lazily; fail here with a clear line)
    except ImportError as exc:
        raise InputError("--backend vllm needs vLLM, a CUDA build that pins its own torch: install jisr[vllm] in an "
                         "environment of its own on a GPU machine (docs/generation.md)") from exc
    from lm_eval.models.vllm_causallms import VLLM

    return VLLM(pretrained=spec.model, lora_local_path=spec.adapter, dtype=spec.dtype, batch_size=spec.batch_size)


def load_model(spec: ModelSpec):
    """lm-eval's HF (or vLLM) model; one-line errors for a model, adapter or chat template that cannot be used."""
    lm_eval_version()
    from lm_eval.models.huggingface import HFLM

    if spec.adapter and not (Path(spec.adapter) / "adapter_config.json").exists():
        raise InputError(f"{spec.adapter}: not a PEFT adapter (no adapter_config.json); "
                         "give a fully fine-tuned model as --model instead")
    try:
        if spec.backend == "vllm":
            lm = _vllm(spec)
        else:
            lm = HFLM(pretrained=spec.model, peft=spec.adapter, dtype=spec.dtype, batch_size=spec.batch_size,
                      device=resolve_device(spec.device))
    except (OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"model '{spec.model}': cannot be loaded ({first})") from exc
    if spec.chat_template and not lm.tokenizer.chat_template:
        raise InputError(f"model '{spec.model}': its tokenizer has no chat template; drop --chat-template")
    return lm


def _quiet() -> None:
    """Keep lm-eval's progress over the requests, drop a progress bar per dataset and weight file."""
    import datasets
    import transformers

    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()
    logging.getLogger("lm_eval").setLevel(logging.WARNING)


def _outcomes(samples: list[dict], metric: str) -> tuple[tuple[str, int], ...]:
    """(item id, 0/1) per sample: the id is the `id` field tasks.write_task puts in every doc."""
    return tuple((str(sample["doc"]["id"]), int(round(float(sample[metric])))) for sample in samples
                 if metric in sample)


def score(tasks: list[Task], spec: ModelSpec, limit: int | None = None) -> list[Score]:
    """Run every task zero-shot and return each metric lm-eval reports, with its stderr, item count and
    each item's outcome (lm-eval's `log_samples`)."""
    _quiet()
    lm = load_model(spec)
    import lm_eval
    from lm_eval.tasks import TaskManager

    manager = TaskManager(include_path=sorted({str(t.folder) for t in tasks}), include_defaults=False)
    results = lm_eval.simple_evaluate(model=lm, tasks=[t.name for t in tasks], limit=limit, task_manager=manager,
                                      apply_chat_template=spec.chat_template, log_samples=True)
    scores = []
    for task in tasks:
        metrics = results["results"][task.name]
        n = results["n-samples"][task.name]["effective"]
        for key, value in metrics.items():
            metric, _, filter_ = key.partition(",")
            if not filter_ or metric.endswith("_stderr"):
                continue
            stderr = metrics.get(f"{metric}_stderr,{filter_}")  # "N/A" when lm-eval could not compute one
            stderr = float(stderr) if isinstance(stderr, (int, float)) else None
            scores.append(Score(task, metric, float(value), stderr, n,
                                _outcomes(results["samples"][task.name], metric)))
    return scores
