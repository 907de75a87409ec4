"""The one place jisr prints to people: lines, rich tables, progress bars and spinners.

Everything shown is data, never markup: file names, SQL, model ids, ratios like `0:100` and forum
text would otherwise be read by rich as `[style]` tags and `:emoji:` codes (`pip install -e
".[annotation]"` lost its `[annotation]`; the ratio `0:100:` became `0💯`). So both consoles have
markup and emoji off, and every string reaches rich as a `Text` (which rich never parses); styling
is given as (text, style) parts to `say`, not as tags inside the text.

Library noise never reaches the terminal: `route_library_logs` sends library logging and Python
warnings (FutureWarnings, transformers, Argilla) to HOME/logs/jisr.log (the wings' own `jisr.*` log lines,
such as a Slurm job's progress or the loss at a logging step, are shown on stderr as well), and `libraries_to_log` sends
what libraries write to the process's stderr (tqdm bars, the `fatal: not a git repository` of
lm-eval's `git describe`) there too while they run, keeping jisr's own spinners on the terminal.

Tables show Arabic right-aligned and readable right-to-left.

Many terminals neither join Arabic letters nor lay out right-to-left text, and show Arabic reversed
and broken. In `visual` mode (the default on a terminal) Arabic cells are shaped (arabic-reshaper)
and put in display order (python-bidi) before printing. Terminals that do bidi themselves (mlterm,
Konsole, VTE with bidi on) want `JISR_RTL=logical`. Pipes, CSV and JSON always get text as stored.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from rich.console import Console, RenderableType
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.live import Live
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from jisr.text import MISSING, is_rtl, visual_order

Part = str | Text | tuple[str, str]

CELL_WIDTH = 60

console = Console(markup=False, emoji=False, highlight=False)
errors = Console(stderr=True, markup=False, emoji=False, highlight=False)
LOG_FILE = Path("logs") / "jisr.log"
_log_path: Path | None = None


def _open_log(path: Path) -> int:
    """The log file for appending, private (library messages may carry paths and URLs), its folder made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)


class _LogFile(logging.FileHandler):
    """Opened at the first record, so a command that logs nothing creates no file (and no home)."""

    def _open(self):
        return open(_open_log(Path(self.baseFilename)), "a", encoding="utf-8")


class _Terminal(logging.Handler):
    """jisr's own log lines (the wings report progress notes through `logging`) shown on stderr, as text."""

    def emit(self, record: logging.LogRecord) -> None:
        say(record.getMessage(), err=True)


def route_library_logs(home: Path) -> Path:
    """Library logging (INFO and up) and Python warnings go to HOME/logs/jisr.log instead of the terminal;
    what the wings log under `jisr` (INFO and up) goes to both."""
    global _log_path
    _log_path = Path(home) / LOG_FILE
    handler = _LogFile(_log_path, delay=True, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not isinstance(h, _LogFile)] + [handler]
    root.setLevel(logging.INFO)
    ours = logging.getLogger("jisr")
    ours.handlers = [h for h in ours.handlers if not isinstance(h, _Terminal)] + [_Terminal(logging.INFO)]
    logging.captureWarnings(True)
    return _log_path


def _is_process_stderr() -> bool:
    try:
        return sys.stderr.fileno() == 2
    except (AttributeError, ValueError, io.UnsupportedOperation):  # a test runner's captured stream
        return False


@contextmanager
def libraries_to_log() -> Iterator[None]:
    """While model libraries run, the process's stderr (file descriptor 2, which their subprocesses and C++
    code write to as well) goes to the log; jisr's own stderr console keeps the terminal meanwhile."""
    if _log_path is None or not _is_process_stderr():
        yield
        return
    sys.stderr.flush()
    terminal_fd = os.dup(2)
    log_fd = _open_log(_log_path)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    errors.file = os.fdopen(terminal_fd, "w", encoding="utf-8", errors="replace", buffering=1)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(terminal_fd, 2)
        errors.file.close()
        errors.file = None  # back to sys.stderr


