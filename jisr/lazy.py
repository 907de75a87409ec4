"""A package's public names, imported from their modules at first use (PEP 562's module `__getattr__`).

A wing's `__init__` lists its Python API in `__all__`; where those modules pull in polars, datasets or
lm-eval, importing them eagerly would slow every `jisr` command that merely touches the package (the
command layer imports wing modules to register its commands). Small enough not to need lazy-loader.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable


def lazy_names(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """The `__getattr__` for `package`: each name in `where` comes from the submodule it maps to."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{where[name]}"), name)

    return __getattr__
