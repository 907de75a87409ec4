"""The catalog (a DuckLake read and written through DuckDB): the foundation every other part of jisr reads
from and records into. `connect(home)` opens it read-only for a notebook.

It imports none of jisr's other folders; they import it.
"""

from jisr.catalog.export import default_home, export_mix, load_mix
from jisr.catalog.schema import SCHEMA_VERSION, VIEW_NAMES
from jisr.catalog.store import CATALOG_FILE, Catalog, catalog_exists, connect, new_run_id

__all__ = ["CATALOG_FILE", "Catalog", "SCHEMA_VERSION", "VIEW_NAMES", "catalog_exists", "connect", "default_home",
           "export_mix", "load_mix", "new_run_id"]
