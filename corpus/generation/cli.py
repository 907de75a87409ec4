"""`jisr translate` (registered on the main `jisr` group): EN->AR translation of kept records.

The backend options are a decorator of their own so later generation commands (paraphrase, synth)
take the same ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from jisr.catalog import CATALOG_FILE
from jisr.catalog.export import DEFAULT_HOME
from jisr.corpus.generation.backends import BACKENDS, BackendSpec, Sampling
from jisr.display import console, table


def backend_options(command: Callable) -> Callable:
    """--backend, --model, --base-url, --concurrency, --timeout, --tensor-parallel-size and sampling options."""
    options = [
        click.option("--backend", type=click.Choice(BACKENDS), default="transformers", show_default=True,
                     help="transformers: load MODEL here (CPU or GPU). http: an OpenAI-compatible server "
                          "(`vllm serve`, `transformers serve`). vllm: vLLM's offline engine (GPU, own environment)."),
        click.option("--model", required=True, help="Hub id or local folder; for http, the name the server serves."),
        click.option("--base-url", default="http://127.0.0.1:8000/v1", show_default=True,
                     help="The http backend's server (API key, if any, from OPENAI_API_KEY)."),
        click.option("--concurrency", type=click.IntRange(min=1), default=None,
                     help="Calls in flight: parallel requests (http, default 8), batch size (transformers, "
                          "default 8), chunk handed to the engine (vllm, default 512)."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120.0, show_default=True,
                     help="Seconds per HTTP request before it is retried."),
        click.option("--tensor-parallel-size", type=click.IntRange(min=1), default=1, show_default=True,
                     help="GPUs per model (vllm)."),
        click.option("--max-new-tokens", type=click.IntRange(min=1), default=1024, show_default=True),
        click.option("--temperature", type=click.FloatRange(min=0), default=0.0, show_default=True),
        click.option("--top-p", type=click.FloatRange(min=0, max=1, min_open=True), default=1.0, show_default=True),
        click.option("--seed", type=int, default=0, show_default=True),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.command("translate")
@backend_options
@click.option("--source", "sources", multiple=True, help="Only records of this source (repeatable).")
@click.option("--where", default=None, help="SQL predicate over the `records` view, e.g. \"category = 'cardiology'\".")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many records (by record id).")
@click.option("--glossary", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="CSV with columns en,ar: the Arabic term to use (empty ar: keep the term as written).")
@click.option("--back-translate", is_flag=True, help="Also translate back to English for round-trip chrF/BLEU.")
@click.option("--gate", "gate_path", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="YAML of gate thresholds (see docs/generation.md); null turns a rule off.")
@click.option("--template", default="translate-en-ar", show_default=True,
              help="A bundled prompt template's name or a YAML file of your own.")
@click.option("--tokenizer", "tokenizers", multiple=True,
              help="Count tokens of the new records with this tokenizer [default: those the catalog already counts].")
@click.pass_context
def translate(ctx: click.Context, backend: str, model: str, base_url: str, concurrency: int | None, timeout: float,
              tensor_parallel_size: int, max_new_tokens: int, temperature: float, top_p: float, seed: int,
              sources: tuple[str, ...], where: str | None, limit: int | None, glossary: Path | None,
              back_translate: bool, gate_path: Path | None, template: str, tokenizers: tuple[str, ...]) -> None:
    """Translate kept English records (Q&A, instructions, chats) into Arabic with MODEL.

    Every call is stored in the catalog (`generations`) and reused by a rerun, so a killed job
    resumes. Outputs become records of source translated:<source>, linked to their input
    (parent_id, pair_id); quality signals (`signals`) and the gate's verdicts (`decisions`, step
    translation_qe) say which are kept and why the others were dropped.

    \b
    Example:
      jisr translate --model Qwen/Qwen2.5-7B-Instruct --source med42-alpaca --limit 100
      jisr translate --backend http --base-url http://127.0.0.1:8000/v1 --model Qwen/Qwen2.5-72B-Instruct
    """
    from jisr.corpus.generation.gate import load_gate
    from jisr.corpus.generation.runner import progress_bar
    from jisr.corpus.generation.templates import load_glossary
    from jisr.corpus.generation.translate import Selection, TranslateJob, translate as run_translate

    home: Path = ctx.find_root().obj["home"]
    job = TranslateJob(
        backend=BackendSpec(backend, model, concurrency, base_url, timeout, tensor_parallel_size),
        sampling=Sampling(max_new_tokens, temperature, top_p, seed),
        selection=Selection(sources, where, limit), template=template, back_translate=back_translate,
        glossary=load_glossary(glossary) if glossary else None, gate=load_gate(gate_path),
        tokenizers=tokenizers or None)
    console.print(f"Translating with [bold]{model}[/] ({backend})", soft_wrap=True, highlight=False)
    with progress_bar() as progress:
        result = run_translate(home / CATALOG_FILE, job, progress)
    rows = [[a["source"], a["read"], a["kept"], a["dropped"], a["quarantined"]] for a in result.accounting]
    console.print(table(["source", "read", "kept", "dropped", "quarantined"], rows,
                        title=f"Run {result.run_id}: read = kept + dropped + quarantined"))
    for task, n in result.calls.items():
        console.print(f"{task}: {n['asked']:,} calls, {n['from_catalog']:,} from the catalog, {n['generated']:,} "
                      f"generated, {n['failed']:,} failed", soft_wrap=True, highlight=False)
    if result.reasons:
        console.print(table(["reason", "records"], result.reasons.most_common(), title="Why records were not kept"))
    home_flag = "" if str(home) == DEFAULT_HOME else f"--home {home} "
    console.print(f"Try:  jisr {home_flag}sql \"SELECT name, round(avg(value), 3) AS mean FROM signals "
                  f"WHERE run_id = '{result.run_id}' GROUP BY ALL ORDER BY ALL\"",
                  soft_wrap=True, highlight=False, markup=False)
