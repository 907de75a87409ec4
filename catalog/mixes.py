"""Versioned training mixes: deterministic token-exact sampling, immutable manifests, diffs.

Sampling: each eligible kept record gets a seeded pseudo-random key from md5(seed, record_id)
(weighted per source by Efraimidis-Spirakis, key = -ln(u) / weight), so the order depends on the
recipe and the records, never on insertion order or the DuckDB version. Per language, records are
taken in key order (skipping what would pass a source's cap) until the language's token target is
reached; the last record is kept only if that lands closer to the target. So each language is within
half a record of its target.

Validation: whole groups (a record and its translations share `pair_id`) are held out by a seeded
hash, so a translation pair never straddles train and validation. The held-out share of groups is
just enough for the validation targets, leaving the rest to training.

A published version is never changed: its manifest (record, split, language, source, tokens, sha256 of
the text and of the record's metadata) is hashed with the recipe's hash, and `load_mix` refuses data
whose manifest, recipe, text or metadata (kind, category, licence, language, source, pair) no longer
matches. Mixes published before manifest format 2 are checked as they were made (text and membership).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import polars as pl

from jisr.catalog import lifecycle
from jisr.catalog.recipes import Recipe, canonical_digest, ratio_label
from jisr.catalog.store import Catalog
from jisr.catalog.verdicts import policy_predicate, review_state
from jisr.errors import CatalogError, InputError

_UNIFORM = "(('0x' || md5({text})[1:13])::BIGINT + 0.5) / 4503599627370496.0"  # 52 bits -> (0, 1)
MAX_HOLDOUT = 0.5  # never hold out more than half of the groups for validation
_TEXT_SHA = "sha256(r.prompt || chr(0) || r.response || chr(0) || coalesce(r.messages::VARCHAR, ''))"
# What a training job relies on besides the text: edited in place, it changes what the mix means.
_RECORD_SHA = ("sha256(concat_ws(chr(0), r.record_id, r.source, r.language, r.kind, coalesce(r.category, ''), "
               "coalesce(r.license, ''), coalesce(r.pair_id, ''), coalesce(r.parent_id, '')))")
MANIFEST_FORMAT = 2


@dataclass(frozen=True)
class MixVersion:
    name: str
    version: int
    manifest_hash: str
    records: int
    tokens: int
    targets: dict[str, dict[str, int]]
    achieved: dict[str, dict[str, int]]
    created: bool  # False when an identical version already existed

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


class Shortfall(InputError):
    """The catalog holds fewer eligible tokens than a target asks for."""


def parse_ref(ref: str) -> tuple[str, int | None]:
    """`name@3` -> ('name', 3); `name` or `name@latest` -> ('name', None)."""
    name, _, version = ref.partition("@")
    if not version or version == "latest":
        return name, None
    if not version.isdigit():
        raise InputError(f"'{ref}': expected NAME@VERSION with a number, e.g. {name}@1")
    return name, int(version)


def _candidates(catalog: Catalog, recipe: Recipe) -> pl.DataFrame:
    languages = list(recipe.ratio)
    where = " AND ".join(f"({p})" for p in recipe.eligible) or "TRUE"
    seed = int(recipe.seed)
    weights = pl.DataFrame({"source": list(recipe.sources), "weight": [p.weight for p in recipe.sources.values()]},
                           schema={"source": pl.String, "weight": pl.Float64})
    query = f"""
        SELECT r.record_id, r.language, r.source, t.total_tokens AS tokens,
               {_UNIFORM.format(text=f"'{seed}:' || r.record_id")} AS u,
               {_UNIFORM.format(text=f"'{seed}:holdout:' || coalesce(r.pair_id, r.record_id)")} AS u_group,
               t.record_id IS NULL AS uncounted
        FROM records r LEFT JOIN token_counts t ON t.record_id = r.record_id AND t.tokenizer = $tokenizer
        WHERE r.kept AND r.language IN (SELECT unnest($languages)) AND ({where})
          AND {policy_predicate(recipe.review)}"""
    try:
        frame = catalog.con.execute(query, {"tokenizer": recipe.tokenizer, "languages": languages}).pl()
    except Exception as exc:  # duckdb.Error for a bad predicate; say which recipe key
        raise InputError(f"recipe '{recipe.name}': eligible: {str(exc).splitlines()[0]}") from exc
    uncounted = frame.filter("uncounted").height
    if uncounted:
        raise InputError(
            f"recipe '{recipe.name}': {uncounted:,} eligible records have no '{recipe.tokenizer}' token counts; "
            f"add {recipe.tokenizer} to the build config's tokenizers and run `jisr build` again")
    return (frame.drop("uncounted")
            .join(weights, on="source", how="left")
            .with_columns(key=-pl.col("u").log() / pl.col("weight").fill_null(1.0))
            .sort("key", "record_id"))


def _take(ordered: pl.DataFrame, target: int, caps: dict[str, int]) -> tuple[pl.DataFrame, bool]:
    """Records in key order, within source caps, until `target` tokens (closest cut); and whether
    the pool ran out before the target."""
    if caps:
        within = pl.col("tokens").cum_sum().over("source")
        cap = pl.col("source").replace_strict(caps, default=None, return_dtype=pl.Int64)
        ordered = ordered.filter(cap.is_null() | (within <= cap))
    cum = ordered["tokens"].cum_sum()
    if ordered.height == 0 or cum[-1] <= target:
        return ordered, (cum[-1] if ordered.height else 0) < target
    k = int(cum.search_sorted(target, side="left"))
    before = int(cum[k - 1]) if k > 0 else 0
    take = k + 1 if int(cum[k]) - target <= target - before else k
    return ordered.head(take), False


def _holdout_share(candidates: pl.DataFrame, needs: dict[str, int]) -> float:
    """The share of groups to hold out first: every language's validation target with a 2x margin,
    so the rest stays available for training."""
    available = dict(candidates.group_by("language").agg(pl.col("tokens").sum()).iter_rows())
    shares = [2 * need / available[lang] for lang, need in needs.items() if need and available.get(lang)]
    return min(MAX_HOLDOUT, max(shares, default=0.0))


def _split(candidates: pl.DataFrame, targets: dict[str, dict[str, int]], caps: dict[str, int],
           share: float) -> tuple[list[pl.DataFrame], dict, list[tuple[str, str, int, int]]]:
    """Train and validation members with `share` of the groups held out; and what fell short."""
    held_out = pl.col("u_group") < share
    parts, achieved, short = [], {"train": {}, "validation": {}}, []
    for split, pool in (("train", candidates.filter(~held_out)), ("validation", candidates.filter(held_out))):
        for language, target in targets[split].items():
            chosen, exhausted = _take(pool.filter(pl.col("language") == language), target, caps)
            got = int(chosen["tokens"].sum())
            achieved[split][language] = got
            if exhausted and got < target * 0.999:
                short.append((split, language, got, target))
            parts.append(chosen.with_columns(split=pl.lit(split)))
    return parts, achieved, short


def select(catalog: Catalog, recipe: Recipe, allow_shortfall: bool = False) -> tuple[pl.DataFrame, dict, dict]:
    """The members of a recipe's mix (record_id, split, language, source, tokens, text_sha256), the
    targets per split and language, and the tokens achieved.

    A small catalog can leave the held-out groups short of a validation target by chance; the share
    held out then doubles (deterministically) until validation is met or half the groups are held out.
    """
    candidates = _candidates(catalog, recipe)
    caps = {s: p.cap for s, p in recipe.sources.items() if p.cap is not None}
    targets: dict[str, dict[str, int]] = {"train": recipe.targets(), "validation": {}}
    if recipe.validation:
        targets["validation"] = {lang: int(round(t * recipe.validation)) for lang, t in targets["train"].items()}
    share = _holdout_share(candidates, targets["validation"])
    parts, achieved, short = _split(candidates, targets, caps, share)
    while share and share < MAX_HOLDOUT and any(split == "validation" for split, *_ in short):
        share = min(MAX_HOLDOUT, share * 2)
        parts, achieved, short = _split(candidates, targets, caps, share)
    if short and not allow_shortfall:
        listed = "; ".join(f"{split} {language}: {got:,} of {target:,} tokens" for split, language, got, target in short)
        raise Shortfall(f"recipe '{recipe.name}': not enough eligible tokens ({listed}); "
                        "lower the budget, widen `eligible`, or pass --allow-shortfall")
    columns = ["record_id", "split", "language", "source", "tokens"]
    members = pl.concat([p.select(columns) for p in parts]) if parts else pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    return _with_text_hashes(catalog, members).sort("split", "record_id"), targets, achieved


def _with_text_hashes(catalog: Catalog, members: pl.DataFrame) -> pl.DataFrame:
    """Add each member's text and metadata hashes (computed for members only: hashing every candidate's
    text is the slowest part of selecting from a billion-token catalog)."""
    catalog.con.register("_jisr_members", members.select("record_id").to_arrow())
    try:
        hashes = catalog.con.execute(
            f"SELECT r.record_id, {_TEXT_SHA} AS text_sha256, {_RECORD_SHA} AS record_sha256 FROM store.records r "
            "SEMI JOIN _jisr_members m ON r.record_id = m.record_id").pl()
    finally:
        catalog.con.unregister("_jisr_members")
    return members.join(hashes, on="record_id", how="left")


def manifest_hash(members: pl.DataFrame, tokenizer: str, recipe_hash: str | None = None,
                  manifest_format: int = MANIFEST_FORMAT) -> str:
    """sha256 over one line per member in a fixed order: format 1 `split, record_id, tokens, text_sha256`;
    format 2 adds the member's language and source, its metadata hash, and the recipe's hash."""
    if manifest_format == 1:
        header, fields = f"jisr-mix-manifest-v1\ttokenizer={tokenizer}\n", ["split", "record_id", "tokens", "text_sha256"]
    else:
        header = f"jisr-mix-manifest-v2\ttokenizer={tokenizer}\trecipe={recipe_hash}\n"
        fields = ["split", "record_id", "language", "source", "tokens", "text_sha256", "record_sha256"]
    digest = hashlib.sha256(header.encode())
    lines = members.sort("split", "record_id").select(
        pl.concat_str([pl.col(f).cast(pl.String).fill_null("") for f in fields], separator="\t"))
    for line in lines.to_series():
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def build_mix(catalog: Catalog, recipe: Recipe, allow_shortfall: bool = False) -> MixVersion:
    """Select, then publish a new version unless the latest one has the same recipe and manifest."""
    began = datetime.now(timezone.utc)
    members, targets, achieved = select(catalog, recipe, allow_shortfall)
    digest = manifest_hash(members, recipe.tokenizer, recipe.digest())
    latest = catalog.con.execute(
        "SELECT version, manifest_hash, recipe_hash FROM store.mixes WHERE name = ? ORDER BY version DESC LIMIT 1",
        [recipe.name]).fetchone()
    total = int(members["tokens"].sum()) if members.height else 0
    if latest and latest[1] == digest and latest[2] == recipe.digest():
        return MixVersion(recipe.name, latest[0], digest, members.height, total, targets, achieved, created=False)
    version = (latest[0] if latest else 0) + 1
    # What the members were chosen from (this writer's turn kept it still): `jisr sql --as-of <run>` or
    # `ATTACH ... (SNAPSHOT_VERSION n)` reads the catalog as the mix saw it.
    snapshot = catalog.con.execute("SELECT * FROM ducklake_current_snapshot('store')").fetchone()[0]
    params = {"recipe": recipe.canonical(), "review_policy": recipe.review, "review_state": review_state(catalog.con)}
    with lifecycle.run(catalog, "mix build", params, started_at=began) as run, run.landing():
        run_id = run.run_id
        catalog.con.execute(
            "INSERT INTO store.mixes (name, version, recipe, recipe_hash, manifest_hash, tokenizer, budget, ratio, "
            "targets, achieved, records, tokens, run_id, created_at, manifest_format, catalog_snapshot) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [recipe.name, version, json.dumps(recipe.canonical(), ensure_ascii=False), recipe.digest(), digest,
             recipe.tokenizer, recipe.budget, ratio_label(recipe.ratio), json.dumps(targets), json.dumps(achieved),
             members.height, total, run_id, datetime.now(timezone.utc), MANIFEST_FORMAT, snapshot])
        catalog.append("mix_members", members.with_columns(name=pl.lit(recipe.name), version=pl.lit(version)).to_arrow())
        run.summary.update({"mix": f"{recipe.name}@{version}", "records": members.height, "tokens": total,
                            "achieved": achieved})
    return MixVersion(recipe.name, version, digest, members.height, total, targets, achieved, created=True)


def resolve(catalog: Catalog, ref: str) -> tuple[str, int, str, str]:
    """(name, version, manifest_hash, tokenizer) of NAME@VERSION (or the latest version of NAME)."""
    name, version = parse_ref(ref)
    if version is None:
        row = catalog.con.execute("SELECT name, version, manifest_hash, tokenizer FROM store.mixes WHERE name = ? "
                                  "ORDER BY version DESC LIMIT 1", [name]).fetchone()
    else:
        row = catalog.con.execute("SELECT name, version, manifest_hash, tokenizer FROM store.mixes "
                                  "WHERE name = ? AND version = ?", [name, version]).fetchone()
    if row is None:
        known = [r[0] for r in catalog.con.execute("SELECT DISTINCT name FROM store.mixes ORDER BY 1").fetchall()]
        raise CatalogError(f"no mix '{ref}' in the catalog (mixes: {', '.join(known) or 'none yet'})")
    return row


def verified_members(catalog: Catalog, ref: str) -> tuple[str, int, pl.DataFrame]:
    """The members of a published version with their records, after checking both against the hash.

    The stored manifest (and, from format 2, the stored recipe) must hash to the published values, and
    each record's text (and metadata) must still hash to the value recorded when the mix was built: a
    changed or missing record fails loudly.
    """
    name, version, published, tokenizer = resolve(catalog, ref)
    recipe, recipe_hash, manifest_format = catalog.con.execute(
        "SELECT recipe, recipe_hash, manifest_format FROM store.mixes WHERE name = ? AND version = ?",
        [name, version]).fetchone()
    members = catalog.con.execute(
        f"""SELECT m.record_id, m.split, m.language, m.source, m.tokens, m.text_sha256, m.record_sha256,
                  {_TEXT_SHA} AS actual_sha256, {_RECORD_SHA} AS actual_record_sha256, r.kind, r.category, r.license,
                  r.prompt, r.response, r.messages, r.pair_id, r.parent_id
           FROM store.mix_members m LEFT JOIN store.records r USING (record_id)
           WHERE m.name = ? AND m.version = ? ORDER BY m.split, m.record_id""", [name, version]).pl()
    if manifest_format >= 2 and canonical_digest(json.loads(recipe)) != recipe_hash:
        raise CatalogError(f"{name}@{version}: the stored recipe does not match its published hash; "
                           "the mix was altered after publication")
    if manifest_hash(members, tokenizer, recipe_hash, manifest_format) != published:
        raise CatalogError(f"{name}@{version}: manifest does not match its published hash {published[:12]}…; "
                           "the mix was altered after publication")
    changed = pl.col("actual_sha256").is_null() | (pl.col("actual_sha256") != pl.col("text_sha256"))
    if manifest_format >= 2:
        changed = changed | (pl.col("actual_record_sha256") != pl.col("record_sha256"))
    changed = members.filter(changed)
    if changed.height:
        raise CatalogError(f"{name}@{version}: {changed.height} record(s) changed or missing since publication "
                           f"(first: {changed['record_id'][0]})")
    return name, version, members.drop("actual_sha256", "actual_record_sha256")


def diff(catalog: Catalog, ref_a: str, ref_b: str) -> pl.DataFrame:
    """Per split, source and language: records and tokens only in A, only in B, and in both."""
    a, b = resolve(catalog, ref_a), resolve(catalog, ref_b)
    return catalog.con.execute("""
        WITH a AS (SELECT * FROM store.mix_members WHERE name = ? AND version = ?),
             b AS (SELECT * FROM store.mix_members WHERE name = ? AND version = ?)
        SELECT coalesce(a.split, b.split) AS split, coalesce(a.source, b.source) AS source,
               coalesce(a.language, b.language) AS language,
               count(*) FILTER (WHERE b.record_id IS NULL) AS only_a_records,
               coalesce(sum(a.tokens) FILTER (WHERE b.record_id IS NULL), 0)::BIGINT AS only_a_tokens,
               count(*) FILTER (WHERE a.record_id IS NULL) AS only_b_records,
               coalesce(sum(b.tokens) FILTER (WHERE a.record_id IS NULL), 0)::BIGINT AS only_b_tokens,
               count(*) FILTER (WHERE a.record_id IS NOT NULL AND b.record_id IS NOT NULL) AS both_records
        FROM a FULL JOIN b ON a.record_id = b.record_id AND a.split = b.split
        GROUP BY ALL ORDER BY ALL""", [a[0], a[1], b[0], b[1]]).pl()


def summary_rows(catalog: Catalog, ref: str) -> list[dict[str, Any]]:
    name, version, _, _ = resolve(catalog, ref)
    return catalog.con.execute("""
        SELECT split, language, source, count(*) AS records, sum(tokens)::BIGINT AS tokens
        FROM store.mix_members WHERE name = ? AND version = ? GROUP BY ALL ORDER BY ALL""", [name, version]).pl().to_dicts()


def review_changes(catalog: Catalog, ref_a: str, ref_b: str) -> pl.DataFrame:
    """Translations and corrections only in A (`left`) or only in B (`entered`), by their verdict now:
    what a new pull changed between two versions."""
    a, b = resolve(catalog, ref_a), resolve(catalog, ref_b)
    return catalog.con.execute("""
        WITH a AS (SELECT DISTINCT record_id FROM store.mix_members WHERE name = ? AND version = ?),
             b AS (SELECT DISTINCT record_id FROM store.mix_members WHERE name = ? AND version = ?)
        SELECT CASE WHEN b.record_id IS NULL THEN 'left' ELSE 'entered' END AS change, v.verdict, v.decided_by,
               count(*) AS records, min(v.review_run_id) AS pull_run
        FROM a FULL JOIN b ON a.record_id = b.record_id
        JOIN translation_verdicts v ON v.record_id = coalesce(a.record_id, b.record_id)
        WHERE a.record_id IS NULL OR b.record_id IS NULL
        GROUP BY ALL ORDER BY ALL""", [a[0], a[1], b[0], b[1]]).pl()
