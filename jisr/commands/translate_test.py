"""`jisr eval translate-test`: Arabic sets translated to English and scored (the paper's Table 2).

`jisr eval translate-test --model M --translator-model T ...` translates, registers and scores;
`jisr eval translate-test report` prints Table 2's layout. Registered on the `eval` group
(jisr/cli.py: `eval_group.add_command(translate_test)`).
"""

from __future__ import annotations

from pathlib import Path

import click

from jisr.catalog import Catalog
from jisr.commands.generate import BACKEND_CHOICE
from jisr.commands.home import catalog_path, home_of
from jisr.corpus.generation.backends import BackendSpec, Sampling
from jisr.display import calls_progress, libraries_to_log, say, show, table
from jisr.commands.eval import PROBLEMS_SHOWN, _print_scores, _print_sets, set_specs
from jisr.evaluation.tasks import SCORINGS


@click.group("translate-test", invoke_without_command=True)
@click.option("--model", default=None, metavar="PATH_OR_ID", help="The model that answers: a hub id or a folder.")
@click.option("--adapter", type=click.Path(file_okay=False, exists=True), default=None,
              help="A PEFT adapter folder applied to --model.")
@click.option("--translator-backend", type=BACKEND_CHOICE, default="http",
              show_default=True, help="How the translator runs (see docs/generation.md).")
@click.option("--translator-model", default=None, metavar="NAME",
              help="The translation model (e.g. Qwen/Qwen2.5-72B-Instruct, the paper's best).")
@click.option("--base-url", default="http://127.0.0.1:8000/v1", show_default=True,
              help="OpenAI-compatible server for --translator-backend http.")
@click.option("--concurrency", type=click.IntRange(min=1), default=None, help="Translator calls in flight / batch.")
@click.option("--template", default="translate-ar-en", show_default=True,
              help="Translation prompt template (a bundled name or a YAML file).")
@click.option("--max-new-tokens", type=click.IntRange(min=1), default=1024, show_default=True)
@click.option("--benchmarks", default=None, metavar="LIST",
              help="pubmedqa, medmcqa, medqa, mmlu or mmlu_<subject> [default: all four; with --data or --file "
                   "only, the Arabic sets given there].")
@click.option("--data", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="A folder of local sets named NAME-ar.jsonl|csv|tsv|parquet.")
@click.option("--file", "files", multiple=True, metavar="NAME-ar=PATH", help="One local Arabic set. Repeatable.")
@click.option("--columns", multiple=True, metavar="KEY=COLUMN", help="Column mapping, as for `jisr eval`.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Translate and score the first N items.")
@click.option("--scoring", type=click.Choice(SCORINGS), default="fulltext", show_default=True)
@click.option("--no-direct", is_flag=True, help="Do not score the Arabic sets themselves in this run.")
@click.option("--chat-template", is_flag=True, help="Wrap each prompt in the answering model's chat template.")
@click.option("--device", default="auto", show_default=True)
@click.option("--dtype", default="auto", show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=8, show_default=True)
@click.pass_context
def translate_test(ctx: click.Context, model: str | None, adapter: str | None, translator_backend: str,
                   translator_model: str | None, base_url: str, concurrency: int | None, template: str,
                   max_new_tokens: int, benchmarks: str | None, data: Path | None, files: tuple[str, ...],
                   columns: tuple[str, ...], limit: int | None, scoring: str, no_direct: bool, chat_template: bool,
                   device: str, dtype: str, batch_size: int) -> None:
    """Translate Arabic eval sets to English with an LLM, then score a model on them (translate-test).

    Each item's question, options and abstract are translated through the generation layer (cached
    calls in `generations`); items whose translation fails a check (an option's number changed, two
    options merged, an empty, cut or refused answer) are excluded and reported, never scored. The
    rest form `<benchmark>-ar2en` sets (language `ar2en`), scored beside the Arabic originals.

    \b
    Examples:
      jisr eval translate-test --model meta-llama/Llama-3.1-70B-Instruct --chat-template \\
          --translator-model Qwen/Qwen2.5-72B-Instruct --base-url http://127.0.0.1:8000/v1
      jisr eval translate-test report
    """
    if ctx.invoked_subcommand:
        return
    if not model or not translator_model:
        raise click.UsageError("give --model and --translator-model (or the subcommand: report)")
    from jisr.evaluation.harness import ModelSpec
    from jisr.evaluation.translate_test import excluded_items, run_translate_test

    specs = set_specs(benchmarks, "ar", data, files, columns)
    translator = BackendSpec(translator_backend, translator_model, concurrency, base_url)
    spec = ModelSpec(model, adapter, device, dtype, batch_size, chat_template)
    say("Translate-test: ", (translator_model, "bold"), f" ({translator_backend}) translates {len(specs)} "
        "Arabic sets, ", (model, "bold"), f" answers ({scoring} scoring)")
    with libraries_to_log():
        run = run_translate_test(home_of(ctx), specs, translator, spec, scoring, limit,
                                 Sampling(max_new_tokens=max_new_tokens), template, direct=not no_direct,
                                 progress=calls_progress)
    _print_sets(run.sources, run.new_versions)
    rows = [[d.name, d.version, "new" if f"{d.name}@{d.version}" in run.new_versions else "known", d.read,
             len(d.items), len(d.problems)] for d in run.derived]
    show(table(["set", "version", "registered", "translated", "kept", "excluded"], rows,
               title=f"Translations by {translator_model} ({run.template})"))
    excluded = excluded_items(run)
    if excluded:
        show(table(["set", "file", "row", "check failed", "detail"], excluded[:PROBLEMS_SHOWN],
                   title="Items excluded from translate-test",
                   caption=f"{len(excluded)} in all; every one is in eval_problems"
                   if len(excluded) > PROBLEMS_SHOWN else None))
    if run.scores:
        _print_scores(run)
    say("Table 2 layout: jisr eval translate-test report")


@translate_test.command("report")
@click.option("--metric", type=click.Choice(["acc", "acc_norm"]), default="acc", show_default=True)
@click.option("--scoring", type=click.Choice(SCORINGS), default="fulltext", show_default=True)
@click.pass_context
def report(ctx: click.Context, metric: str, scoring: str) -> None:
    """Direct Arabic accuracy beside translate-test accuracy per benchmark (the paper's Table 2 layout)."""
    from jisr.evaluation.translate_test import table2

    with Catalog.open(catalog_path(ctx), read_only=True) as catalog:
        result = table2(catalog, metric, scoring)
    if not result.rows:
        say(f"No {scoring} {metric} translate-test scores yet; run `jisr eval translate-test` first.", wrap=True)
        return
    show(table(result.columns, result.rows,
               title=f"Translate-test accuracy (%), {scoring} scoring, {metric}",
               caption="AR = Arabic items; AR→EN = translated to English by the translator; "
                       "Δ = AR→EN - AR; 'paper' rows: arXiv 2501.09825 Table 2 (Llama-3.1-70B-Instruct "
                       "answering; its AR from Table 1)"))
    for note in result.notes:
        say(note, wrap=True)
