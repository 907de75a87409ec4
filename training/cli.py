"""`jisr train`: fine-tune a base model on a published mix (registered on the main `jisr` group)."""

from __future__ import annotations

from pathlib import Path

import click

from jisr.catalog import CATALOG_FILE, Catalog
from jisr.catalog.export import DEFAULT_HOME
from jisr.display import console
from jisr.training.config import METHODS, PRESETS, preset


def default_output(home: Path, mix: str, base_model: str) -> Path:
    """HOME/models/NAME@VERSION-<last part of the base model's id or path>."""
    return home / "models" / f"{mix}-{Path(base_model.rstrip('/')).name}"


@click.command("train")
@click.option("--mix", "mix_ref", required=True, metavar="NAME@VERSION",
              help="The published mix to train on (NAME alone: its latest version).")
@click.option("--base", "base_model", required=True, metavar="MODEL",
              help="Base model: a Hugging Face hub id or a local folder.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the adapter or model [default: HOME/models/NAME@VERSION-MODEL].")
@click.option("--preset", "preset_name", type=click.Choice(list(PRESETS)), default="small", show_default=True,
              help="small: 1 epoch, 1,024-token sequences, LoRA-scale LR 2e-4 (a quick CPU run). "
                   "paper: as arXiv 2501.09825, 2 epochs, 8,192-token packing, cosine LR 1e-5 -> 1e-6.")
@click.option("--method", type=click.Choice(METHODS), default=None,
              help="lora: train a PEFT adapter; full: every weight [default: lora].")
@click.option("--max-steps", type=click.IntRange(min=1), default=None, help="Stop after this many optimizer steps.")
@click.option("--epochs", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Passes over the train split.")
@click.option("--lr", "learning_rate", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Peak learning rate; the cosine schedule ends at a tenth of it.")
@click.option("--max-length", type=click.IntRange(min=1), default=None, help="Tokens per packed sequence.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, help="Sequences per device per step.")
@click.pass_context
def train(ctx: click.Context, mix_ref: str, base_model: str, out: Path | None, preset_name: str, method: str | None,
          max_steps: int | None, epochs: float | None, learning_rate: float | None, max_length: int | None,
          batch_size: int | None) -> None:
    """Fine-tune MODEL on a published mix with TRL's SFT trainer (LoRA by default).

    The loss counts the assistant's tokens only. The run is recorded in the catalog
    (`training_runs`: mix version, manifest hash, hyperparameters, losses) and the adapter, tokenizer
    and a model card naming the mix go to --out. Options left out keep the preset's value.

    \b
    Example:
      jisr train --mix sweep-ar50-en50@1 --base Qwen/Qwen2.5-0.5B --max-steps 100
    """
    from jisr.catalog.mixes import resolve
    from jisr.training.sft import train as run_training

    home: Path = ctx.find_root().obj["home"]
    config = preset(preset_name, method=method, max_steps=max_steps, epochs=epochs, learning_rate=learning_rate,
                    max_length=max_length, batch_size=batch_size)
    with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
        name, version, _, _ = resolve(catalog, mix_ref)
    mix = f"{name}@{version}"
    out = out or default_output(home, mix, base_model)
    console.print(f"Training [bold]{base_model}[/] on [bold]{mix}[/] ({config.method}, preset {preset_name}) -> {out}",
                  soft_wrap=True, highlight=False)
    result = run_training(mix, base_model, out, config, home)
    final = "n/a" if result.final_loss is None else f"{result.final_loss:.4f}"
    validation = "" if result.eval_loss is None else f", validation loss {result.eval_loss:.4f}"
    console.print(f"Run [bold]{result.run_id}[/]: {result.steps:,} steps, final loss {final}{validation}",
                  soft_wrap=True, highlight=False)
    console.print(f"Saved [bold]{result.output_dir}[/] (model card: README.md)", soft_wrap=True, highlight=False)
    home_flag = "" if str(home) == DEFAULT_HOME else f"--home {home} "
    console.print(f"Try:  jisr {home_flag}sql \"SELECT run_id, mix, status, final_loss FROM training_runs "
                  f"WHERE run_id = '{result.run_id}'\"", soft_wrap=True, highlight=False, markup=False)
