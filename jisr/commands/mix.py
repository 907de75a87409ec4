"""`jisr mix ...`: build, sweep, list, show, diff and export versioned training mixes (catalog/mixes.py,
catalog/recipes.py); on the main group."""

from __future__ import annotations

from pathlib import Path

import click

from jisr.catalog import Catalog
from jisr.catalog.recipes import PAPER_RATIOS
from jisr.commands.home import catalog_path, home_of
from jisr.display import say, show, status, table


@click.group()
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
    with Catalog.open(catalog_path(ctx)) as cat, status(f"sampling {parsed.name} from the catalog"):
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
    with Catalog.open(catalog_path(ctx)) as cat:
        for parsed in recipes:
            with status(f"sampling {parsed.name} from the catalog"):
                result = build_mix(cat, parsed, allow_shortfall)
            _print_mix(result)


@mix.command("list")
@click.pass_context
def mix_list(ctx: click.Context) -> None:
    """Every published version."""
    with Catalog.open(catalog_path(ctx), read_only=True) as cat:
        relation = cat.query("SELECT mix, ratio, tokenizer, budget, records, tokens, left(manifest_hash, 12) AS manifest, "
                             "strftime(created_at, '%Y-%m-%d %H:%M') AS created FROM mixes ORDER BY name, version")
        show(table(relation.columns, relation.fetchall(), title="Mixes"))


@mix.command("show")
@click.argument("ref")
@click.pass_context
def mix_show(ctx: click.Context, ref: str) -> None:
    """Composition of NAME@VERSION by split, language and source."""
    from jisr.catalog.mixes import summary_rows

    with Catalog.open(catalog_path(ctx), read_only=True) as cat:
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

    with Catalog.open(catalog_path(ctx), read_only=True) as cat:
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

    with Catalog.open(catalog_path(ctx), read_only=True) as cat, status(f"verifying and writing {ref}"):
        path = export_mix(cat, ref, out, home_of(ctx))
    say("Wrote ", (str(path), "bold"), " (train/validation .parquet, hf/ for datasets.load_from_disk, README.md)")
