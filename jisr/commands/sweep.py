"""`jisr sweep`: mixes at Arabic:English ratios -> fine-tuning -> evaluation, reported as Table 4.

Registered on the main `jisr` group. The eval-set options are `jisr eval`'s, so a sweep scores
exactly what `jisr eval` would; the training options are `jisr train`'s.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from jisr.catalog import CATALOG_FILE, Catalog
from jisr.commands.home import home_of
from jisr.display import libraries_to_log, say, show, table, training_progress
from jisr.commands.eval import _set_options, set_specs
from jisr.catalog.recipes import PAPER_RATIOS, sweep_recipes
from jisr.evaluation.sweep.run import VERDICT_COLUMNS, SweepPlan, _local, run_sweep, sweep_tables
from jisr.evaluation.tasks import SCORINGS
from jisr.training.config import METHODS, PRESETS, preset


def print_sweep_tables(home: Path, scoring: str, chat_template: bool, metric: str = "acc") -> None:
    """Every sweep in the catalog as Table 4 (accuracy ±95% interval, %), the fit's verdict per task, and
    each sweep's ratios.csv + metrics.csv (Olmix's input) under HOME/sweeps/."""
    with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
        tables = sweep_tables(catalog, scoring, metric, chat_template)
    if not tables:
        say("No sweep results yet.")
    for sweep in tables:
        chat = ", chat template" if chat_template else ""
        name = f"{Path(sweep.base_model).name}: {sweep.prefix}-* ({scoring}{chat}, {metric}, %)"
        show(table(sweep.columns(), sweep.rows(), title=Text(name),
                   caption="± = 95% interval; * = best ratio: ahead of the runner-up at p < 0.05 in a "
                           "paired test on the same items (McNemar; z test for scores stored without them)"))
        show(table(VERDICT_COLUMNS, sweep.verdicts(),
                   title="Which ratio (paired tests; quadratic fit, bootstrap interval)",
                   caption="Δ points [95% interval] p: McNemar on the same items and a paired bootstrap, "
                           "unless marked unpaired (z test); ≈ = cannot tell apart (p ≥ 0.05)"))
        ratios, metrics = sweep.write_olmix(home / "sweeps" / sweep.folder_name())
        say(f"Olmix input: {ratios} and {metrics.name}")


def next_ratios(home: Path, base_model: str, prefix: str, scoring: str, chat_template: bool) -> list[str]:
    """The ratios the fit of the sweep (base, prefix, scoring) suggests training next; [] when none."""
    base = _local(base_model)
    with Catalog.open(home / CATALOG_FILE, read_only=True) as catalog:
        tables = [t for t in sweep_tables(catalog, scoring, "acc", chat_template)
                  if t.base_model == base and t.prefix == prefix]
    return tables[0].next_ratios() if tables else []


@click.command("sweep")
@click.option("--base", "base_model", required=True, metavar="MODEL", help="Base model: a hub id or a local folder.")
@click.option("--budget", default="469.97M", show_default=True, help="Train tokens per mix (469.97M is the paper's).")
@click.option("--ratios", default=",".join(PAPER_RATIOS), show_default=True, help="Arabic:English ratios, comma-separated.")
@click.option("--prefix", default="sweep", show_default=True, help="Mixes are named PREFIX-arA-enE.")
@click.option("--tokenizer", default="llama3", show_default=True, help="Whose token counts measure the budget.")
@click.option("--eligible", multiple=True, help="SQL predicate over `records` (repeatable).")
@click.option("--validation", type=float, default=0.0, show_default=True, help="Validation tokens as a fraction of train.")
@click.option("--seed", type=int, default=2501, show_default=True)
@click.option("--allow-shortfall", is_flag=True, help="Publish a mix even if a language falls short of its target.")
@click.option("--preset", "preset_name", type=click.Choice(list(PRESETS)), default="small", show_default=True)
@click.option("--method", type=click.Choice(METHODS), default=None, help="lora or full [default: the preset's, lora].")
@click.option("--max-steps", type=click.IntRange(min=1), default=None, help="Optimizer steps per training run.")
@click.option("--epochs", type=click.FloatRange(min=0, min_open=True), default=None)
@click.option("--lr", "learning_rate", type=click.FloatRange(min=0, min_open=True), default=None)
@click.option("--max-length", type=click.IntRange(min=1), default=None, help="Tokens per packed sequence.")
@click.option("--train-batch-size", type=click.IntRange(min=1), default=None)
@_set_options
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N items of each set.")
@click.option("--scoring", type=click.Choice(SCORINGS), default="fulltext", show_default=True)
@click.option("--chat-template", is_flag=True, help="Score through the model's chat template.")
@click.option("--device", default="auto", show_default=True)
@click.option("--dtype", default="auto", show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=8, show_default=True, help="Eval batch size.")
@click.option("--baseline/--no-baseline", default=True, show_default=True, help="Also score the base model itself.")
@click.option("--review", type=click.Choice(["gate", "all", "reviewed"]), default="gate", show_default=True,
              help="How expert verdicts decide translations (docs/mixes.md).")
@click.option("--next", "next_", is_flag=True,
              help="Train only the ratios the fit of this sweep suggests next (instead of --ratios).")
@click.pass_context
def sweep(ctx: click.Context, base_model: str, budget: str, ratios: str, prefix: str, tokenizer: str,
          eligible: tuple[str, ...], validation: float, seed: int, allow_shortfall: bool, preset_name: str,
          method: str | None, max_steps: int | None, epochs: float | None, learning_rate: float | None,
          max_length: int | None, train_batch_size: int | None, benchmarks: str | None, languages: str,
          data: Path | None, files: tuple[str, ...], columns: tuple[str, ...], limit: int | None, scoring: str,
          chat_template: bool, device: str, dtype: str, batch_size: int, baseline: bool, review: str,
          next_: bool) -> None:
    """Fine-tune MODEL on one mix per Arabic:English ratio and score each (the paper's Table 4).

    Resumable: a rerun with the same options reuses each mix version, each succeeded training run
    and each score already in the catalog, and does only what is missing.

    \b
    Example:
      jisr sweep --base Qwen/Qwen2.5-0.5B --budget 2M --max-steps 200 --benchmarks medqa,mmlu
      jisr sweep --base Qwen/Qwen2.5-0.5B --budget 2M --max-steps 200 --benchmarks medqa,mmlu --next
    """
    from jisr.hub import require_model

    home = home_of(ctx)
    require_model(base_model, "--base")
    if next_:
        suggested = next_ratios(home, base_model, prefix, scoring, chat_template)
        if not suggested:
            say(f"Nothing to suggest: sweep {prefix} of {base_model} needs two scored ratios first, "
                "or every gap is already tried.", wrap=True)
            return
        say(f"Training the suggested ratios: {', '.join(suggested)}")
        ratios = ",".join(suggested)
    config = preset(preset_name, method=method, max_steps=max_steps, epochs=epochs, learning_rate=learning_rate,
                    max_length=max_length, batch_size=train_batch_size)
    plan = SweepPlan(
        base_model=base_model, config=config, scoring=scoring, limit=limit, device=device, dtype=dtype,
        batch_size=batch_size, chat_template=chat_template, baseline=baseline, allow_shortfall=allow_shortfall,
        recipes=sweep_recipes(ratios.split(","), budget, prefix, tokenizer, eligible, validation, seed, review),
        sets=set_specs(benchmarks, languages, data, files, columns))
    with libraries_to_log():
        outcomes = run_sweep(home, plan, say, training_progress)
    show(table(["ratio", "mix", "training run", "trained", "scored"],
               [[o.label, o.mix, o.training_run_id, "-" if o.mix is None else "new" if o.trained else "reused",
                 "new" if o.evaluated else "reused"] for o in outcomes], title="Sweep steps"))
    print_sweep_tables(home, scoring, chat_template)
