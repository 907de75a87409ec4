"""The catalog (a DuckLake read and written through DuckDB): the foundation every other part of jisr reads
from and records into. `connect(home)` opens it read-only for a notebook.

It imports none of jisr's other folders; they import it. The Python API (docs/python-api.md): `Catalog`
to query it, `build_mix` to publish a mix from a recipe (`recipe_from_dict`, `load_recipe`), `load_mix`
to train on one, `export_mix` to ship one as files. Imported at first use (jisr/lazy.py): mixes and
exports pull in polars and pyarrow, which a command that only reads the catalog (`jisr catalog summary`,
`jisr sql`) never needs.
"""

from jisr.lazy import lazy_names

__getattr__ = lazy_names(__name__, {
    "CATALOG_FILE": "lake", "catalog_exists": "lake", "Catalog": "store", "connect": "store",
    "new_run_id": "lifecycle", "SCHEMA_VERSION": "schema", "VIEW_NAMES": "schema", "default_home": "export",
    "export_mix": "export", "load_mix": "export", "build_mix": "mixes", "load_recipe": "recipes",
    "recipe_from_dict": "recipes"})

__all__ = ["CATALOG_FILE", "Catalog", "SCHEMA_VERSION", "VIEW_NAMES", "build_mix", "catalog_exists", "connect",
           "default_home", "export_mix", "load_mix", "load_recipe", "new_run_id", "recipe_from_dict"]
