"""Writers take turns: a second command that writes to the catalog waits for the first instead of failing.

The turn is an exclusive `flock` on `<catalog>.lock` beside the catalog; the holder writes who it is
(command, pid, host, since) into that file so a waiting command can say whom it waits for. The kernel
drops the lock when its process dies, even on SIGKILL, so a killed command never leaves a stale turn.
Readers take no turn: the lake (catalog/lake.py) lets them read while a writer writes. Two DuckLake
writers at once would fail ("database is locked") instead of waiting. `JISR_CATALOG_WAIT` (seconds,
default 600) bounds the wait.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, TypeVar

from jisr.errors import CatalogError

WAIT_ENV = "JISR_CATALOG_WAIT"
DEFAULT_WAIT_S = 600.0
POLL_S = 0.2
T = TypeVar("T")


def wait_limit() -> float:
    raw = os.environ.get(WAIT_ENV, "")
    try:
        return float(raw) if raw else DEFAULT_WAIT_S
    except ValueError:
        raise CatalogError(f"{WAIT_ENV}={raw!r}: expected a number of seconds") from None


def current_command() -> str:
    """What this process is, as a user would name it: `jisr build`, `jisr mix build`, or the script."""
    words = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"]
    for arg in sys.argv[1:]:
        if arg.startswith("-") or "/" in arg or "." in arg or len(words) == 3:
            break
        words.append(arg)
    return " ".join(words)


def holder_text(holder: dict) -> str:
    if not holder:
        return "another jisr command"
    return f"{holder.get('command', '?')} (pid {holder.get('pid', '?')} on {holder.get('host', '?')}) since {holder.get('since', '?')}"


def _status(message: str):
    """A rich spinner on stderr while waiting (imported late: the catalog needs no terminal otherwise). The
    message names a command and paths, never markup: a `Text` is shown as it is."""
    from rich.console import Console
    from rich.text import Text

    return Console(stderr=True, markup=False, emoji=False).status(Text(message))


def _wait(try_once: Callable[[], T | None], describe: Callable[[], str], what: str) -> T:
    """Call `try_once` until it gives a value, showing whom we wait for, up to `wait_limit()` seconds."""
    got = try_once()
    if got is not None:
        return got
    limit = wait_limit()
    deadline = time.monotonic() + limit
    shown = describe()
    from rich.text import Text  # a spinner's text is read as markup unless it is a Text

    with _status(f"waiting for {shown}") as status:
        while True:
            got = try_once()
            if got is not None:
                return got
            now = describe()
            if now != shown:
                shown = now
                status.update(Text(f"waiting for {shown}"))
            if time.monotonic() >= deadline:
                raise CatalogError(f"{what}: gave up after {limit:g} s waiting for {shown}; "
                                   f"try again when it ends, or set {WAIT_ENV} to wait longer")
            time.sleep(POLL_S)


def try_exclusive(path: Path, note: str, mode: int = 0o600) -> int | None:
    """Take an exclusive `flock` on `path` without waiting and write `note` (who holds it) into it; the open
    descriptor, or None while another process holds it. The kernel releases it when the process dies.
    Also what keeps one `jisr review serve` per home (annotation/hosting/embedded.py)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, mode)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    try:
        current = os.stat(path).st_ino
    except FileNotFoundError:
        current = None
    if current != os.fstat(fd).st_ino:  # its holder removed the file as it let go: take the turn on the new one
        os.close(fd)
        return None
    os.ftruncate(fd, 0)
    os.pwrite(fd, note.encode(), 0)
    return fd


class WriterTurn:
    """This process's turn to write to one catalog (or to use one build work folder); `release()` (or process
    death) hands it on."""

    def __init__(self, catalog_path: Path, command: str | None = None):
        self.path = Path(str(catalog_path) + ".lock")
        self.command = command or current_command()
        self._fd: int | None = None

    def holder(self) -> dict:
        try:
            return json.loads(self.path.read_text() or "{}")
        except (OSError, ValueError):
            return {}

    def _try(self) -> bool | None:
        me = {"command": self.command, "pid": os.getpid(), "host": socket.gethostname(),
              "since": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")}
        self._fd = try_exclusive(self.path, json.dumps(me), 0o644)
        return True if self._fd is not None else None

    def acquire(self) -> "WriterTurn":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _wait(self._try, lambda: holder_text(self.holder()), f"{self.path.with_suffix('')}")
        return self

    def release(self, remove: bool = False) -> None:
        """Hand the turn on; `remove` also deletes the lock file (safe: `try_exclusive` checks it still holds
        the file at its path)."""
        if self._fd is not None:
            if remove:
                self.path.unlink(missing_ok=True)
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
