"""Benchmark: the catalog before and after the lake (issue #12), and many small commits.

Run with any jisr's Python, so the single-file catalog (the jisr before the lake) and the lake can be
timed alternately on one noisy machine:

    python benchmarks/catalog_lake.py make DIR [--records 2500000]   # the synthetic catalog of benchmarks/mixes.py,
                                                                     # then a run that drops 10% of its records
                                                                     # and records 3 signals for each
    python benchmarks/catalog_lake.py docs DIR                       # median ms of each docs/catalog.md example query
    python benchmarks/catalog_lake.py summary DIR [--jisr PATH]      # median s of the whole `jisr catalog summary`
    python benchmarks/catalog_lake.py table3 DIR                     # median ms of the Table 3 query (5 runs)
    python benchmarks/catalog_lake.py composition DIR                # Table 3: kept composition vs the join, alternated
    python benchmarks/catalog_lake.py land DIR [--records 100000]    # seconds to land a build of N new records
    python benchmarks/catalog_lake.py small DIR [--commits 1000]     # N one-row commits, query time, compaction

With `JISR_CATALOG=postgres://...` set, each works on that team catalog instead (DIR then only names the
home). `docs` runs every SQL example of docs/catalog.md (its ```sql blocks and `con.sql(...)` lines), a
placeholder `<record_id>` replaced by a real id and snapshot 12 by the latest. `summary` runs the command as a user does, in a new process
each time (`--jisr`: another jisr's executable, to compare before and after).

`land` writes what a build lands for each record (the record, one decision, one signal, a token count, its
provenance) through Parquet files in one transaction, as catalog/landing.py does for a build.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import polars as pl

sys.path.insert(0, str(Path(__file__).parent))
from mixes import TABLE3, make_catalog  # noqa: E402

from jisr.catalog import CATALOG_FILE, Catalog, lifecycle  # noqa: E402


def table3(path: Path, rounds: int = 5) -> float:
    with Catalog.open(path, read_only=True) as cat:
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            cat.con.execute(TABLE3.format(composition="composition")).fetchall()
            times.append(time.perf_counter() - started)
    return sorted(times)[rounds // 2]


# `composition` as it was before store.composition: every kept record joined with its token counts.
JOINED = """(SELECT r.source, r.language, t.tokenizer, count(*) AS records, sum(t.total_tokens) AS total_tokens
    FROM records r JOIN store.token_counts t USING (record_id) WHERE r.kept GROUP BY ALL)"""


def composition_rounds(path: Path, rounds: int = 5) -> list[tuple[float, float]]:
    """(joined, kept) seconds of the Table 3 query per round, the two alternated on one connection."""
    with Catalog.open(path, read_only=True) as cat:
        pairs = []
        for _ in range(rounds):
            times = []
            for source in (JOINED, "composition"):
                started = time.perf_counter()
                answer = cat.con.execute(TABLE3.format(composition=source)).fetchall()
                times.append(time.perf_counter() - started)
            pairs.append((times[0], times[1]))
            assert answer == cat.con.execute(TABLE3.format(composition=JOINED)).fetchall()
    return pairs


def drop_some(path: Path) -> None:
    """A second build that drops every tenth record (three steps, three reasons), so `drops` has rows, and
    records three signals for every record."""
    with Catalog.open(path) as cat, lifecycle.run(cat, "build", {"benchmark": "drops"}) as run, \
            run.landing() as landing:
        landing.con.execute(f"""INSERT INTO store.decisions
            SELECT '{run.run_id}', record_id, 0, ['quality', 'exact_dedup', 'language_id'][n % 3 + 1], false,
                   ['too_short', 'duplicate', 'wrong_language'][n % 3 + 1], NULL
            FROM (SELECT record_id, row_number() OVER (ORDER BY record_id) AS n FROM store.records)
            WHERE n % 10 = 0""")
        # Three signals per record, as language ID and quality record them, so the docs' queries over `signals`
        # read a table of a real build's shape (9M rows at 3M records).
        landing.con.execute(f"""INSERT INTO store.signals
            SELECT '{run.run_id}', record_id, s.step, s.name, (hash(record_id || s.name) % 1000) / 1000.0, NULL
            FROM store.records, (VALUES ('language_id', 'latin_word_share'), ('language_id', 'detected_language_score'),
                                        ('quality', 'words')) s(step, name)""")


def docs_queries() -> list[str]:
    """Every SQL example of docs/catalog.md, one statement each."""
    import duckdb

    text = (Path(__file__).parents[1] / "docs" / "catalog.md").read_text()
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S) + re.findall(r'con\.sql\("(.*?)"\)', text)
    return [statement.query.strip() for block in blocks for statement in duckdb.extract_statements(block)]


def docs(path: Path, rounds: int = 5) -> Iterator[tuple[float, int, str]]:
    """(median seconds, rows, query) of each docs example as it is timed, on one read-only connection."""
    with Catalog.open(path, read_only=True) as cat:
        record_id = cat.con.execute("SELECT min(record_id) FROM store.records").fetchone()[0]
        snapshot = cat.con.execute("SELECT max(snapshot_id) FROM store.snapshots()").fetchone()[0]
        for query in docs_queries():
            query = query.replace("<record_id>", record_id).replace("VERSION => 12", f"VERSION => {snapshot}")
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                answer = cat.con.execute(query).fetchall()
                times.append(time.perf_counter() - started)
            yield statistics.median(times), len(answer), query


def summary(folder: Path, jisr: str | None, rounds: int = 5) -> float:
    """Median seconds of `jisr catalog summary`, start to exit, each in a new process."""
    command = [jisr] if jisr else [sys.executable, "-m", "jisr.cli"]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([*command, "--home", str(folder), "catalog", "summary"], check=True, capture_output=True,
                       env={**os.environ, "COLUMNS": "120"})
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def land(path: Path, records: int) -> float:
    with Catalog.open(path, read_only=True) as cat:
        offset = cat.con.execute("SELECT count(*) FROM store.records").fetchone()[0] + 10**9
    ids = pl.int_range(offset, offset + records, eager=True).map_elements(lambda i: f"{i:020x}", return_dtype=pl.String)
    frames = {
        "records": pl.DataFrame({"record_id": ids, "source": "bench", "language": "en", "kind": "qa",
                                 "prompt": "question " + ids, "response": "answer " + ids}),
        "decisions": pl.DataFrame({"record_id": ids, "seq": 0, "step": "quality", "kept": True}),
        "signals": pl.DataFrame({"record_id": ids, "step": "quality", "name": "words", "value": 12.0}),
        "token_counts": pl.DataFrame({"record_id": ids, "tokenizer": "llama3", "exact": True, "prompt_tokens": 5,
                                      "response_tokens": 7, "total_tokens": 12}),
        "provenance": pl.DataFrame({"record_id": ids, "source": "bench", "file": "bench.jsonl", "row": 0}),
    }
    with Catalog.open(path) as cat, lifecycle.run(cat, "build", {"benchmark": "land"}) as run, \
            tempfile.TemporaryDirectory(dir=path.parent) as staging:
        started = time.perf_counter()  # the landing, not the `running` commit before it
        with run.landing():
            for table, frame in frames.items():
                column = "created_run_id" if table == "records" else "run_id"
                file = Path(staging) / f"{table}.parquet"
                frame.with_columns(pl.lit(run.run_id).alias(column)).write_parquet(file)
                cat.append_parquet(table, file)
        return time.perf_counter() - started


def small_commits(path: Path, commits: int) -> None:
    query = "SELECT step, count(*), sum(value) FROM store.signals GROUP BY ALL"

    def timed() -> float:
        with Catalog.open(path, read_only=True) as cat:
            times = []
            for _ in range(5):
                started = time.perf_counter()
                cat.con.execute(query).fetchall()
                times.append(time.perf_counter() - started)
        return sorted(times)[2] * 1000

    before = timed()
    started = time.perf_counter()
    with Catalog.open(path) as cat:
        for i in range(commits):  # as a generation call lands its one row: a commit each
            cat.con.execute("INSERT INTO store.signals VALUES ('small', ?, 'generation', 'n', ?, NULL)",
                            [f"{i:020x}", float(i)])
    print(f"{commits} one-row commits: {time.perf_counter() - started:.1f} s")
    after = timed()
    with Catalog.open(path) as cat:
        started = time.perf_counter()
        compacted = cat.compact()
        print(f"compact: {time.perf_counter() - started:.1f} s ({compacted})")
    print(f"signals query: {before:.0f} ms before, {after:.0f} ms after {commits} commits, "
          f"{timed():.0f} ms after compacting")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["make", "docs", "summary", "table3", "composition", "land", "small"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--records", type=int, default=None)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--jisr", default=None, help="summary: the jisr executable to time (default: this one)")
    args = parser.parse_args()
    path = args.folder / CATALOG_FILE
    if args.what == "make":
        args.folder.mkdir(parents=True, exist_ok=True)
        print(f"{CATALOG_FILE}: {args.records or 2_500_000:,} records written in "
              f"{make_catalog(path, args.records or 2_500_000):.1f} s")
        started = time.perf_counter()
        drop_some(path)
        print(f"a build dropping every tenth record landed in {time.perf_counter() - started:.1f} s")
    elif args.what == "docs":
        for seconds, rows, query in docs(path):
            label = " ".join(re.sub(r"--[^\n]*\n", "", query).split())[:110]
            print(f"{seconds * 1000:8.1f} ms {rows:>8,} rows  {label}")
    elif args.what == "summary":
        print(f"jisr catalog summary: {summary(args.folder, args.jisr):.2f} s (median of 5, whole command)")
    elif args.what == "table3":
        print(f"{CATALOG_FILE}: Table 3 query {table3(path) * 1000:.0f} ms")
    elif args.what == "composition":
        for joined, kept in composition_rounds(path):
            print(f"Table 3: joined {joined * 1000:.0f} ms, kept composition {kept * 1000:.1f} ms "
                  f"(kept / joined {kept / joined:.3f})")
    elif args.what == "land":
        print(f"{CATALOG_FILE}: landed {args.records or 100_000:,} records in {land(path, args.records or 100_000):.2f} s")
    else:
        small_commits(path, args.commits)


if __name__ == "__main__":
    main()
