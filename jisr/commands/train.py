"""`jisr train`: fine-tune a base model on a published mix (registered on the main `jisr` group)."""

from __future__ import annotations

from pathlib import Path

import click

from jisr.catalog import CATALOG_FILE, Catalog
from jisr.catalog.export import DEFAULT_HOME
from jisr.commands.home import home_of
from jisr.display import libraries_to_log, say, training_progress
from jisr.errors import InputError
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
    from jisr.hub import require_model
    from jisr.training.sft import train as run_training

    home = home_of(ctx)
    require_model(base_model, "--base")
    config = preset(preset_name, method=method, max_steps=max_steps, epochs=epochs, learning_rate=learning_rate,
                    max_length=max_length, batch_size=batch_size)
    with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
        name, version, _, _ = resolve(catalog, mix_ref)
    mix = f"{name}@{version}"
    out = out or default_output(home, mix, base_model)
    say("Training ", (base_model, "bold"), " on ", (mix, "bold"), f" ({config.method}, preset {preset_name}) -> {out}")
    with libraries_to_log(), training_progress() as progress:
        result = run_training(mix, base_model, out, config, home, progress)
    final = "n/a" if result.final_loss is None else f"{result.final_loss:.4f}"
    validation = "" if result.eval_loss is None else f", validation loss {result.eval_loss:.4f}"
    say("Run ", (result.run_id, "bold"), f": {result.steps:,} steps, final loss {final}{validation}")
    say("Saved ", (str(result.output_dir), "bold"), " (model card: README.md)")
    home_flag = "" if str(home) == DEFAULT_HOME else f"--home {home} "
    say(f"Try:  jisr {home_flag}sql \"SELECT run_id, mix, status, final_loss FROM training_runs "
        f"WHERE run_id = '{result.run_id}'\"")


@click.command("tiny-model")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@click.option("--vocab-size", type=click.IntRange(min=300), default=500, show_default=True)
def tiny_model(path: Path, vocab_size: int) -> None:
    """Build a tiny random Llama in PATH (a few seconds, no network) to try train, eval, sweep and report with.

    Its tokenizer is trained on the bundled sample data; its weights are random, so its scores are
    chance. Then: jisr train --mix MIX --base PATH; jisr eval --model PATH.
    """
    from jisr.training.tiny import sample_texts, tiny_llama

    if path.exists() and any(path.iterdir()):
        raise InputError(f"{path}: the folder is not empty; give a new one")
    with libraries_to_log():
        tiny_llama(path, sample_texts(), vocab_size=vocab_size)
    say("Wrote a tiny random Llama to ", (str(path), "bold"), " (try: jisr eval --model ", str(path), ")")
