"""`jisr catalog migrate`: move a single-file catalog (jisr before the lake) into the lake, losing no row.

Every table of the old file is copied in one transaction (one snapshot), then checked: the lake must
hold, per table, as many rows as the file and the same sum of row hashes (a sum, not an xor, so
duplicate rows cannot cancel out). Any difference rolls the whole copy back. The old file is kept,
renamed `catalog.duckdb.migrated`, so nothing opens it by mistake and nothing is lost. A training run's
status and times, which the file kept twice, are its run's in the lake (`MOVED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jisr.catalog import composition, record_counts, record_facts
from jisr.catalog.lake import CATALOG_FILE, LEGACY_FILE
from jisr.catalog.schema import TRAINING_RUNS_WITHOUT_A_RUN
from jisr.catalog.store import Catalog
from jisr.errors import CatalogError


# Columns of the file that the lake keeps elsewhere: a training run's status and times are its run's (store.runs).
MOVED = {"training_runs": ("status", "started_at", "finished_at")}


@dataclass(frozen=True)
class MovedTable:
    table: str
    rows: int


def _fingerprint(catalog: Catalog, where: str, table: str, columns: list[str]) -> tuple[int, int]:
    quoted = ", ".join(f'"{c}"' for c in columns)
    return catalog.con.execute(
        f"SELECT count(*), coalesce(sum(hash({quoted})::HUGEINT), 0) FROM {where}.{table}").fetchone()


def migrate(home: Path) -> list[MovedTable]:
    """Copy `<home>/catalog.duckdb` into `<home>/catalog.ducklake`; the tables moved, with their row counts."""
    legacy, target = home / LEGACY_FILE, home / CATALOG_FILE
    if not legacy.exists():
        raise CatalogError(f"{legacy}: no single-file catalog here to migrate")
    with Catalog.open(target, command="jisr catalog migrate", allow_legacy=True) as catalog:
        if catalog.con.execute("SELECT count(*) FROM store.runs").fetchone()[0]:
            raise CatalogError(f"{target}: already holds runs; migrate into a new home")
        catalog.con.execute(f"ATTACH '{str(legacy).replace(chr(39), chr(39) * 2)}' AS old (READ_ONLY)")
        version = catalog.con.execute("SELECT value FROM old.store.meta WHERE key = 'schema_version'").fetchone()
        if not version or version[0] != "1":
            raise CatalogError(f"{legacy}: schema {version[0] if version else 'unknown'}, expected 1")
        tables = [name for (name,) in catalog.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'old' AND table_schema = 'store' "
            "AND table_type = 'BASE TABLE' AND table_name <> 'meta' ORDER BY table_name").fetchall()]
        moved = []
        with catalog.transaction():
            for table in tables:
                columns = [c for c in catalog.columns(table, "old") if c not in MOVED.get(table, ())]
                quoted = ", ".join(f'"{c}"' for c in columns)
                try:
                    catalog.con.execute(f"INSERT INTO store.{table} ({quoted}) SELECT {quoted} FROM old.store.{table}")
                except Exception as exc:
                    raise CatalogError(f"{legacy}: table {table} does not fit the lake: {exc}") from exc
                old, new = _fingerprint(catalog, "old.store", table, columns), \
                    _fingerprint(catalog, "store", table, columns)
                if old != new:
                    raise CatalogError(f"{table}: {old[0]} rows in the file but {new[0]} (or different rows) in the "
                                       "lake; nothing was migrated")
                moved.append(MovedTable(table, old[0]))
            if "status" in catalog.columns("training_runs", "old"):
                catalog.con.execute(TRAINING_RUNS_WITHOUT_A_RUN.format(source="old.store.training_runs"))
            record_facts.recompute(catalog.con)  # schema 1 kept none: computed from what moved
            composition.recompute(catalog.con)
            record_counts.recompute(catalog.con)
        catalog.con.execute("DETACH old")
    legacy.rename(legacy.with_name(LEGACY_FILE + ".migrated"))
    return moved
