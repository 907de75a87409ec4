"""Benchmark: build a 469.97M-token 50:50 mix from a synthetic ~1B-token catalog.

The catalog is written straight into DuckDB (records, token counts, a succeeded build run and its
decisions) because this measures mix building, not ingestion: 2.5M bilingual records of ~400 tokens.
Prints the time of each phase, the tokens achieved vs target per language, and the ratio to the
60 s target; then the Table 3 query (`composition`, what `jisr catalog summary` shows) read through the
statuses the catalog keeps, against the same query regrouping every decision (how `record_status` was
computed before), alternated in one process. Run: `python benchmarks/mixes.py [--records 2500000] [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from jisr.catalog import Catalog, lifecycle
from jisr.catalog.mixes import build_mix
from jisr.catalog.recipes import PAPER_BUDGET, recipe_from_dict

TARGET_SECONDS = 60.0
TABLE3 = "SELECT source, language, sum(records), sum(total_tokens) FROM {composition} GROUP BY ALL ORDER BY ALL"
# `composition` over the status regrouped from all decisions on every query (the view before statuses were kept).
REGROUPED = """(WITH per_run AS (
        SELECT d.record_id, d.run_id, r.finished_at, bool_and(d.kept) AS kept,
               arg_min(d.step, d.seq) FILTER (WHERE NOT d.kept) AS drop_step,
               arg_min(d.reason, d.seq) FILTER (WHERE NOT d.kept) AS drop_reason
        FROM store.decisions d JOIN store.runs r USING (run_id) WHERE r.status = 'succeeded'
        GROUP BY d.record_id, d.run_id, r.finished_at
    ), status AS (
        SELECT record_id, kept FROM per_run
        QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY finished_at DESC, run_id DESC) = 1)
    SELECT r.source, r.language, t.tokenizer, count(*) AS records, sum(t.total_tokens) AS total_tokens
    FROM store.records r JOIN store.token_counts t USING (record_id) JOIN status s USING (record_id)
    WHERE s.kept GROUP BY ALL)"""


def time_table3(path: Path, rounds: int = 5) -> tuple[float, float]:
    """Median seconds of the Table 3 query: through the kept statuses, and regrouping every decision."""
    kept, regrouped = [], []
    with Catalog.open(path, read_only=True) as cat:
        assert cat.con.execute(TABLE3.format(composition="composition")).fetchall() == \
            cat.con.execute(TABLE3.format(composition=REGROUPED)).fetchall()
        for _ in range(rounds):
            for times, source in ((kept, "composition"), (regrouped, REGROUPED)):
                started = time.perf_counter()
                cat.con.execute(TABLE3.format(composition=source)).fetchall()
                times.append(time.perf_counter() - started)
    return sorted(kept)[rounds // 2], sorted(regrouped)[rounds // 2]


def make_catalog(path: Path, records: int) -> float:
    """~400 Llama-3 tokens per record on average (uniform 50..750), half Arabic, half English."""
    started = time.perf_counter()
    with Catalog.open(path) as cat, lifecycle.run(cat, "build", {"benchmark": True}) as run, run.landing():
        run_id = run.run_id
        cat.con.execute(f"""
            INSERT INTO store.records (record_id, source, language, kind, prompt, response, created_run_id)
            SELECT lpad(to_hex(i), 20, '0'), CASE WHEN i % 2 = 0 THEN 'ar-src-' || (i % 6) ELSE 'en-src-' || (i % 6) END,
                   CASE WHEN i % 2 = 0 THEN 'ar' ELSE 'en' END, 'qa',
                   'question ' || i, 'answer ' || i || ' ' || repeat('x', (i % 97)::INT), '{run_id}'
            FROM range({records}) t(i)""")
        cat.con.execute(f"""
            INSERT INTO store.token_counts
            SELECT lpad(to_hex(i), 20, '0'), 'llama3', true, 20, 30 + (hash(i) % 701)::BIGINT,
                   50 + (hash(i) % 701)::BIGINT, '{run_id}'
            FROM range({records}) t(i)""")
        cat.con.execute(f"""
            INSERT INTO store.decisions SELECT '{run_id}', lpad(to_hex(i), 20, '0'), 0, 'ingest', true, NULL, NULL
            FROM range({records}) t(i)""")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2_500_000)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the catalog in this folder.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jisr-bench-"))
    path = folder / "catalog.ducklake"
    try:
        seconds_catalog = make_catalog(path, args.records)
        with Catalog.open(path, read_only=True) as cat:
            total = cat.con.execute("SELECT sum(total_tokens) FROM store.token_counts").fetchone()[0]
        print(f"catalog: {args.records:,} records, {total / 1e6:,.1f}M tokens, written in {seconds_catalog:.1f} s")
        recipe = recipe_from_dict({"name": "bench", "budget": PAPER_BUDGET, "ratio": "50:50", "seed": 2501,
                                   "validation": 0.01}, "benchmark")
        started = time.perf_counter()
        with Catalog.open(path) as cat:
            mix = build_mix(cat, recipe)
        seconds = time.perf_counter() - started
        print(f"mix build: {mix.records:,} records, {mix.tokens / 1e6:,.2f}M tokens in {seconds:.1f} s "
              f"(target < {TARGET_SECONDS:.0f} s: {seconds / TARGET_SECONDS:.2f}x of the limit)")
        for split, targets in mix.targets.items():
            for language, target in targets.items():
                got = mix.achieved[split][language]
                print(f"  {split:<10} {language}: {got:,} of {target:,} tokens ({(got - target) / target:+.5%})")
        started = time.perf_counter()
        with Catalog.open(path) as cat:
            again = build_mix(cat, recipe)
        print(f"rebuild (same recipe, no new version: {not again.created}): {time.perf_counter() - started:.1f} s")
        kept, regrouped = time_table3(path)
        print(f"Table 3 query (composition): {kept * 1000:,.0f} ms through kept statuses, {regrouped * 1000:,.0f} ms "
              f"regrouping every decision ({regrouped / kept:.1f}x)")
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