def line(*parts: Part) -> Text:
    """Parts joined into one `Text`: a str is shown as it is; a (text, style) pair is styled, e.g. ("x", "bold")."""
    return Text.assemble(*parts)


def say(*parts: Part, err: bool = False, wrap: bool = False) -> None:
    """Print one line (stdout, or stderr with `err`). Long lines are left to the terminal to wrap, so a
    command or path in them copies whole; `wrap` folds prose (notes under a table) at the console's width."""
    (errors if err else console).print(line(*parts), soft_wrap=not wrap)


def show(renderable: RenderableType, err: bool = False) -> None:
    """Print a table (or any renderable built from `Text`, as `table` builds them)."""
    (errors if err else console).print(renderable)


def status(message: str) -> Live:
    """A spinner on stderr while something runs; `message` is shown as it is. Unlike rich's own status it
    leaves sys.stderr alone, so what libraries write there stays in the log (`libraries_to_log`)."""
    return Live(Spinner("dots", Text(message)), console=errors, transient=True, redirect_stderr=False)


def progress_bar(*extra: ProgressColumn, remaining: bool = False) -> Progress:
    """Bars on stderr: description, bar, done / total, `extra` columns, time elapsed (and left). Descriptions
    (source names, ratios) are shown as they are: rich's TextColumn would read them as markup."""
    return Progress(SpinnerColumn(), TextColumn("{task.description:<24}", markup=False), BarColumn(),
                    MofNCompleteColumn(), *extra, TimeElapsedColumn(), *([TimeRemainingColumn()] if remaining else []),
                    console=errors, transient=False, redirect_stderr=False)


class _Rate(ProgressColumn):
    """A bar's `rate` field (calls/s and tokens/s, set by the generation runner), blank where it has none."""

    def render(self, task: Task) -> Text:
        return Text(task.fields.get("rate", ""))


def calls_progress() -> Progress:
    """Bars for batches of LLM calls (and token counts): done / total, throughput, time left."""
    return progress_bar(_Rate(), remaining=True)


def training_progress() -> Progress:
    """The trainer's bar: steps done / max steps, the latest loss (field `loss`), time left."""
    return progress_bar(TextColumn("loss {task.fields[loss]}", markup=False), remaining=True)


def rtl_mode() -> str:
    mode = os.environ.get("JISR_RTL", "").lower()
    if mode in ("visual", "logical"):
        return mode
    return "visual" if sys.stdout.isatty() else "logical"


def for_terminal(text: str, mode: str) -> str:
    return visual_order(text) if mode == "visual" else text


def _cell(value: Any, mode: str, width: int) -> Text:
    if value is None:
        return Text("")
    text = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    if len(text) > width:
        text = " ".join(text.split())
        text = text if len(text) <= width else text[: width - 1] + "…"
    return Text(for_terminal(text, mode), justify="right" if is_rtl(text) else None)


def _annotation(text: str | Text | None, style: str) -> Text | None:
    return text if text is None or isinstance(text, Text) else Text(text, style=style)


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | Text | None = None,
          width: int = CELL_WIDTH, caption: str | Text | None = None, whole: Sequence[str] = ()) -> Table:
    """A rich table; numbers right-aligned, Arabic cells right-aligned and in display order. Columns named in
    `whole` (ids a user copies) are never folded; the others fold to fit the terminal."""
    mode = rtl_mode()
    rows = [list(r) for r in rows]
    out = Table(title=_annotation(title, "table.title"), caption=_annotation(caption, "table.caption"),
                header_style="bold")
    for i, name in enumerate(columns):
        numeric = bool(rows) and all(isinstance(r[i], (int, float)) or r[i] is None or r[i] == MISSING
                                     for r in rows)
        out.add_column(Text(str(name)), justify="right" if numeric else "left", overflow="fold",
                       no_wrap=name in whole)
    for row in rows:
        out.add_row(*[_cell(value, mode, width) for value in row])
    return out
