"""`jisr eval open`: the command line of evaluation/open_eval.py (registered on the `eval` group)."""

from __future__ import annotations

from pathlib import Path

import click

from jisr.catalog import CATALOG_FILE
from jisr.commands.home import home_of
from jisr.commands.registry_choice import RegistryChoice
from jisr.corpus.generation.backends import BACKENDS, BackendSpec, Sampling
from jisr.commands.generate import backend_options
from jisr.display import calls_progress, say, show, table


@click.command("open")
@backend_options
@click.option("--judge-model", default=None, help="The judge [default: --model itself].")
@click.option("--judge-backend", type=RegistryChoice(BACKENDS), default=None, help="[default: --backend]")
@click.option("--judge-base-url", default=None, help="[default: --base-url]")
@click.option("--questions", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="JSONL/CSV/Parquet of open questions (question, language, optional reference, specialty, id, "
                   "pair) [default: the bundled bilingual set].")
@click.option("--hub", default=None, help="A hub dataset id of open questions instead (split test).")
@click.option("--name", default="jisr_open", show_default=True, help="Registered as eval sets NAME-en, NAME-ar.")
@click.option("--mix", default=None, help="The mix (NAME@VERSION) the model was trained on, if jisr cannot tell.")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--judge-retries", type=click.IntRange(min=0), default=2, show_default=True)
@click.option("--calibration-threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True)
@click.option("--rubric", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None)
@click.pass_context
def open_command(ctx, backend, model, base_url, concurrency, timeout, tensor_parallel_size, max_new_tokens,
                 temperature, top_p, seed, judge_model, judge_backend, judge_base_url, questions, hub, name, mix,
                 limit, judge_retries, calibration_threshold, rubric) -> None:
    """MODEL answers open medical questions; a judge grades each answer per rubric criterion.

    The judge first grades a calibration set with known verdicts (flagged below the threshold);
    scores, rationales, signals (chrF, language, length, residual English) and judge checks land in
    the open_* views. Calls are cached in `generations`, so a rerun resumes.
    """
    from jisr.evaluation.open_eval import OpenJob, run_open

    home = home_of(ctx)
    answerer = BackendSpec(backend, model, concurrency, base_url, timeout, tensor_parallel_size)
    judge = BackendSpec(judge_backend or backend, judge_model or model, concurrency, judge_base_url or base_url,
                        timeout, tensor_parallel_size)
    job = OpenJob(answerer, judge, questions, hub, name, Sampling(max_new_tokens, temperature, top_p, seed),
                  judge_retries=judge_retries, calibration_threshold=calibration_threshold, rubric=rubric,
                  limit=limit, mix=mix)
    with calls_progress() as progress:
        result = run_open(home / CATALOG_FILE, job, progress)
    show(table(["check", "value", "n", "flagged"],
               [[c["check"], None if c["value"] is None else round(c["value"], 3), c["n"],
                 "FLAGGED" if c["flagged"] else ""] for c in result.checks], title=f"Run {result.run_id}"))
    say(f"{result.answers} answers, {result.scored} graded, {result.malformed} malformed judge replies, "
                  f"{result.failed} failed calls; see the open_scores view")
    if result.quarantined:
        say(f"{result.quarantined} of {result.questions_read} question rows quarantined (file, row, field "
                      "and reason in the eval_problems view)")
