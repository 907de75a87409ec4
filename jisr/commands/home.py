"""Where a command reads and writes: the root group's `--home` (and the catalog in it), for every subcommand."""

from __future__ import annotations

from pathlib import Path

import click

from jisr.catalog import CATALOG_FILE


def home_of(ctx: click.Context) -> Path:
    """The folder `jisr --home` (or JISR_HOME) names; `jisr.cli.main` stores it on the root context."""
    return ctx.find_root().obj["home"]


def catalog_path(ctx: click.Context) -> Path:
    """The home's catalog (a shared one given by `--catalog` is chosen inside `Catalog.open`)."""
    return home_of(ctx) / CATALOG_FILE
