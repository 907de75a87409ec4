"""What jisr prints is the text itself: no user or data text is ever read as rich markup or emoji codes.

`[x]`, `[annotation]`, `[bold]...[/]` and `:100:` (as in the ratio `0:100:`) go through every printing
path a test can reach: the one-line error, install hints, SQL errors (DuckDB's hints kept), table
cells, column headers, titles and captions, progress descriptions, spinners, build and record lines.
"""

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from catalog_rows import rows as count
from jisr import display
from jisr.catalog.writer_turns import _status
from jisr.cli import main

ODD = "[x] :100: [annotation] [bold]b[/] ما هو :smile:"
RATIO = "0:100: training"


def jisr(home: Path, *args: str):
    return CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)


def rendered(renderable) -> str:
    out = Console(file=io.StringIO(), width=200, markup=False, emoji=False, color_system=None)
    out.print(renderable)
    return out.file.getvalue()


def assert_verbatim(text: str, output: str) -> None:
    assert text in output, output
    assert "💯" not in output and "😄" not in output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A build whose config name, source name and data are all markup-like."""
    root = tmp_path_factory.mktemp("odd")
    (root / "qa.jsonl").write_text(
        f'{{"instruction": "{ODD} what lowers fever?", "input": "", "output": "Paracetamol [annotation] :100:."}}\n'
        '{"instruction": "What is a normal resting heart rate?", "input": "", "output": ""}\n', encoding="utf-8")
    (root / "build.yaml").write_text(
        f'name: "{ODD}"\ntokenizers: [llama3]\n'
        'sources: [{name: "[annotation]:100:", adapter: alpaca, path: qa.jsonl}]\n', encoding="utf-8")
    home = root / "home"
    result = jisr(home, "build", str(root / "build.yaml"))
    assert result.exit_code == 0, result.output
    return home, result.output


def test_build_lines_tables_and_progress_show_names_as_written(built):
    home, output = built
    assert_verbatim(f"Building {ODD} from", output)
    assert_verbatim("read [annotation]:100:", output)  # the progress description
    assert_verbatim("│ [annotation]:100: │", output)  # a table cell


def test_record_text_in_why_and_sql_tables_is_shown_as_stored(built):
    home, _ = built
    (record_id,) = count(home, "SELECT record_id FROM records WHERE kept")[0]
    why = jisr(home, "catalog", "why", record_id)
    assert why.exit_code == 0
    assert_verbatim(ODD, why.output)
    sql = jisr(home, "sql", f"SELECT '{ODD}' AS \"{ODD}\" UNION ALL SELECT '{RATIO}'")
    assert sql.exit_code == 0
    assert sql.output.count(ODD) == 2, sql.output  # the column header and the cell
    assert_verbatim(RATIO, sql.output)


def test_titles_and_one_line_errors_keep_brackets_and_colons(built):
    home, _ = built
    sources = jisr(home, "catalog", "sources", "--run", "[x]:100:")
    assert_verbatim("Sources of [x]:100:", sources.output)  # a table title
    missing = jisr(home, "build", f"{ODD}.yaml")
    assert missing.exit_code == 1
    assert_verbatim(f"error: {ODD}.yaml: config file not found", missing.output)
    shown = jisr(home, "mix", "show", "[x]:100:@1")
    assert shown.exit_code == 1 and shown.output.startswith("error: ") and "[x]:100:" in shown.output


def test_sql_errors_keep_duckdb_hints_and_the_query_as_typed(built):
    home, _ = built
    typo = jisr(home, "sql", 'SELECT "[bold]sorce[/]" FROM records')
    assert typo.exit_code == 1
    assert_verbatim('"[bold]sorce[/]"', typo.output)
    assert "LINE 1:" in typo.output and "^" in typo.output
    view = jisr(home, "sql", "SELECT * FROM recrods")
    assert 'Did you mean "records"' in view.output
    column = jisr(home, "sql", "SELECT sorce FROM records")
    assert 'Candidate bindings: "source"' in column.output


@pytest.mark.parametrize("statement", ["DELETE FROM records", "UPDATE records SET kept = false",
                                       "INSERT INTO runs SELECT * FROM runs", "CREATE TABLE t (x INT)",
                                       "DROP VIEW records", "DELETE FROM store.records"])
def test_sql_writes_are_refused_as_read_only(built, statement):
    home, _ = built
    result = jisr(home, "sql", statement)
    assert result.exit_code == 1 and result.output.startswith("error: read-only: "), result.output


def test_install_hint_keeps_the_extra_in_brackets(tmp_path):
    try:
        import argilla  # noqa: F401
        pytest.skip("the annotation extra is installed here, so no hint is printed")
    except ImportError:
        pass
    result = jisr(tmp_path, "review", "push")
    assert result.exit_code == 1
    assert_verbatim('pip install -e ".[annotation]"', result.output)


def test_say_progress_and_spinners_never_read_markup():
    with display.console.capture() as captured:
        display.say(RATIO, " ", ("[bold]", "bold"), f" {ODD}")
    assert captured.get() == f"{RATIO} [bold] {ODD}\n"
    bar = display.progress_bar()
    bar.add_task(ODD, total=3)
    assert_verbatim(ODD, rendered(bar.make_tasks_table(bar.tasks)))
    assert_verbatim(ODD, rendered(display.status(ODD).renderable))
    with _status(f"waiting for {ODD}") as spinner:  # the catalog's own spinner for writers' turns
        assert_verbatim(ODD, rendered(spinner.renderable))
    table = display.table([ODD], [[RATIO]], title=ODD, caption=RATIO)
    page = rendered(table)
    assert page.count(ODD) == 2 and page.count(RATIO) == 2
