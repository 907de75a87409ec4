"""Fine-tuning on published mixes: `train(mix_ref, base_model, output_dir, config, home, progress)`.

`tiny_llama` writes a tiny random model (what `jisr tiny-model` writes) to try it with in seconds.

Needs the `train` extra (torch, transformers, peft, trl, accelerate); importing this package does
not, so the rest of jisr works without it. See docs/training.md.
"""

from jisr.training.config import PRESETS, TrainConfig, preset
from jisr.training.sft import TrainResult, train
from jisr.training.tiny import sample_texts, tiny_llama

__all__ = ["PRESETS", "TrainConfig", "TrainResult", "preset", "sample_texts", "tiny_llama", "train"]
