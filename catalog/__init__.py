"""The DuckDB catalog: the foundation every other part of jisr reads from and records into.

It imports none of jisr's other folders; they import it.
"""

from jisr.catalog.schema import SCHEMA_VERSION, VIEW_NAMES
from jisr.catalog.store import CATALOG_FILE, Catalog, new_run_id

__all__ = ["CATALOG_FILE", "Catalog", "SCHEMA_VERSION", "VIEW_NAMES", "new_run_id"]
