"""The `jisr` command: one entry point for building, querying and (later) mixing, reviewing, training.

Every command that writes gets a run id in the catalog. Errors a user can fix print one line and exit
non-zero; nothing is written when they happen.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import click

from jisr import __version__
from jisr.catalog import CATALOG_FILE, Catalog
from jisr.catalog.export import DEFAULT_HOME
from jisr.catalog.recipes import PAPER_RATIOS
from jisr.display import line, progress_bar, route_library_logs, say, show, status, table
from jisr.errors import JisrError

FIRST_QUERY = "SELECT source, language, count(*) AS records FROM records WHERE kept GROUP BY ALL ORDER BY ALL"


class JisrGroup(click.Group):
    """Turns `JisrError`s into a one-line message and exit status 1 instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except JisrError as exc:
            say(("error:", "bold red"), f" {exc}", err=True)
            ctx.exit(1)


def _home(ctx: click.Context) -> Path:
    return ctx.find_root().obj["home"]


def _catalog_path(ctx: click.Context) -> Path:
    return _home(ctx) / CATALOG_FILE


@click.group(cls=JisrGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), envvar="JISR_HOME",
              default=DEFAULT_HOME, show_default=True,
              help="Folder for everything jisr writes (catalog, exports, reports). Env: JISR_HOME.")
@click.option("--catalog", "catalog_url", envvar="JISR_CATALOG", default=None, metavar="URL",
              help="A team's shared catalog, postgres://host/db?data=FOLDER, in place of the home's own "
                   "(docs/catalog.md). Env: JISR_CATALOG.")
@click.version_option(__version__, prog_name="jisr")
@click.pass_context
def main(ctx: click.Context, home: Path, catalog_url: str | None) -> None:
    """jisr (جسر, "bridge"): Arabic/English medical LLM training data you can query and reproduce.

    \b
    Start here:
      jisr build                 build the catalog from the bundled sample data
      jisr catalog summary       records and tokens by source x language (the paper's Table 3)
      jisr sql "SELECT ..."      query the catalog (read-only); views are listed in docs/catalog.md
    """
    ctx.obj = {"home": home}
    if catalog_url:
        from jisr.catalog.lake import use_shared

        use_shared(catalog_url)  # for every catalog this process and its workers open
    route_library_logs(home)


