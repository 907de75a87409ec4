"""A writing command's run, from `running` to `succeeded` or `failed`: the one way every command writes.

    with lifecycle.run(catalog_path, "train", params) as run:   # `running`, committed in a short writer turn
        ...work that needs no catalog (minutes, hours)...
        with run.landing() as catalog:                          # the writer turn, one transaction
            landing.land(catalog, run.run_id, Landing(...))     # what the run made (catalog/landing.py)
            run.summary.update(what it measured)
                                                                # -> `succeeded`, in that same transaction

The run row is committed as soon as the run starts, so `jisr catalog runs` shows it `running` however
long the work takes. Its results land in one transaction that also marks it `succeeded` (one DuckLake
snapshot, named after the run for `--as-of`), so a reader sees all of them or none. If the block raises
(or is interrupted) before landing, the run is marked `failed` with the error and its summary so far; a
kill leaves it `running`, and the next writer to open the catalog marks it `failed` (`mark_dead_runs`).

`run` takes the path of the catalog (the run then opens it, in a writer turn, only to start, to land and
to fail, so other writers go meanwhile) or an open `Catalog` (a command that writes as it goes, such as
generation calls landing as they finish, and holds the turn throughout). Producers hand the run what
they measured (`summary`, `register`, and in the landing block what they made, through catalog/landing.py
or the catalog's `record_*` functions); this module imports no producer.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from jisr import __version__
from jisr.catalog.store import COMMIT_PREFIX, Catalog


def new_run_id(now: datetime | None = None) -> str:
    """A run id that sorts by start time and is unique without coordination."""
    now = now or datetime.now(timezone.utc)
    return f"run-{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


class Run:
    """A started run: its id, what it measured so far (`summary`, kept if it fails), and the catalog to land in."""

    def __init__(self, target: Catalog | Path, run_id: str, measured: Callable[[], dict[str, Any]] | None):
        self._held = target if isinstance(target, Catalog) else None
        self._path = Path(target.path if isinstance(target, Catalog) else target)
        self.run_id = run_id
        self.summary: dict[str, Any] = {}
        self._measured = measured
        self.registered: Any = None  # what `run(register=...)` returned
        self.ended: str | None = None  # 'succeeded' or 'failed' once landed

    @property
    def path(self) -> Path:
        """The catalog's path (its folder holds the work folders)."""
        return self._path

    def measured(self) -> dict[str, Any]:
        return {**(self._measured() if self._measured else {}), **self.summary}

    @contextlib.contextmanager
    def holding(self) -> Iterator[Catalog]:
        """The catalog for work that writes as it goes (generation calls): the held one, or one opened now in
        a writer turn of its own for the block."""
        if self._held is not None:
            yield self._held
        else:
            with Catalog.open(self._path) as catalog:
                yield catalog

    @contextlib.contextmanager
    def landing(self, error: BaseException | None = None) -> Iterator[Catalog]:
        """One transaction that lands the run's results and ends it: `succeeded`, or `failed` with `error` for a
        run that keeps what it measured before it failed (a training run's losses). Nothing lands if the
        block raises; the run then fails as any other error."""
        if self.ended:
            raise RuntimeError(f"run {self.run_id} already {self.ended}")
        with self.holding() as catalog, catalog.transaction():
            yield catalog
            try:
                summary = self.measured()
            except Exception as exc:  # noqa: BLE001 - a failure is recorded even if its summary cannot be
                if error is None:
                    raise
                summary = {"summary_error": _error(exc)}
            if error is None:
                _finish(catalog, self.run_id, summary, "succeeded")
            else:
                _finish(catalog, self.run_id, {**summary, "error": _error(error)}, "failed")
            self.ended = "succeeded" if error is None else "failed"

    def fail(self, exc: BaseException) -> None:
        """Mark the run failed with `exc` and its summary so far (the `run` block does this when it raises)."""
        with self.landing(exc):
            pass


@contextlib.contextmanager
def run(target: Catalog | Path, command: str, params: dict[str, Any], started_at: datetime | None = None,
        register: Callable[[Catalog, str], Any] | None = None,
        measured: Callable[[], dict[str, Any]] | None = None) -> Iterator[Run]:
    """Start a run of `command` (committed `running` at once), yield it, and end it: the block lands with
    `run.landing()`; one that never lands ends `succeeded` with its summary when it returns, `failed` with
    the error when it raises. `started_at`: when the command's work began, for one that reads and computes
    before it starts its run (a build, a mix), so the run times the whole command. `register(catalog, run_id)`
    writes the command's own rows in the same transaction as the run's (a training run's mix and model);
    what it returns is `run.registered`.
    `measured()` gives the summary so far whenever the run ends (merged under `run.summary`)."""
    if isinstance(target, Catalog) and target.in_transaction:
        raise RuntimeError("a run starts outside a transaction: its `running` row must commit before its work")
    started_at = started_at or datetime.now(timezone.utc)
    handle = Run(target, new_run_id(started_at), measured)
    with handle.holding() as catalog, catalog.transaction():
        catalog.con.execute(
            "INSERT INTO store.runs (run_id, command, params, started_at, status, jisr_version, pid, host) "
            "VALUES (?, ?, ?, ?, 'running', ?, ?, ?)",
            [handle.run_id, command, json.dumps(params, ensure_ascii=False, default=str),
             started_at, __version__, os.getpid(), socket.gethostname()])
        if register is not None:
            handle.registered = register(catalog, handle.run_id)
    try:
        yield handle
    except BaseException as exc:
        if not handle.ended:
            handle.fail(exc)
        raise
    if not handle.ended:
        with handle.landing():
            pass


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _finish(catalog: Catalog, run_id: str, summary: dict[str, Any], status: str) -> None:
    """Mark the run finished inside the transaction that lands its results; the commit is named after the
    run, so `jisr sql --as-of RUN_ID` finds the catalog as this run left it."""
    catalog.con.execute("UPDATE store.runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?",
                        [datetime.now(timezone.utc), status, json.dumps(summary, ensure_ascii=False, default=str),
                         run_id])
    if status == "succeeded":
        catalog.fold_decisions(run_id)
    catalog.con.execute("CALL store.set_commit_message('jisr', ?)", [COMMIT_PREFIX + run_id])
