"""A click option whose value is the name of a registered plugin (a backend, ...), checked when the command runs.

Not `click.Choice(registry.names())`: that would load every plugin, entry points included, when the CLI
starts, so one broken outside package would break every command. The names load when `--help`
shows them or when a value is checked, and an unknown one is the registry's one-line error with a
did-you-mean.
"""

from __future__ import annotations

import click

from jisr.registry import Registry


class RegistryChoice(click.ParamType):
    name = "name"

    def __init__(self, registry: Registry):
        self.registry = registry

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.registry.names()) + "]"

    def convert(self, value, param, ctx):
        if value not in self.registry:
            self.fail(self.registry.unknown(value), param, ctx)
        return value
