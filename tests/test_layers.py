"""The wings are libraries: none imports the screen, the command layer, click or rich.

Read from the source with `ast` (not by importing), so an import inside a function counts as much as one at
the top. Output is the command layer's job (jisr/commands/, jisr/cli.py, jisr/display.py); a wing reports
through return values, a `jisr.progress.Progress` it is given, or logging under `jisr`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINGS = ("corpus", "curation", "catalog", "annotation", "training", "evaluation")
FORBIDDEN = ("jisr.display", "jisr.commands", "jisr.cli", "click", "rich")
# Each exception names the module, what it imports and why it may.
ALLOWED = {
    # The catalog's wait for a writer lock shows a spinner from deep inside the store; its storage is being
    # rewritten (issue 15's catalog work), which is where the wait becomes an event the command layer shows.
    ("catalog/writer_turns.py", "rich.console"), ("catalog/writer_turns.py", "rich.text"),
}


def imported(source: str) -> set[str]:
    """Every absolute module a source imports; `from jisr import display` counts as `jisr.display`."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            if node.module == "jisr":  # `from jisr import display` imports a module
                names.update(f"jisr.{alias.name}" for alias in node.names)
    return names


def is_forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def test_the_check_sees_imports_anywhere_in_a_module():
    source = "from jisr import display\ndef f():\n    from rich.text import Text\n    import click\n"
    assert sorted(m for m in imported(source) if is_forbidden(m)) == ["click", "jisr.display", "rich.text"]
    assert not [m for m in imported("from jisr.displays import x\nimport richer\n") if is_forbidden(m)]


def test_no_wing_imports_the_screen_the_commands_click_or_rich():
    files = [p for wing in WINGS for p in sorted((ROOT / wing).rglob("*.py"))]
    assert len(files) > 50  # the wings were found
    found = {(p.relative_to(ROOT).as_posix(), m) for p in files
             for m in imported(p.read_text(encoding="utf-8")) if is_forbidden(m)}
    assert found - ALLOWED == set()
    assert ALLOWED - found == set()  # an exception no longer needed goes


def test_the_catalog_imports_no_other_wing():
    """Every wing writes through the catalog (its runs' lifecycle, catalog/lifecycle.py); the catalog takes what
    they measured and imports none of them, nor the build that drives them."""
    producers = tuple(f"jisr.{wing}" for wing in WINGS if wing != "catalog") + ("jisr.build",)
    files = sorted((ROOT / "catalog").rglob("*.py"))
    assert len(files) > 20
    found = {(p.relative_to(ROOT).as_posix(), m) for p in files for m in imported(p.read_text(encoding="utf-8"))
             if any(m == w or m.startswith(w + ".") for w in producers)}
    assert found == set()


# SQL that changes a catalog table; in a producer it would bypass the checks and the staging of catalog/landing.py.
_STORE_WRITE = re.compile(r"\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE|ALTER\s+TABLE|DROP\s+TABLE"
                          r"|CREATE\s+(OR\s+REPLACE\s+)?TABLE(\s+IF\s+NOT\s+EXISTS)?)\s+store\.", re.IGNORECASE)


def store_writes(source: str) -> list[str]:
    """Where a source writes catalog tables itself: `Catalog.append(table, rows)` (two arguments, where a list's
    `append` takes one), `append_parquet`, or SQL that changes a `store.` table."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                node.func.attr == "append_parquet" or (node.func.attr == "append" and len(node.args) == 2)):
            found.append(f"line {node.lineno}: .{node.func.attr}(...)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _STORE_WRITE.search(node.value):
            found.append(f"line {node.lineno}: {_STORE_WRITE.search(node.value).group(0)}")
    return found


def test_the_write_check_sees_appends_and_sql_that_writes():
    source = ('def f(catalog, rows, path):\n    catalog.append("signals", rows)\n'
              '    catalog.append_parquet("records", path)\n'
              '    catalog.con.execute(f"DELETE FROM store.reviews WHERE x = {1}")\n'
              '    catalog.con.execute("insert into  store.eval_sets VALUES (1)")\n')
    assert sorted(where.split(":")[0] for where in store_writes(source)) == ["line 2", "line 3", "line 4", "line 5"]
    assert store_writes("rows.append(1)\ncatalog.con.execute('SELECT * FROM store.records')\n") == []


def test_outside_the_catalog_nothing_writes_its_tables():
    """Producers hand the catalog what they made (catalog/landing.py, and its modules' `record_*` functions);
    only the catalog writes its tables."""
    files = [p for wing in (*WINGS, "jisr") if wing != "catalog" for p in sorted((ROOT / wing).rglob("*.py"))]
    assert len(files) > 50
    found = {(p.relative_to(ROOT).as_posix(), where) for p in files
             for where in store_writes(p.read_text(encoding="utf-8"))}
    assert found == set()


def test_what_a_wing_logs_reaches_the_terminal_once_as_text(tmp_path, capsys):
    """Wings report notes through logging under `jisr`; the command layer shows them on stderr, unparsed."""
    import logging

    from jisr.display import route_library_logs

    for _ in range(2):  # every command routes the logs again
        log = route_library_logs(tmp_path)
    logging.getLogger("jisr.curation.executors").info("slurm job %s: %d/%d [bold]tasks[/bold]", "7", 1, 3)
    logging.getLogger("datatrove").info("library noise")
    assert capsys.readouterr().err == "slurm job 7: 1/3 [bold]tasks[/bold]\n"
    assert "library noise" in log.read_text(encoding="utf-8")
