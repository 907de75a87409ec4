"""Fine-tuning on published mixes: `train(mix_ref, base_model, output_dir, config, home)`.

Needs the `train` extra (torch, transformers, peft, trl, accelerate); importing this package does
not, so the rest of jisr works without it. See docs/training.md.
"""

from jisr.training.config import PRESETS, TrainConfig, preset
from jisr.training.sft import TrainResult, train

__all__ = ["PRESETS", "TrainConfig", "TrainResult", "preset", "train"]
