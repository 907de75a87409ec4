"""The model card written next to a trained adapter or model.

It names exactly what the weights were trained on (mix version and manifest hash, which
`load_mix` verifies) and how (base model, method, hyperparameters), so a model found on disk or on
the Hub can be traced back to its data without the catalog. Written last, it replaces the generic
card that PEFT / TRL save.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from jisr.training.sft import TrainResult


def _loss(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def _reload(result: "TrainResult") -> str:
    if result.method == "lora":
        return ("from peft import AutoPeftModelForCausalLM\n"
                f"model = AutoPeftModelForCausalLM.from_pretrained(\"{result.output_dir}\")")
    return ("from transformers import AutoModelForCausalLM\n"
            f"model = AutoModelForCausalLM.from_pretrained(\"{result.output_dir}\")")


def model_card(result: "TrainResult", hyperparameters: dict[str, Any], chat_template: str) -> str:
    meta = {
        "base_model": result.base_model,
        "library_name": "peft" if result.method == "lora" else "transformers",
        "language": result.languages,
        "tags": ["jisr", "medical", "arabic", "sft", "trl", *(["lora"] if result.method == "lora" else [])],
        "jisr": {
            "mix": result.mix, "manifest_sha256": result.manifest_hash, "run_id": result.run_id,
            "method": result.method, "hyperparameters": hyperparameters, "chat_template": chat_template,
            "steps": result.steps, "final_loss": result.final_loss, "eval_loss": result.eval_loss,
        },
    }
    how = "a LoRA adapter" if result.method == "lora" else "full fine-tuning"
    return (f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n"
            f"# {result.output_dir.name}\n\n"
            f"`{result.base_model}` fine-tuned ({how}, TRL SFTTrainer) on the jisr mix `{result.mix}`, "
            f"manifest sha256 `{result.manifest_hash}`. The loss counts the assistant's tokens only.\n\n"
            "| steps | final train loss | validation loss |\n|---|---|---|\n"
            f"| {result.steps:,} | {_loss(result.final_loss)} | {_loss(result.eval_loss)} |\n\n"
            f"Chat template: {chat_template}.\n\n"
            f"```python\n{_reload(result)}\n```\n\n"
            f"The run in the catalog: `jisr sql \"SELECT * FROM training_runs WHERE run_id = '{result.run_id}'\"`\n")
