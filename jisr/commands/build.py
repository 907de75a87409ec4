"""`jisr build`: a build YAML (or the bundled sample) -> curated, token-counted records in the catalog; and
`jisr adapters`, the source shapes such a YAML can name. Both on the main group."""

from __future__ import annotations

from pathlib import Path

import click

from jisr.catalog import Catalog
from jisr.catalog.export import DEFAULT_HOME
from jisr.commands.catalog import print_drops, print_summary
from jisr.commands.home import catalog_path, home_of
from jisr.display import progress_bar, say, show, table

FIRST_QUERY = "SELECT source, language, count(*) AS records FROM records WHERE kept GROUP BY ALL ORDER BY ALL"


@click.command()
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
    catalog_file = catalog_path(ctx)
    say("Building ", (cfg.name, "bold"), f" from {cfg.path}")
    _print_notes(cfg.notes)
    with progress_bar() as progress:
        result = run_build(cfg, catalog_file, progress)
    _print_notes(result.notes[len(cfg.notes):])
    rows = [[a["source"], a["read"], a["kept"], a["dropped"], a["quarantined"]] for a in result.accounting]
    show(table(["source", "read", "kept", "dropped", "quarantined"], rows,
               title=f"Run {result.run_id}: read = kept + dropped + quarantined",
               caption=f"{result.new_records:,} new records in the catalog"))
    with Catalog.open(catalog_file, read_only=True) as catalog:
        print_drops(catalog)
        print_summary(catalog, cfg.tokenizers[0])
    say("\nCatalog: ", (str(catalog_file.resolve()), "bold"))
    home = "" if home_of(ctx) == Path(DEFAULT_HOME) else f"--home {home_of(ctx)} "
    say(f'Try:     jisr {home}sql "{FIRST_QUERY}"')


def _print_notes(notes) -> None:
    """What a command decided on the user's behalf (a column matched ignoring case, a language detected)."""
    for note in notes:
        say(f"note: {note}", err=True)



@click.command("adapters")
def list_adapters() -> None:
    """The source shapes a build config can name as `adapter:`."""
    from jisr.corpus.sources.adapters import ADAPTERS

    rows = [[name, a.language or "(config)", a.license or "", a.hub_id or "", a.doc] for name, a in ADAPTERS.items()]
    show(table(["adapter", "language", "licence", "hub id", "reads"], rows, width=90))

