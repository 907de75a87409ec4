"""Curation: filters and corpus steps that decide, per record, kept, dropped or quarantined, and why.

The Python API is `build`: what `jisr build` runs, for a notebook or a job (docs/python-api.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jisr.build import BuildResult
    from jisr.progress import Progress

__all__ = ["build"]


def build(config: str | Path | None = None, home: str | Path | None = None,
          progress: "Progress | None" = None) -> "BuildResult":
    """Ingest the sources of the build config at `config` (without one, the bundled sample), curate them,
    count tokens and record it all in the catalog under `home` (default: JISR_HOME, else ./jisr-data).
    Running the same build twice adds no duplicate records."""
    # Imported here: jisr.build orchestrates corpus, curation and catalog, so it imports this package.
    from jisr.build import run_build
    from jisr.catalog import CATALOG_FILE, default_home
    from jisr.config import load_config

    return run_build(load_config(config), Path(home or default_home()) / CATALOG_FILE, progress)
