"""Getting a published mix out: `load_mix` for training jobs, `export_mix` for files to ship.

Both go through `verified_members`, so what a job trains on is exactly the published version.
Each row carries chat `messages` (the record's own turns, or its prompt/response as one user and
one assistant turn) beside `prompt` and `response`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from jisr.catalog.mixes import verified_members
from jisr.catalog.recipes import ratio_label
from jisr.catalog.lake import DEFAULT_HOME  # noqa: F401 (the commands import it here)
from jisr.catalog.store import CATALOG_FILE, Catalog

COLUMNS = ["record_id", "source", "language", "kind", "category", "license", "prompt", "response", "messages",
           "tokens", "pair_id", "parent_id"]


def default_home() -> Path:
    return Path(os.environ.get("JISR_HOME", DEFAULT_HOME))


def _messages(prompt: str, response: str, stored: str | None) -> list[dict[str, str]]:
    if stored:
        return json.loads(stored)
    return [{"role": "user", "content": prompt}, {"role": "assistant", "content": response}]


def _rows(members: pl.DataFrame) -> pl.DataFrame:
    messages = [_messages(p, r, m) for p, r, m in zip(members["prompt"], members["response"], members["messages"])]
    return members.with_columns(messages=pl.Series(messages, dtype=pl.List(pl.Struct({"role": pl.String, "content": pl.String}))))


def load_mix(ref: str, split: str = "train", home: str | Path | None = None):
    """A published mix as a `datasets.Dataset`, after checking it against its manifest hash.

    `ref` is NAME@VERSION (or NAME for the latest version); `home` defaults to JISR_HOME / ./jisr-data.
    """
    import datasets

    path = Path(home or default_home()) / CATALOG_FILE
    with Catalog.open(path, read_only=True) as catalog:
        name, version, members = verified_members(catalog, ref)
    chosen = _rows(members.filter(pl.col("split") == split)).select(COLUMNS)
    dataset = datasets.Dataset(chosen.to_arrow())
    dataset.info.description = f"jisr mix {name}@{version} ({split})"
    return dataset


def _card(catalog: Catalog, name: str, version: int, members: pl.DataFrame, files: dict[str, str]) -> str:
    recipe, manifest, tokenizer, run_id, created = catalog.con.execute(
        "SELECT recipe, manifest_hash, tokenizer, run_id, created_at FROM store.mixes WHERE name = ? AND version = ?",
        [name, version]).fetchone()
    recipe = json.loads(recipe)
    tokens = (members.group_by("split", "source", "language").agg(records=pl.len(), tokens=pl.col("tokens").sum())
              .sort("split", "source", "language"))
    source_runs = sorted({r[0] for r in catalog.con.execute(
        "SELECT DISTINCT r.created_run_id FROM store.records r JOIN store.mix_members m USING (record_id) "
        "WHERE m.name = ? AND m.version = ?", [name, version]).fetchall()})
    licences = sorted({lic or "unknown" for lic in members["license"].to_list()})
    meta: dict[str, Any] = {
        "language": sorted(set(members["language"].to_list())),
        "license": "other",
        "license_details": "; ".join(f"{src}: {lic or 'unknown'}" for src, lic in
                                     sorted(set(zip(members["source"].to_list(), members["license"].to_list())))),
        "pretty_name": f"jisr mix {name}@{version}",
        "tags": ["medical", "arabic", "instruction-tuning", "jisr"],
        "configs": [{"config_name": "default",
                     "data_files": [{"split": split, "path": path} for split, path in files.items()]}],
        "jisr": {
            "mix": f"{name}@{version}", "manifest_sha256": manifest, "tokenizer": tokenizer,
            "licenses": licences, "recipe": recipe, "build_run": run_id, "source_runs": source_runs,
            "tokens": tokens.to_dicts(),
        },
    }
    table = "\n".join(f"| {r['split']} | {r['source']} | {r['language']} | {r['records']:,} | {r['tokens']:,} |"
                      for r in tokens.to_dicts())
    return (f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n"
            f"# jisr mix `{name}@{version}`\n\n"
            f"Published {created:%Y-%m-%d %H:%M} UTC by run `{run_id}`. Token budget {recipe['budget']:,} "
            f"{tokenizer} tokens at {':'.join(recipe['ratio'])} = {ratio_label(recipe['ratio'])}; seed {recipe['seed']}; "
            f"review policy `{recipe.get('review', 'gate')}` (docs/mixes.md).\n\n"
            f"Manifest sha256: `{manifest}` (`jisr.catalog.load_mix('{name}@{version}')` checks it).\n\n"
            "| split | source | language | records | tokens |\n|---|---|---|---|---|\n"
            f"{table}\n\nLicences of included sources: {', '.join(licences)}.\n")


def export_mix(catalog: Catalog, ref: str, out_dir: Path | None = None, home: Path | None = None) -> Path:
    """Write Parquet per split, a `datasets.DatasetDict` (save_to_disk) and a dataset card."""
    import datasets

    datasets.disable_progress_bars()  # the CLI reports what it wrote; the per-shard bars are noise
    name, version, members = verified_members(catalog, ref)
    out = out_dir or Path(home or default_home()) / "mixes" / f"{name}@{version}"
    out.mkdir(parents=True, exist_ok=True)
    rows = _rows(members).select([*COLUMNS, "split"])
    files, splits = {}, {}
    for split in ("train", "validation"):
        part = rows.filter(pl.col("split") == split).drop("split")
        if part.height == 0:
            continue
        files[split] = f"{split}.parquet"
        part.write_parquet(out / files[split])
        splits[split] = datasets.Dataset(part.to_arrow())
    datasets.DatasetDict(splits).save_to_disk(str(out / "hf"))
    (out / "README.md").write_text(_card(catalog, name, version, members, files), encoding="utf-8")
    return out


__all__ = ["default_home", "export_mix", "load_mix"]
