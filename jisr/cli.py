"""The `jisr` command: the root group (`--home`, `--catalog`, one-line errors) that the commands in
jisr/commands/ attach to.

Every command that writes gets a run id in the catalog. Errors a user can fix print one line and exit
non-zero; nothing is written when they happen.

Each command's module is imported when that command runs (or when `--help` lists them all): importing
them all took 1.8 s, most of it for modules a command like `jisr catalog summary` never uses (matplotlib
for `report`, lm-eval's and the generation backends' imports for `eval` and `translate`).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from jisr import __version__
from jisr.catalog.lake import DEFAULT_HOME
from jisr.display import route_library_logs, say
from jisr.errors import JisrError


# Command name -> (module in jisr/commands/, the click command there); imported at first use.
COMMANDS = {
    "build": ("build", "build"), "sql": ("sql", "sql"), "catalog": ("catalog", "catalog"), "mix": ("mix", "mix"),
    "adapters": ("build", "list_adapters"), "translate": ("generate", "translate"),
    "translate-mcq": ("generate", "translate_mcq"), "paraphrase": ("generate", "paraphrase"),
    "synth": ("generate", "synth"), "train": ("train", "train"), "tiny-model": ("train", "tiny_model"),
    "eval": ("eval", "eval_group"), "sweep": ("sweep", "sweep"), "report": ("report", "report"),
    "review": ("review", "review"),
}


class JisrGroup(click.Group):
    """Turns `JisrError`s into a one-line message and exit status 1 instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except JisrError as exc:
            say(("error:", "bold red"), f" {exc}", err=True)
            ctx.exit(1)


class LazyGroup(JisrGroup):
    """The root group: `COMMANDS` are imported when asked for, not when `jisr` starts."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, attribute = COMMANDS[name]
            command = getattr(importlib.import_module(f"jisr.commands.{module}"), attribute)
            if name == "eval":  # here, not in commands/eval.py, which commands/translate_test.py imports
                from jisr.commands.translate_test import translate_test

                command.add_command(translate_test)
            self.add_command(command, name)
        return self.commands.get(name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), envvar="JISR_HOME",
              default=DEFAULT_HOME, show_default=True,
              help="Folder for everything jisr writes (catalog, exports, reports). Env: JISR_HOME.")
@click.option("--catalog", "catalog_url", envvar="JISR_CATALOG", default=None, metavar="URL",
              help="A team's shared catalog, postgres://host/db?data=FOLDER, in place of the home's own "
                   "(docs/catalog.md). Env: JISR_CATALOG.")
@click.version_option(__version__, prog_name="jisr")
@click.pass_context
def main(ctx: click.Context, home: Path, catalog_url: str | None) -> None:
    """jisr (جسر, "bridge"): Arabic/English medical LLM training data you can query and reproduce.

    \b
    Start here:
      jisr build                 build the catalog from the bundled sample data
      jisr catalog summary       records and tokens by source x language (the paper's Table 3)
      jisr sql "SELECT ..."      query the catalog (read-only); views are listed in docs/catalog.md
    """
    ctx.obj = {"home": home}
    if catalog_url:
        from jisr.catalog.lake import use_shared

        use_shared(catalog_url)  # for every catalog this process and its workers open
    route_library_logs(home)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="jisr")
