"""`jisr sql`: a read-only query on the catalog, shown as a table or written as CSV or JSON; on the main group."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from decimal import Decimal

import click

from jisr.catalog import Catalog
from jisr.commands.home import catalog_path
from jisr.display import show, table


@click.command()
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

    with Catalog.open(catalog_path(ctx), read_only=True, as_of=as_of) as catalog:
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
