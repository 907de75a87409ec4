"""Compare what two builds of the same corpus decided: record ids, decisions, signals and token counts.

For checking that a speed change changes no output: build the curation benchmark's corpus with the code
before and after (`python benchmarks/curation.py --records 20000 --tokenizers llama3,qwen2.5 --keep DIR`,
once in each checkout's venv), then `python benchmarks/compare_builds.py DIR_BEFORE DIR_AFTER`. Run ids,
timestamps and the corpus file's path (each build reads its own folder's copy) differ by nature and are
left out; every other column of `records`, `provenance`, `quarantine`, `decisions`, `signals` and
`token_counts` must be equal row for row. Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from jisr.catalog import CATALOG_FILE, Catalog

QUERIES = {
    "records": "SELECT record_id, source, source_version, language, kind, prompt, response, messages, category, "
               "license, parent_id, pair_id, upstream_id, metadata FROM records",
    "provenance": 'SELECT record_id, source, "row" FROM provenance',
    "quarantine": 'SELECT source, "row", field, reason, raw FROM quarantine',
    "decisions": "SELECT record_id, seq, step, kept, reason, detail FROM decisions",
    "signals": "SELECT record_id, step, name, value, text FROM signals",
    "token_counts": "SELECT record_id, tokenizer, exact, prompt_tokens, response_tokens, total_tokens "
                    "FROM token_counts",
}


def tables(folder: Path) -> dict[str, pl.DataFrame]:
    with Catalog.open(folder / "home" / CATALOG_FILE, read_only=True) as catalog:
        frames = {name: catalog.con.execute(sql).pl() for name, sql in QUERIES.items()}
    return {name: frame.sort(frame.columns, nulls_last=True) for name, frame in frames.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    before, after = tables(args.before), tables(args.after)
    differ = False
    for name in QUERIES:
        a, b = before[name], after[name]
        same = a.schema == b.schema and a.height == b.height and a.equals(b)
        differ |= not same
        print(f"{name}: {a.height:,} rows before, {b.height:,} after: {'equal' if same else 'DIFFERENT'}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
