"""Generation commands for the main `jisr` group: `translate` (EN->AR of kept records), `paraphrase`
(AHQAD-style answer rewrites), `synth` (synthetic QA from seed questions) and `translate-mcq`
(multiple-choice items with the answer key kept aligned).

The backend options are a decorator of their own so every generation command takes the same ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from jisr.catalog import CATALOG_FILE
from jisr.catalog.export import DEFAULT_HOME
from jisr.commands.home import home_of
from jisr.commands.registry_choice import RegistryChoice
from jisr.corpus.generation.backends import BACKENDS, BackendSpec, Sampling
from jisr.display import calls_progress, say, show, table


BACKEND_CHOICE = RegistryChoice(BACKENDS)  # any registered backend name, built-in or a plugin's


def backend_options(command: Callable) -> Callable:
    """--backend, --model, --base-url, --concurrency, --timeout, --tensor-parallel-size and sampling options."""
    options = [
        click.option("--backend", type=BACKEND_CHOICE, default="transformers", show_default=True,
                     help="transformers: load MODEL here (CPU or GPU). http: an OpenAI-compatible server "
                          "(`vllm serve`, `transformers serve`). vllm: vLLM's offline engine (GPU, own environment). "
                          "Or a plugin's (docs/generation.md)."),
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


def retry_options(command: Callable) -> Callable:
    """--retries and --retry-temperature: how bad outputs (empty, cut, refused, wrong language) are asked again."""
    command = click.option("--retry-temperature", type=click.FloatRange(min=0), default=0.7, show_default=True,
                           help="Temperature of every retry (seed + retry number, so each is a call of its own).")(command)
    return click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
                        help="Times an empty, cut, refused or wrong-language output is asked again before it is "
                             "dropped with that reason.")(command)


def selection_options(where_help: str) -> Callable[[Callable], Callable]:
    """--source, --where and --limit: which kept records of the catalog a job works on."""
    def add(command: Callable) -> Callable:
        command = click.option("--limit", type=click.IntRange(min=1), default=None,
                               help="At most this many records (by record id).")(command)
        command = click.option("--where", default=None, help=where_help)(command)
        return click.option("--source", "sources", multiple=True,
                            help="Only records of this source (repeatable).")(command)
    return add


def tokenizer_option(command: Callable) -> Callable:
    """--tokenizer: which token counts the job's new records get."""
    return click.option("--tokenizer", "tokenizers", multiple=True,
                        help="Count tokens of the new records with this tokenizer "
                             "[default: those the catalog already counts].")(command)


@click.command("translate")
@backend_options
@retry_options
@selection_options("SQL predicate over the `records` view, e.g. \"category = 'cardiology'\".")
@click.option("--glossary", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="CSV with columns en,ar: the Arabic term to use (empty ar: keep the term as written).")
@click.option("--back-translate", is_flag=True, help="Also translate back to English for round-trip chrF/BLEU.")
@click.option("--gate", "gate_path", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="YAML of gate thresholds (see docs/generation.md); null turns a rule off.")
@click.option("--template", default="translate-en-ar", show_default=True,
              help="A bundled prompt template's name or a YAML file of your own.")
