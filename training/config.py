"""What a fine-tuning run is asked to do: one dataclass, two presets.

`small` is for trying a mix on a laptop CPU (short sequences, LoRA-scale learning rate). `paper`
mirrors arXiv 2501.09825: sequences packed to 8,192 tokens, 2 epochs, cosine decay from 1e-5 to
1e-6, loss on the assistant's tokens only (always on here: the prompt is given, not learned).
Everything a run used is stored with it in the catalog (`training_runs.hyperparameters`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from jisr.errors import InputError

METHODS = ("lora", "full")


@dataclass(frozen=True)
class TrainConfig:
    method: str = "lora"               # lora: train a PEFT adapter; full: update every weight
    epochs: float = 1.0
    max_steps: int | None = None       # stop after this many optimizer steps, whatever `epochs` says
    learning_rate: float = 2e-4        # a LoRA-scale rate; full fine-tuning wants ~1e-5
    min_lr_ratio: float = 0.1          # cosine decays to learning_rate * min_lr_ratio (the paper: 1e-5 -> 1e-6)
    max_length: int = 1024             # tokens per packed sequence (or per example without packing)
    packing: bool = True               # several examples per sequence, attention kept within each example
    batch_size: int = 2                # sequences per device per step
    grad_accum: int = 1
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: str | list[str] = "all-linear"
    seed: int = 2501
    logging_steps: int = 10

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError(f"method: '{self.method}' is not one of {', '.join(METHODS)}")
        for name in ("epochs", "learning_rate", "max_length", "batch_size", "grad_accum", "lora_r", "logging_steps"):
            if getattr(self, name) <= 0:
                raise InputError(f"{name}: expected a positive number, got {getattr(self, name)}")
        if self.max_steps is not None and self.max_steps <= 0:
            raise InputError(f"max_steps: expected a positive number, got {self.max_steps}")
        if not 0 <= self.min_lr_ratio <= 1:
            raise InputError(f"min_lr_ratio: expected a fraction of the learning rate, got {self.min_lr_ratio}")

    def with_overrides(self, **overrides: Any) -> "TrainConfig":
        """A copy with the given fields changed; None means 'keep the preset's value' (unset CLI options)."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise InputError(f"unknown training option(s): {', '.join(unknown)}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


PRESETS: dict[str, TrainConfig] = {
    "small": TrainConfig(),
    # Sequence length, epochs, schedule and response-only loss are the paper's. The batch shape is ours:
    # one 8k-token sequence per device step, 8 accumulated (64k tokens per update on one GPU).
    "paper": TrainConfig(max_length=8192, epochs=2.0, learning_rate=1e-5, min_lr_ratio=0.1,
                         batch_size=1, grad_accum=8),
}


def preset(name: str, **overrides: Any) -> TrainConfig:
    """PRESETS[name] with `overrides` (None values ignored)."""
    if name not in PRESETS:
        raise InputError(f"preset: '{name}' is not one of {', '.join(PRESETS)}")
    return PRESETS[name].with_overrides(**overrides)
