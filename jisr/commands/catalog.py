"""`jisr catalog ...`: what the catalog holds (summary, runs, per-source accounting, quarantine, why a record
is where it is) and `catalog migrate`; on the main group. `jisr build` prints the same summary."""

from __future__ import annotations

import json
from pathlib import Path

import click

from jisr.catalog import Catalog
from jisr.commands.home import catalog_path, home_of
from jisr.display import line, say, show, table
from jisr.errors import JisrError


@click.group()
def catalog() -> None:
    """Look at what the catalog holds: summaries, runs, accounting, quarantine, decisions."""


@catalog.command()
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Move a single-file catalog (catalog.duckdb, jisr before the lake) into catalog.ducklake, every row
    counted and checked by hash; the old file is kept as catalog.duckdb.migrated."""
    from jisr.catalog.migrate import migrate as move

    moved = move(home_of(ctx))
    show(table(["table", "rows"], [(m.table, m.rows) for m in moved], caption="moved into the lake, checked by hash"))


@catalog.command()
@click.option("--tokenizer", default="llama3", show_default=True, help="Whose token counts to show.")
@click.pass_context
def summary(ctx: click.Context, tokenizer: str) -> None:
    """Kept records and tokens by source x language (the paper's Table 3), and why the rest were not kept."""
    with Catalog.open(catalog_path(ctx), read_only=True) as cat:
        print_drops(cat)
        print_summary(cat, tokenizer)


@catalog.command()
@click.option("--limit", type=int, default=20, show_default=True)
@click.pass_context
def runs(ctx: click.Context, limit: int) -> None:
    """Recent runs: what ran (the run id holds its start time, UTC), for how long (the whole command), what it did."""
    with Catalog.open(catalog_path(ctx), read_only=True) as cat:
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
    with Catalog.open(catalog_path(ctx), read_only=True) as cat:
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
    with Catalog.open(catalog_path(ctx), read_only=True) as cat:
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

    with Catalog.open(catalog_path(ctx), read_only=True) as cat:
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


def print_summary(catalog: Catalog, tokenizer: str) -> None:
    """The paper's Table 3 layout: kept records and tokens per source x language, with language totals."""
    # Every tokenizer's rows (a few), filtered here: binding a parameter makes DuckDB import pandas (0.25 s).
    relation = catalog.query("""
        SELECT tokenizer, source, language, records, prompt_tokens, response_tokens, total_tokens
        FROM composition ORDER BY language, source""")
    rows = [row[1:] for row in relation.fetchall() if row[0] == tokenizer]
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


def print_drops(catalog: Catalog) -> None:
    """Why records are not kept (latest decision per record, counted in `drops`) and why rows were quarantined
    (latest build)."""
    relation = catalog.query("""
        SELECT source, 'dropped' AS outcome, drop_step AS step, drop_reason AS reason, records FROM drops
        UNION ALL
        SELECT source, 'quarantined', 'ingest', regexp_extract(reason, '^[a-z_]+'), count(*) FROM quarantine
        WHERE run_id = (SELECT max(run_id) FROM runs WHERE command = 'build' AND status = 'succeeded') GROUP BY ALL
        ORDER BY source, outcome, records DESC, step, reason""")
    rows = relation.fetchall()
    if rows:
        show(table(relation.columns, rows, title="Not kept, by source and reason"))
