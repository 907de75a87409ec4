"""`jisr eval`: score a model on the medical benchmarks in English and Arabic, and report the gap.

`jisr eval --model ...` reads and registers the sets, scores them with lm-evaluation-harness and
stores the scores; `jisr eval report` prints them with n, intervals and tested gaps; `jisr eval register` only
reads and registers sets (what decontamination needs). Registered on the main `jisr` group.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from jisr.catalog import Catalog
from jisr.commands.home import catalog_path, home_of
from jisr.display import libraries_to_log, say, show, status, table
from jisr.errors import InputError
from jisr.evaluation.benchmarks import PAPER_SUITE, default_columns, expand
from jisr.evaluation.runner import EvalRun, register_sets, run_eval
from jisr.evaluation.sets import SAMPLE_SETS, EvalSet, SetSpec, parse_set_name
from jisr.evaluation.tasks import SCORINGS

_SUFFIXES = (".jsonl", ".csv", ".tsv", ".parquet", ".json")
PROBLEMS_SHOWN = 20


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{option}: '{value}' is not KEY=VALUE")
        pairs[key.strip()] = rest.strip()
    return pairs


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _data_files(data: Path, languages: list[str]) -> dict[str, Path]:
    """Files named NAME-LANG.<jsonl|csv|tsv|parquet|json> in DATA, for the languages asked."""
    found = {}
    for path in sorted(data.iterdir()):
        if path.suffix.lower() in _SUFFIXES and path.is_file():
            _, language = parse_set_name(path.stem, str(path))
            if language in languages:
                found[path.stem] = path
    return found


def set_specs(benchmarks: str | None, languages: str, data: Path | None, files: tuple[str, ...],
              columns: tuple[str, ...]) -> list[SetSpec]:
    """Which sets a command reads: --benchmarks x --languages from the hub (`all`: the four), or from --data when
    given; without --benchmarks, --data and --file stand alone (every NAME-LANG file there); --file adds sets.
    With none of the three, the bundled sample sets (SAMPLE_SETS)."""
    if benchmarks is None and data is None and not files:
        data = SAMPLE_SETS
        say("No sets named: reading the sample sets bundled with jisr (6 items each, written for jisr; "
            "--benchmarks all for the hub's, --data or --file for your own)", err=True)
    langs = _split(languages)
    for language in langs:
        parse_set_name(f"x-{language}", "--languages")
    from_data = _data_files(data, langs) if data else {}
    from_files = {}
    for name, path in _pairs(files, "--file").items():
        parse_set_name(name, "--file")
        from_files[name] = Path(path)
    if benchmarks is None and (data or from_files):
        names = list(dict.fromkeys([*from_data, *from_files]))
        if not names:
            raise InputError(f"{data}: no set files for {', '.join(langs)} (expected NAME-LANG with a suffix of "
                             f"{', '.join(_SUFFIXES)}, e.g. medqa-ar.jsonl)")
    else:
        names = [f"{b}-{lang}" for b in expand(_split(benchmarks or PAPER_SUITE)) for lang in langs]
        missing = [n for n in names if data and n not in from_data and n not in from_files]
        if missing:
            raise InputError(f"{data}: no file for {', '.join(missing)} (expected NAME-LANG with a suffix of "
                             f"{', '.join(_SUFFIXES)}, e.g. {missing[0]}.jsonl)")
        names += [n for n in from_files if n not in names]
    local = {**from_data, **from_files}
    overrides = _pairs(columns, "--columns")
    specs = []
    for name in names:
        benchmark, language = parse_set_name(name, name)
        mapping = default_columns(benchmark, language).with_overrides(overrides, "--columns") if overrides else None
        specs.append(SetSpec(benchmark, language, local.get(name), mapping))
    return specs


def _print_sets(sets: list[EvalSet], new: list[str]) -> None:
    rows = [[s.name, s.version, "new" if f"{s.name}@{s.version}" in new else "known", len(s.items),
             sum(not p.kept for p in s.problems), sum(p.kept for p in s.problems),
             s.source if s.source.startswith("hub:") else Path(s.source).name] for s in sets]
    show(table(["set", "version", "registered", "items", "left out", "noted", "source"], rows,
               title="Eval sets"))
    for note in (note for s in sets for note in s.notes):
        say(f"note: {note}")
    problems = [[s.name, Path(p.file).name, p.row, p.field, p.reason, "kept" if p.kept else "left out"]
                for s in sets for p in s.problems]
    if problems:
        show(table(["set", "file", "row", "field", "reason", "row is"], problems[:PROBLEMS_SHOWN],
                   title="Rows with problems",
                   caption=f"{len(problems)} in all; every one is in the eval_problems view"
                   if len(problems) > PROBLEMS_SHOWN else None))


def _print_scores(run: EvalRun) -> None:
    """One row per set: items scored, then each metric in % with its standard error."""
    metrics = list(dict.fromkeys(s.metric for s in run.scores))
    by_set: dict[str, dict] = {}
    for s in run.scores:
        row = by_set.setdefault(s.task.eval_set, {"n": s.n})
        row[s.metric] = (round(s.value * 100, 1), None if s.stderr is None else round(s.stderr * 100, 1))
    rows = [[name, row["n"], *(v for m in metrics for v in row.get(m, (None, None)))] for name, row in by_set.items()]
    show(table(["set", "items", *(h for m in metrics for h in (f"{m} %", "± stderr"))], rows,
               title=f"Run {run.run_id}"))
    if run.training_run_id:
        say(f"Model from training run {run.training_run_id} on mix {run.mix}")


def _set_options(command):
    """The options that pick eval sets, shared by `eval` and `eval register`."""
    for decorator in reversed((
        click.option("--benchmarks", default=None, metavar="LIST",
                     help="Hub sets, comma-separated: pubmedqa, medmcqa, medqa, mmlu (its six subjects), one "
                          "mmlu_<subject>, all (the four), or one of $JISR_BENCHMARK_PATH's (docs/evaluation.md) [default: with "
                          "--data or --file, the sets given there; "
                          "else the small sample sets bundled with jisr, which need no network]."),
        click.option("--languages", default="en,ar", show_default=True, metavar="LIST"),
        click.option("--data", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
                     help="A folder of local sets named NAME-LANG.jsonl|csv|tsv|parquet (e.g. medqa-ar.jsonl, "
                          "mmlu_anatomy-en.csv); read instead of the hub [default: the bundled sample sets, "
                          "evaluation/sample, unless --benchmarks or --file is given]."),
        click.option("--file", "files", multiple=True, metavar="NAME-LANG=PATH",
                     help="One local set; a NAME that is no benchmark is a set of your own (e.g. my_exam-ar=exam.csv). "
                          "Repeatable."),
        click.option("--columns", multiple=True, metavar="KEY=COLUMN",
                     help="Column mapping for every set read: question, options (A|B|C|D or one list column), "
                          "answer, answer_format (auto|letter|index|text), index_base (0|1), context, specialty, "
                          "level, id. Repeatable."),
    )):
        command = decorator(command)
    return command


@click.group("eval", invoke_without_command=True)
@click.option("--model", default=None, metavar="PATH_OR_ID", help="Base or fine-tuned model: a hub id or a folder.")
@click.option("--adapter", type=click.Path(file_okay=False, exists=True), default=None,
              help="A PEFT adapter folder (e.g. a `jisr train` output) applied to --model.")
@_set_options
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N items of each set.")
@click.option("--scoring", type=click.Choice(SCORINGS), default="fulltext", show_default=True,
              help="fulltext: log-likelihood of each option's text (the paper's); letter: of each option letter.")
@click.option("--chat-template", is_flag=True, help="Wrap each prompt in the model's chat template.")
@click.option("--device", default="auto", show_default=True, help="cpu, cuda, cuda:1, ... (auto: cuda if present).")
@click.option("--dtype", default="auto", show_default=True, help="Model weights' dtype (float32, bfloat16, ...).")
@click.option("--batch-size", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--backend", type=click.Choice(["hf", "vllm"]), default="hf", show_default=True,
              help="lm-eval's Hugging Face backend (CPU/GPU) or vLLM (GPU, its own environment).")
@click.pass_context
def eval_group(ctx: click.Context, model: str | None, adapter: str | None, benchmarks: str | None, languages: str,
               data: Path | None, files: tuple[str, ...], columns: tuple[str, ...], limit: int | None, scoring: str,
               chat_template: bool, device: str, dtype: str, batch_size: int, backend: str) -> None:
    """Score a model zero-shot on PubMedQA, MedMCQA, MedQA and medical MMLU in English and Arabic.

    Sets come from the hub (the paper's English sets and BiMediX's Arabic translations, --benchmarks),
    local files (--data, --file) or, with none named, the small sample sets shipped with jisr (no
    network needed); each is registered in the catalog with a content version, scored with
    lm-evaluation-harness, and every metric lands in the `eval_results` view, linked to the
    training run and mix when --adapter (or --model) is a `jisr train` output.

    \b
    Examples:
      jisr eval --model Qwen/Qwen2.5-0.5B-Instruct --benchmarks medqa --chat-template
      jisr eval --model Qwen/Qwen2.5-0.5B --adapter jisr-data/models/sweep-ar50-en50@1-Qwen2.5-0.5B
      jisr eval --model ./my-model --file my_exam-ar=exam.csv --columns answer=key
      jisr eval report
    """
    if ctx.invoked_subcommand:
        return
    if not model:
        raise click.UsageError("give --model (or a subcommand: report, register)")
    from jisr.evaluation.harness import ModelSpec
    from jisr.hub import require_model

    require_model(model, "--model")
    specs = set_specs(benchmarks, languages, data, files, columns)
    spec = ModelSpec(model, adapter, device, dtype, batch_size, chat_template, backend)
    say("Scoring ", (model, "bold"), (f" + {adapter}" if adapter else "") +
        f" on {len(specs)} sets ({scoring} scoring{', chat template' if chat_template else ''})")
    with libraries_to_log(), status(f"scoring {len(specs)} sets with lm-evaluation-harness"):
        run = run_eval(home_of(ctx), specs, spec, scoring, limit)
    _print_sets(run.sets, run.new_versions)
    _print_scores(run)
    say("Every score with n, interval and the tested EN - AR gap: jisr eval report")


@eval_group.command("register")
@_set_options
@click.pass_context
def register(ctx: click.Context, benchmarks: str | None, languages: str, data: Path | None, files: tuple[str, ...],
             columns: tuple[str, ...]) -> None:
    """Read and register eval sets without scoring a model (decontamination needs only the items)."""
    run = register_sets(home_of(ctx), set_specs(benchmarks, languages, data, files, columns))
    _print_sets(run.sets, run.new_versions)
    say(f"Run {run.run_id}: items are in the eval_items view")


@eval_group.command("report")
@click.option("--metric", type=click.Choice(["acc", "acc_norm"]), default="acc", show_default=True,
              help="acc: summed log-likelihood; acc_norm: divided by the option's length (fulltext scoring only).")
@click.option("--scoring", type=click.Choice(SCORINGS), default="fulltext", show_default=True)
@click.option("--wide", is_flag=True, help="The paper's Table 1 layout: a row per model, EN / AR / gap per benchmark.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md"]), default="table",
              show_default=True, help="csv and json: one record per score and per comparison, values 0-1.")
@click.pass_context
def report(ctx: click.Context, metric: str, scoring: str, wide: bool, fmt: str) -> None:
    """Zero-shot accuracy per task and language with n and 95% interval, and the tested EN - AR gap.

    One table per model in lm-eval's long format (task, language, metric, value, ±, n), then its
    comparisons: English minus Arabic and, for a fine-tuned model, minus its base model, each tested
    item by item on the same questions (McNemar) where the items pair up.
    """
    from jisr.evaluation.report import formats
    from jisr.evaluation.scores import score_report

    with Catalog.open(catalog_path(ctx), read_only=True) as catalog:
        result = score_report(catalog, metric, scoring)
    if not result.models:
        say(f"No {scoring} {metric} scores yet; run `jisr eval --model ...` first.")
        return
    if fmt != "table":
        click.echo(formats.to_markdown(result, wide) if fmt == "md" else
                   formats.to_csv(result) if fmt == "csv" else formats.to_json(result), nl=False)
        return
    if wide:
        show(table(*formats.wide_table(result), title=f"Zero-shot accuracy (%), {scoring} scoring, {metric}"))
    for model in result.models:
        if not wide:
            show(table(formats.LONG_COLUMNS, formats.long_rows(result, model),
                       title=Text(formats.title(result, model))))
        if model.comparisons:
            show(table(formats.COMPARISON_COLUMNS, formats.comparison_rows(model),
                       title=Text(f"{model.label}: differences")))
    for line in (formats.CAPTION, formats.COMPARISON_CAPTION, *result.notes):
        say(line, wrap=True)


from jisr.commands.open_eval import open_command  # noqa: E402

eval_group.add_command(open_command)