@main.command()
@click.argument("config", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def build(ctx: click.Context, config: Path | None) -> None:
    """Ingest sources, curate, count tokens and record it all in the catalog.

    CONFIG is a build YAML (see docs/configuration.md); without it the bundled sample data is used.
    Running the same build twice adds no duplicate records.
    """
    from jisr.build import run_build
    from jisr.config import load_config

    cfg = load_config(config)
    catalog_path = _catalog_path(ctx)
    say("Building ", (cfg.name, "bold"), f" from {cfg.path}")
    _print_notes(cfg.notes)
    with progress_bar() as progress:
        result = run_build(cfg, catalog_path, progress)
    _print_notes(result.notes[len(cfg.notes):])
    rows = [[a["source"], a["read"], a["kept"], a["dropped"], a["quarantined"]] for a in result.accounting]
    show(table(["source", "read", "kept", "dropped", "quarantined"], rows,
               title=f"Run {result.run_id}: read = kept + dropped + quarantined",
               caption=f"{result.new_records:,} new records in the catalog"))
    with Catalog.open(catalog_path, read_only=True) as catalog:
        _print_drops(catalog)
        _print_summary(catalog, cfg.tokenizers[0])
    say("\nCatalog: ", (str(catalog_path.resolve()), "bold"))
    home = "" if _home(ctx) == Path(DEFAULT_HOME) else f"--home {_home(ctx)} "
    say(f'Try:     jisr {home}sql "{FIRST_QUERY}"')


def _print_notes(notes) -> None:
    """What a command decided on the user's behalf (a column matched ignoring case, a language detected)."""
    for note in notes:
        say(f"note: {note}", err=True)


def _print_summary(catalog: Catalog, tokenizer: str) -> None:
    """The paper's Table 3 layout: kept records and tokens per source x language, with language totals."""
    relation = catalog.query("""
        SELECT source, language, records, prompt_tokens, response_tokens, total_tokens
        FROM composition WHERE tokenizer = ?
        ORDER BY language, source""", [tokenizer])
    rows = relation.fetchall()
    if not rows:
        say(f"No kept records with {tokenizer} token counts yet.")
        return
    totals: dict[str, list[int]] = {}
    for _, language, *numbers in rows:
        acc = totals.setdefault(language, [0, 0, 0, 0])
        for i, n in enumerate(numbers):
            acc[i] += n
    shown = [list(r) for r in rows]
    shown += [[f"Total {language}", language, *numbers] for language, numbers in totals.items()]
    show(table(["source", "language", "records", "prompt tokens", "response tokens", "tokens"], shown,
               title=f"Kept records and tokens by source x language ({tokenizer})"))


def _print_drops(catalog: Catalog) -> None:
    """Why records are not kept (latest decision per record) and why rows were quarantined (latest build)."""
    relation = catalog.query("""
        SELECT source, 'dropped' AS outcome, drop_step AS step, drop_reason AS reason, count(*) AS records
        FROM records WHERE NOT kept GROUP BY ALL
        UNION ALL
        SELECT source, 'quarantined', 'ingest', regexp_extract(reason, '^[a-z_]+'), count(*) FROM quarantine
        WHERE run_id = (SELECT max(run_id) FROM runs WHERE command = 'build' AND status = 'succeeded') GROUP BY ALL
        ORDER BY source, outcome, records DESC""")
    rows = relation.fetchall()
    if rows:
        show(table(relation.columns, rows, title="Not kept, by source and reason"))


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--max-rows", type=int, default=200, show_default=True, help="Rows shown in table format.")
@click.option("--as-of", "as_of", metavar="RUN_ID", default=None,
              help="Answer as the catalog stood when this run finished (see `jisr catalog runs`).")
@click.pass_context
def sql(ctx: click.Context, query: str, fmt: str, max_rows: int, as_of: str | None) -> None:
    """Run a read-only SQL QUERY on the catalog.

    \b
    Example:
      jisr sql "SELECT source, language, count(*) FROM records WHERE kept GROUP BY ALL"
    """
    from jisr.catalog.readonly import lock_file_access

    with Catalog.open(_catalog_path(ctx), read_only=True, as_of=as_of) as catalog:
        lock_file_access(catalog.con, catalog.location)
        relation = catalog.query(query)
        columns = relation.columns
        if fmt == "table":
            rows = relation.fetchmany(max_rows + 1)
            caption = f"first {max_rows} rows; use --format csv for all" if len(rows) > max_rows else None
            show(table(columns, rows[:max_rows], caption=caption))
            return
        rows = relation.fetchall()
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        json.dump([dict(zip(columns, r)) for r in rows], sys.stdout, ensure_ascii=False, indent=1, default=_json)
        sys.stdout.write("\n")


def _json(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


@main.group()
def catalog() -> None:
    """Look at what the catalog holds: summaries, runs, accounting, quarantine, decisions."""


@catalog.command()
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Move a single-file catalog (catalog.duckdb, jisr before the lake) into catalog.ducklake, every row
    counted and checked by hash; the old file is kept as catalog.duckdb.migrated."""
    from jisr.catalog.migrate import migrate as move

    moved = move(_home(ctx))
    show(table(["table", "rows"], [(m.table, m.rows) for m in moved], caption="moved into the lake, checked by hash"))


@catalog.command()
@click.option("--tokenizer", default="llama3", show_default=True, help="Whose token counts to show.")
@click.pass_context
def summary(ctx: click.Context, tokenizer: str) -> None:
    """Kept records and tokens by source x language (the paper's Table 3), and why the rest were not kept."""
    with Catalog.open(_catalog_path(ctx), read_only=True) as cat:
        _print_drops(cat)
        _print_summary(cat, tokenizer)


@catalog.command()
@click.option("--limit", type=int, default=20, show_default=True)
@click.pass_context
def runs(ctx: click.Context, limit: int) -> None:
    """Recent runs: what ran (the run id holds its start time, UTC), for how long (the whole command), what it did."""
    with Catalog.open(_catalog_path(ctx), read_only=True) as cat:
        relation = cat.query(f"""SELECT run_id, command, status, round(epoch(finished_at - started_at), 1) AS seconds,
            params, summary FROM runs ORDER BY started_at DESC LIMIT {int(limit)}""")
        rows = [[run_id, command, seconds, run_did(command, status, json.loads(params or "{}"), json.loads(summary or "{}"))]
                for run_id, command, status, seconds, params, summary in relation.fetchall()]
    show(table(["run", "command", "seconds", "did"], rows, title="Runs", width=200, whole=("run",)))


def _total(items: list[dict], key: str) -> int:
    return sum(item.get(key) or 0 for item in items)


def run_did(command: str, status: str, params: dict, summary: dict) -> str:
    """One line from a run's status, params and summary: what a person scanning `catalog runs` wants to know."""
    if status != "succeeded":
        return f"{status}: {summary['error']}" if summary.get("error") else status
    sources = summary.get("sources")
    if isinstance(sources, list):  # build, translate, paraphrase, synth: per-source accounting
        counts = ", ".join(f"{key} {_total(sources, key):,}" for key in ("read", "kept", "dropped", "quarantined"))
        new = f"; {summary['new_records']:,} new records" if "new_records" in summary else ""
        return f"{len(sources)} sources: {counts}{new}"
    if command == "mix build" and "mix" in summary:
        return f"published {summary['mix']}: {summary.get('records', 0):,} records, {summary.get('tokens', 0):,} tokens"
    if command == "train":
        loss = summary.get("final_loss")
        ending = f", final loss {loss:.4f}" if isinstance(loss, float) else ""
        return f"{Path(str(params.get('base_model'))).name} on {params.get('mix')}{ending}"
    if isinstance(summary.get("sets"), dict):  # eval, eval register, translate-test
        model = f"{Path(str(params['model'])).name} on " if params.get("model") else ""
        scores = f", {summary['results']:,} scores" if "results" in summary else ""
        return f"{model}{len(summary['sets'])} sets ({summary.get('items', 0):,} items){scores}"
    return ", ".join(f"{key} {value}" for key, value in summary.items() if isinstance(value, (int, float, str)))


@catalog.command()
@click.option("--run", "run_id", default=None, help="A run id (default: the latest build).")
@click.pass_context
def sources(ctx: click.Context, run_id: str | None) -> None:
    """Per-source accounting of a run: read = kept + dropped + quarantined."""
    with Catalog.open(_catalog_path(ctx), read_only=True) as cat:
        run_id = run_id or _latest_run(cat)
        relation = cat.query("""SELECT source, source_version, "read", kept, dropped, quarantined, balanced
            FROM run_sources WHERE run_id = ? ORDER BY source""", [run_id])
        show(table(relation.columns, relation.fetchall(), title=f"Sources of {run_id}"))
        reasons = cat.query("""
            SELECT source, 'dropped' AS outcome, reason, count(*) AS records FROM decisions
              JOIN provenance USING (run_id, record_id)
              WHERE run_id = $run AND NOT kept GROUP BY ALL
            UNION ALL
            SELECT source, 'quarantined', reason, count(*) FROM quarantine WHERE run_id = $run GROUP BY ALL
            ORDER BY ALL""", {"run": run_id})
        show(table(reasons.columns, reasons.fetchall(), title="Reasons"))


def _latest_run(cat: Catalog) -> str:
    row = cat.query("SELECT run_id FROM runs WHERE command = 'build' AND status = 'succeeded' "
                    "ORDER BY finished_at DESC LIMIT 1").fetchone()
    if row is None:
        raise JisrError("no finished build in the catalog yet; run `jisr build`")
    return row[0]


@catalog.command()
@click.option("--run", "run_id", default=None, help="A run id (default: the latest build).")
@click.option("--source", default=None)
@click.option("--limit", type=int, default=50, show_default=True)
@click.pass_context
def quarantine(ctx: click.Context, run_id: str | None, source: str | None, limit: int) -> None:
    """Rows that could not become records, with file, row, field and reason."""
    with Catalog.open(_catalog_path(ctx), read_only=True) as cat:
        run_id = run_id or _latest_run(cat)
        where = "run_id = $run" + (" AND source = $source" if source else "")
        relation = cat.query(f"""SELECT source, regexp_extract(file, '[^/]*$') AS file, "row", field, reason
            FROM quarantine WHERE {where} ORDER BY source, file, "row" LIMIT {int(limit)}""",
            {"run": run_id, **({"source": source} if source else {})})
        show(table(relation.columns, relation.fetchall(), title=f"Quarantine of {run_id}"))


@catalog.command()
@click.argument("record_id")
@click.pass_context
def why(ctx: click.Context, record_id: str) -> None:
    """Explain a record: where it was read, and every step's decision on it, run by run.

    RECORD_ID may be a unique prefix. For a translation, also its chain: English source, machine
    translation (model, calls), reviews, verdict, correction and the mixes that hold it.
    """
    from jisr.catalog.lineage import resolve_record_id

    with Catalog.open(_catalog_path(ctx), read_only=True) as cat:
        record_id = resolve_record_id(cat.con, record_id)
        found = cat.query("SELECT source, language, kind, kept, drop_reason, prompt FROM records WHERE record_id = ?",
                          [record_id]).fetchone()
        if found is None:
            raise JisrError(f"no record '{record_id}' in the catalog")
        source, language, kind, kept, reason, prompt = found
        status = line(("kept", "green")) if kept else line(("dropped", "red"), f" ({reason})")
        say("Record ", (record_id, "bold"), f" ({source}, {language}, {kind}): ", status)
        show(table(["prompt"], [[prompt]], width=200))
        decisions = cat.query("""SELECT d.run_id, d.step, d.kept, d.reason, d.detail, p.file, p."row"
            FROM decisions d LEFT JOIN provenance p USING (run_id, record_id)
            WHERE record_id = ? ORDER BY d.run_id, d.seq""", [record_id]).fetchall()
        for run_id, step, step_kept, step_reason, detail, file, row in decisions:
            if step == "ingest":
                where = f"{file}, row {row}" if row is not None else file
                say(f"{run_id}: read from {where}")
                continue
            verdict = "kept" if step_kept else f"dropped: {step_reason}" + (f" ({detail})" if detail else "")
            say(f"{run_id}:   {step}: {verdict}")
        _print_chain(cat, record_id)


def _print_chain(cat: Catalog, record_id: str) -> None:
    from jisr.catalog.lineage import translation_chain

    chain = translation_chain(cat.con, record_id)
    if chain is None:
        return
    english_id, english_source, english_prompt = chain["english"]
    say(f"English source: {english_id} ({english_source})")
    if english_prompt:
        show(table(["English prompt"], [[english_prompt]], width=200))
    say(f"machine translation: {chain['machine_translation']} by {chain['model'] or 'unknown model'}")
    for task, model, run_id, finish, outcome in chain["calls"]:
        say(f"  call {task} ({model}, {run_id}): finish {finish}, outcome {outcome}")
    for reviewer, status, adequacy, fluency, errs, ter, dataset in chain["reviews"]:
        scores = f"adequacy {adequacy}, fluency {fluency}" + (f", TER {ter}" if ter is not None else "")
        say(f"  review by {reviewer} ({dataset}, {status}): {scores}" + (f"; errors {', '.join(errs)}" if errs else ""))
    if chain["verdict"]:
        verdict, decided_by, correction_id, pull = chain["verdict"]
        say(f"verdict: {verdict} (decided by {decided_by or 'nobody yet'}" + (f", pull {pull})" if pull else ")"))
        if correction_id:
            say(f"correction: {correction_id} (replaces the machine translation in mixes)")
    held = [f"{mix} ({split}{', correction' if rid != chain['machine_translation'] else ''})"
            for mix, split, rid in chain["mixes"]]
    say(f"in mixes: {', '.join(held) if held else 'none'}")


@main.group()
def mix() -> None:
    """Versioned training mixes at exact token ratios (build, sweep, list, show, diff, export)."""


def _print_mix(result) -> None:
    verb = "published" if result.created else "unchanged: same recipe and catalog as"
    say(f"{verb} ", (result.ref, "bold"), f"  {result.records:,} records, {result.tokens:,} tokens  "
        f"manifest {result.manifest_hash[:12]}")
    rows = [[split, language, target, result.achieved[split].get(language, 0),
             f"{(result.achieved[split].get(language, 0) - target) / target:+.4%}" if target else ""]
            for split, targets in result.targets.items() for language, target in targets.items()]
    show(table(["split", "language", "target tokens", "tokens", "off by"], rows))


@mix.command("build")
@click.argument("recipe", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--allow-shortfall", is_flag=True, help="Publish even if a language falls short of its target.")
@click.pass_context
def mix_build(ctx: click.Context, recipe: Path, allow_shortfall: bool) -> None:
    """Sample RECIPE (YAML) from the catalog and publish it as NAME@VERSION.

    The same recipe on the same catalog gives the same version; anything else a new version.
    """
    from jisr.catalog.mixes import build_mix
    from jisr.catalog.recipes import load_recipe

    parsed = load_recipe(recipe)
    with Catalog.open(_catalog_path(ctx)) as cat, status(f"sampling {parsed.name} from the catalog"):
        result = build_mix(cat, parsed, allow_shortfall)
    _print_mix(result)


@mix.command("sweep")
@click.option("--budget", default="469.97M", show_default=True, help="Train tokens per mix (469.97M is the paper's).")
@click.option("--ratios", default=",".join(PAPER_RATIOS), show_default=True,
              help="Arabic:English ratios, comma-separated.")
@click.option("--tokenizer", default="llama3", show_default=True)
@click.option("--prefix", default="sweep", show_default=True, help="Mixes are named PREFIX-arA-enE.")
@click.option("--eligible", multiple=True, help="SQL predicate over `records` (repeatable).")
@click.option("--validation", type=float, default=0.0, show_default=True, help="Validation tokens as a fraction of train.")
@click.option("--seed", type=int, default=2501, show_default=True)
@click.option("--allow-shortfall", is_flag=True)
@click.option("--review", type=click.Choice(["gate", "all", "reviewed"]), default="gate", show_default=True,
              help="How expert verdicts decide translations (docs/mixes.md).")
@click.pass_context
def mix_sweep(ctx: click.Context, budget: str, ratios: str, tokenizer: str, prefix: str, eligible: tuple[str, ...],
              validation: float, seed: int, allow_shortfall: bool, review: str) -> None:
    """Build one mix per Arabic:English ratio at a fixed budget (the paper's seven by default)."""
    from jisr.catalog.mixes import build_mix
    from jisr.catalog.recipes import sweep_recipes

    recipes = sweep_recipes(ratios.split(","), budget, prefix, tokenizer, eligible, validation, seed, review)
    with Catalog.open(_catalog_path(ctx)) as cat:
        for parsed in recipes:
            with status(f"sampling {parsed.name} from the catalog"):
                result = build_mix(cat, parsed, allow_shortfall)
            _print_mix(result)


@mix.command("list")
@click.pass_context
def mix_list(ctx: click.Context) -> None:
    """Every published version."""
    with Catalog.open(_catalog_path(ctx), read_only=True) as cat:
        relation = cat.query("SELECT mix, ratio, tokenizer, budget, records, tokens, left(manifest_hash, 12) AS manifest, "
                             "strftime(created_at, '%Y-%m-%d %H:%M') AS created FROM mixes ORDER BY name, version")
        show(table(relation.columns, relation.fetchall(), title="Mixes"))


@mix.command("show")
@click.argument("ref")
@click.pass_context
def mix_show(ctx: click.Context, ref: str) -> None:
    """Composition of NAME@VERSION by split, language and source."""
    from jisr.catalog.mixes import summary_rows

    with Catalog.open(_catalog_path(ctx), read_only=True) as cat:
        rows = summary_rows(cat, ref)
    show(table(["split", "language", "source", "records", "tokens"],
               [list(r.values()) for r in rows], title=ref))


@mix.command("diff")
@click.argument("ref_a")
@click.argument("ref_b")
@click.pass_context
def mix_diff(ctx: click.Context, ref_a: str, ref_b: str) -> None:
    """What changed between two versions, by split, source and language."""
    from jisr.catalog.mixes import diff, review_changes

    with Catalog.open(_catalog_path(ctx), read_only=True) as cat:
        frame = diff(cat, ref_a, ref_b)
        changes = review_changes(cat, ref_a, ref_b)
    show(table(frame.columns, frame.rows(), title=f"{ref_a} vs {ref_b}"))
    if changes.height:
        show(table(changes.columns, changes.rows(), title="translations that left or entered, by verdict"))


@mix.command("export")
@click.argument("ref")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write (default: HOME/mixes/NAME@VERSION).")
@click.pass_context
def mix_export(ctx: click.Context, ref: str, out: Path | None) -> None:
    """Write NAME@VERSION as Parquet, a Hugging Face DatasetDict and a dataset card."""
    from jisr.catalog import export_mix

    with Catalog.open(_catalog_path(ctx), read_only=True) as cat, status(f"verifying and writing {ref}"):
        path = export_mix(cat, ref, out, _home(ctx))
    say("Wrote ", (str(path), "bold"), " (train/validation .parquet, hf/ for datasets.load_from_disk, README.md)")


@main.command("adapters")
def list_adapters() -> None:
    """The source shapes a build config can name as `adapter:`."""
    from jisr.corpus.sources.adapters import ADAPTERS

    rows = [[name, a.language or "(config)", a.license or "", a.hub_id or "", a.doc] for name, a in ADAPTERS.items()]
    show(table(["adapter", "language", "licence", "hub id", "reads"], rows, width=90))


def _register_subcommands() -> None:
    """Commands that live beside the code they drive (imported lazily: they pull in heavy libraries)."""
    from jisr.commands.review import review
    from jisr.commands.generate import paraphrase, synth, translate, translate_mcq
    from jisr.commands.eval import eval_group
    from jisr.commands.report import report
    from jisr.commands.sweep import sweep
    from jisr.commands.translate_test import translate_test
    from jisr.commands.train import tiny_model, train

    eval_group.add_command(translate_test)  # here, not in commands/eval.py, which commands/translate_test.py imports
    for command in (translate, translate_mcq, paraphrase, synth, train, tiny_model, eval_group, sweep, report, review):
        main.add_command(command)


_register_subcommands()

if __name__ == "__main__":  # pragma: no cover
    main(prog_name="jisr")
