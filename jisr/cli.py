"""The `jisr` command: the root group (`--home`, `--catalog`, one-line errors) that the commands in
jisr/commands/ attach to.

Every command that writes gets a run id in the catalog. Errors a user can fix print one line and exit
non-zero; nothing is written when they happen.
"""

from __future__ import annotations

from pathlib import Path

import click

from jisr import __version__
from jisr.catalog.export import DEFAULT_HOME
from jisr.commands.build import build, list_adapters
from jisr.commands.catalog import catalog
from jisr.commands.eval import eval_group
from jisr.commands.generate import paraphrase, synth, translate, translate_mcq
from jisr.commands.mix import mix
from jisr.commands.report import report
from jisr.commands.review import review
from jisr.commands.sql import sql
from jisr.commands.sweep import sweep
from jisr.commands.train import tiny_model, train
from jisr.commands.translate_test import translate_test
from jisr.display import route_library_logs, say
from jisr.errors import JisrError


class JisrGroup(click.Group):
    """Turns `JisrError`s into a one-line message and exit status 1 instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except JisrError as exc:
            say(("error:", "bold red"), f" {exc}", err=True)
            ctx.exit(1)


@click.group(cls=JisrGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


for _command in (build, sql, catalog, mix, list_adapters, translate, translate_mcq, paraphrase, synth, train,
                 tiny_model, eval_group, sweep, report, review):
    main.add_command(_command)
eval_group.add_command(translate_test)  # here, not in commands/eval.py, which commands/translate_test.py imports

if __name__ == "__main__":  # pragma: no cover
    main(prog_name="jisr")