@tokenizer_option
@click.pass_context
def translate(ctx: click.Context, backend: str, model: str, base_url: str, concurrency: int | None, timeout: float,
              tensor_parallel_size: int, max_new_tokens: int, temperature: float, top_p: float, seed: int,
              retries: int, retry_temperature: float,
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
    from jisr.corpus.generation.retries import RetryRule
    from jisr.corpus.generation.templates import load_glossary
    from jisr.corpus.generation.translate import Selection, TranslateJob, translate as run_translate

    home = home_of(ctx)
    job = TranslateJob(
        backend=BackendSpec(backend, model, concurrency, base_url, timeout, tensor_parallel_size),
        sampling=Sampling(max_new_tokens, temperature, top_p, seed),
        selection=Selection(sources, where, limit), template=template, back_translate=back_translate,
        glossary=load_glossary(glossary) if glossary else None, gate=load_gate(gate_path),
        tokenizers=tokenizers or None, retry=RetryRule(retries, retry_temperature))
    say("Translating with ", (model, "bold"), f" ({backend})")
    with calls_progress() as progress:
        result = run_translate(home / CATALOG_FILE, job, progress)
    rows = [[a["source"], a["read"], a["kept"], a["dropped"], a["quarantined"]] for a in result.accounting]
    show(table(["source", "read", "kept", "dropped", "quarantined"], rows,
               title=f"Run {result.run_id}: read = kept + dropped + quarantined"))
    _print_calls(result.calls)
    if result.reasons:
        show(table(["reason", "records"], result.reasons.most_common(), title="Why records were not kept"))
    home_flag = "" if str(home) == DEFAULT_HOME else f"--home {home} "
    say(f"Try:  jisr {home_flag}sql \"SELECT name, round(avg(value), 3) AS mean FROM signals "
        f"WHERE run_id = '{result.run_id}' GROUP BY ALL ORDER BY ALL\"")


def _spec(backend: str, model: str, concurrency: int | None, base_url: str, timeout: float,
          tensor_parallel_size: int) -> BackendSpec:
    return BackendSpec(backend, model, concurrency, base_url, timeout, tensor_parallel_size)


def _print_calls(calls: dict[str, dict[str, int]]) -> None:
    """Per task: calls asked, answered from the catalog, generated, failed, and asked again by rule."""
    for task, n in calls.items():
        say(f"{task}: {n['asked']:,} calls, {n['from_catalog']:,} from the catalog, {n['generated']:,} "
            f"generated, {n['failed']:,} failed, {n.get('retried', 0):,} asked again by rule")


def _report(landed, step: str) -> None:
    """The run's accounting, its calls per task and why records were not kept (as `jisr translate` prints)."""
    rows = [[a["source"], a["read"], a["kept"], a["dropped"], a["quarantined"]] for a in landed.accounting]
    show(table(["source", "read", "kept", "dropped", "quarantined"], rows,
               title=f"Run {landed.run_id}: read = kept + dropped + quarantined"))
    _print_calls(landed.calls)
    if landed.reasons:
        show(table(["reason", "records"], landed.reasons.most_common(), title="Why records were not kept"))
    say(f"Signals and verdicts: step {step} in `signals` and `decisions`, run {landed.run_id}")


@click.command("paraphrase")
@backend_options
@retry_options
@selection_options("SQL predicate over the `records` view.")
@click.option("--language", default=None, help="Only records of this language (ar, en) [default: all].")
@click.option("--gate", "gate_path", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="YAML of paraphrase gate thresholds (see docs/generation.md); null turns a rule off.")
@click.option("--template", default="paraphrase-answer", show_default=True,
              help="A bundled prompt template's name or a YAML file of your own.")
@tokenizer_option
@click.pass_context
def paraphrase(ctx: click.Context, backend: str, model: str, base_url: str, concurrency: int | None, timeout: float,
               tensor_parallel_size: int, max_new_tokens: int, temperature: float, top_p: float, seed: int,
               retries: int, retry_temperature: float,
               sources: tuple[str, ...], where: str | None, limit: int | None, language: str | None,
               gate_path: Path | None, template: str, tokenizers: tuple[str, ...]) -> None:
    """Rewrite the answers of kept Q&A and instruction records (AHQAD style) with MODEL.

    Same meaning, typos fixed, abbreviations expanded, nothing added. Outputs are records of source
    paraphrased:<source> in the input's language (parent_id, pair_id = the input's); the gate (step
    paraphrase_qe) drops refusals, cut or wrong-language outputs and rewrites that add numbers or
    drug names, with reasons. Calls are cached in `generations`, so a killed job resumes.

    \b
    Example:
      jisr paraphrase --model Qwen/Qwen2.5-7B-Instruct --source ahqad --limit 100
    """
    from jisr.corpus.generation.gate import load_gate
    from jisr.corpus.generation.jobs import Selection
    from jisr.corpus.generation.paraphrase import ParaphraseGateConfig, ParaphraseJob, paraphrase as run
    from jisr.corpus.generation.retries import RetryRule

    home = home_of(ctx)
    job = ParaphraseJob(_spec(backend, model, concurrency, base_url, timeout, tensor_parallel_size),
                        Sampling(max_new_tokens, temperature, top_p, seed), Selection(sources, where, limit), language,
                        template, load_gate(gate_path, ParaphraseGateConfig), tokenizers or None,
                        RetryRule(retries, retry_temperature))
    say("Paraphrasing with ", (model, "bold"), f" ({backend})")
    with calls_progress() as progress:
        landed = run(home / CATALOG_FILE, job, progress)
    _report(landed, "paraphrase_qe")


@click.command("synth")
@backend_options
@retry_options
@click.option("--seeds", "seeds_path", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Seed questions: a text file (one per line) or JSONL (`question` or `prompt`).")
@click.option("--seed-source", "seed_sources", multiple=True,
              help="Seed questions from the prompts of kept English Q&A or instruction records of this source "
                   "(repeatable).")
@click.option("--seed-where", default=None, help="SQL predicate over `records` narrowing the catalog seeds.")
@click.option("--name", default="synth", show_default=True, help="Output records are of source synth:NAME.")
@click.option("--rounds", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--prompts-per-round", type=click.IntRange(min=1), default=4, show_default=True)
@click.option("--shots", type=click.IntRange(min=1), default=4, show_default=True, help="Example questions per prompt.")
@click.option("--judge-retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Times a malformed judge reply is asked again (at --retry-temperature) before the pair is dropped.")
@click.option("--gate", "gate_path", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="YAML of synth gate thresholds (min_judge_score, min_language_score).")
@click.option("--license", "license_", default=None, help="Licence of the generated records.")
@click.option("--translate", "then_translate", is_flag=True, help="Then translate the kept pairs into Arabic.")
@tokenizer_option
@click.pass_context
def synth(ctx: click.Context, backend: str, model: str, base_url: str, concurrency: int | None, timeout: float,
          tensor_parallel_size: int, max_new_tokens: int, temperature: float, top_p: float, seed: int,
          retries: int, retry_temperature: float,
          seeds_path: Path | None, seed_sources: tuple[str, ...], seed_where: str | None, name: str, rounds: int,
          prompts_per_round: int, shots: int, judge_retries: int, gate_path: Path | None,
          license_: str | None, then_translate: bool, tokenizers: tuple[str, ...]) -> None:
    """Synthetic open-ended medical QA from seed questions, judged by MODEL; only pairs rated 5 are kept.

    Rounds of few-shot question generation (seeds and duplicates of seeds or of earlier questions
    are left out), an answer per question, a 1-5 rating per pair (malformed ratings are asked again,
    then dropped), and optionally translation of the kept pairs (as `jisr translate`). Calls are
    cached in `generations`, so a killed job resumes.

    \b
    Example:
      jisr synth --model meta-llama/Llama-3.1-70B-Instruct --backend http --seeds seeds.txt --translate
    """
    from jisr.catalog import Catalog
    from jisr.corpus.generation.gate import load_gate
    from jisr.corpus.generation.jobs import Selection, select_records
    from jisr.corpus.generation.retries import RetryRule
    from jisr.corpus.generation.synth import SynthGateConfig, SynthJob, load_seeds, synth as run
    from jisr.corpus.generation.translate import TranslateJob, translate as run_translate
    from jisr.errors import InputError

    home = home_of(ctx)
    seeds = load_seeds(seeds_path) if seeds_path else []
    if seed_sources or seed_where:
        with Catalog.open(home / CATALOG_FILE) as catalog:
            selected = select_records(catalog, Selection(seed_sources, seed_where), ("qa", "instruction"), "en")
            seeds += [r["prompt"] for r in selected]
    if not seeds:
        raise InputError("no seed questions: give --seeds FILE or --seed-source/--seed-where")
    spec = _spec(backend, model, concurrency, base_url, timeout, tensor_parallel_size)
    sampling = Sampling(max_new_tokens, temperature, top_p, seed)
    job = SynthJob(spec, tuple(seeds), name, rounds, prompts_per_round, shots, sampling, judge_retries,
                   retry_temperature, load_gate(gate_path, SynthGateConfig), license_, tokenizers=tokenizers or None,
                   retries=retries)
    say(f"Synthesising from {len(seeds):,} seed questions with ", (model, "bold"), f" ({backend})")
    with calls_progress() as progress:
        result = run(home / CATALOG_FILE, job, progress)
    show(table(["questions", "count"], sorted(result.questions.items()), title="Generated questions"))
    if result.landed is None:
        say("No new question survived: nothing to answer.")
        return
    _report(result.landed, "synth_judge")
    if then_translate and result.landed.accounting and result.landed.accounting[0]["kept"]:
        ids = ", ".join(f"'{rid}'" for rid in result.record_ids)
        with calls_progress() as progress:
            translated = run_translate(home / CATALOG_FILE, TranslateJob(
                spec, sampling, Selection((f"synth:{name}",), f"record_id IN ({ids})"), tokenizers=tokenizers or None,
                retry=RetryRule(retries, retry_temperature)),
                progress)
        rows = [[a["source"], a["read"], a["kept"], a["dropped"], a["quarantined"]] for a in translated.accounting]
        show(table(["source", "read", "kept", "dropped", "quarantined"], rows,
                   title=f"Translation run {translated.run_id}"))


@click.command("translate-mcq")
@backend_options
@retry_options
@click.argument("items_path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("out_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--template", default="translate-en-ar", show_default=True,
              help="translate-en-ar, translate-ar-en (translate-test) or a YAML file of your own.")
@click.option("--language", default=None,
              help="Language the translations must be in [default: the bundled template's, ar or en; a template "
                   "of your own: not checked].")
@click.pass_context
def translate_mcq(ctx: click.Context, backend: str, model: str, base_url: str, concurrency: int | None,
                  timeout: float, tensor_parallel_size: int, max_new_tokens: int, temperature: float, top_p: float,
                  seed: int, retries: int, retry_temperature: float, items_path: Path, out_path: Path, template: str,
                  language: str | None) -> None:
    """Translate multiple-choice items (JSONL: question, options, answer_index) keeping the key aligned.

    The question and each option are translated separately; an empty, cut, refused or wrong-language
    part, or an option whose numbers changed, is asked again (--retries). Each item is then checked
    (option count, no two options alike, numbers of each option unchanged) before it is written to
    OUT_PATH; items that fail are listed with a reason. Calls are cached in the catalog's `generations`.
    """
    import json

    from jisr.corpus.generation.mcq import McqItem, translate_items
    from jisr.corpus.generation.retries import RetryRule
    from jisr.errors import InputError

    home = home_of(ctx)
    items = []
    for number, line in enumerate(items_path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(McqItem.from_dict(json.loads(line)))
            except (ValueError, InputError) as exc:
                raise InputError(f"{items_path}:{number}: {exc}") from exc
    with calls_progress() as progress:
        translated = translate_items(home / CATALOG_FILE, _spec(backend, model, concurrency, base_url, timeout,
                                                                tensor_parallel_size),
                                     items, Sampling(max_new_tokens, temperature, top_p, seed), template, progress,
                                     RetryRule(retries, retry_temperature), language)
    kept = [t.item for t in translated if t.item]
    out_path.write_text("".join(json.dumps({"question": i.question, "options": list(i.options),
                                            "answer_index": i.answer_index}, ensure_ascii=False) + "\n"
                                for i in kept), encoding="utf-8")
    retried = sum(bool(t.retried_calls) for t in translated)
    say(f"{len(kept):,} of {len(items):,} items written to {out_path} ({retried:,} needed a part asked "
        "again by rule)")
    failed = [[number, t.reason, t.detail] for number, t in enumerate(translated, start=1) if t.reason]
    if failed:
        show(table(["item", "reason", "detail"], failed, title="Items not written"))
