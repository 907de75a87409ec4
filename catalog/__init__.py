"""The catalog (a DuckLake read and written through DuckDB): the foundation every other part of jisr reads
from and records into. `connect(home)` opens it read-only for a notebook.

It imports none of jisr's other folders; they import it. The Python API (docs/python-api.md): `Catalog`
to query it, `build_mix` to publish a mix from a recipe (`recipe_from_dict`, `load_recipe`), `load_mix`
to train on one, `export_mix` to ship one as files.
"""

from jisr.catalog.export import default_home, export_mix, load_mix
from jisr.catalog.mixes import build_mix
from jisr.catalog.recipes import load_recipe, recipe_from_dict
from jisr.catalog.schema import SCHEMA_VERSION, VIEW_NAMES
from jisr.catalog.lifecycle import new_run_id
from jisr.catalog.store import CATALOG_FILE, Catalog, catalog_exists, connect

__all__ = ["CATALOG_FILE", "Catalog", "SCHEMA_VERSION", "VIEW_NAMES", "build_mix", "catalog_exists", "connect",
           "default_home", "export_mix", "load_mix", "load_recipe", "new_run_id", "recipe_from_dict"]
