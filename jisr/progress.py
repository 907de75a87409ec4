"""What a wing needs from a progress display, so libraries report progress without importing the screen.

A long step (reading a source, counting tokens, a batch of LLM calls) takes an optional `progress` and
calls three methods on it. `rich.progress.Progress` has them, so the command layer passes the bar it
shows (jisr/display.py); a notebook passes nothing, or any object with these methods. Extra keyword
fields (`rate=...`) are data for the display's columns.

Lines a wing wants a person to read while it runs (a Slurm job's count of finished tasks, the loss at a
logging step) go to Python logging at INFO under the `jisr` logger; the command layer shows those on the
terminal (`jisr.display.route_library_logs`).
"""

from __future__ import annotations

from typing import Any, Hashable, Protocol


class Progress(Protocol):
    def add_task(self, description: str, total: float | None = ..., completed: int = ..., **fields: Any) -> Hashable:
        """A new bar; its id is passed back to `update` and `advance`."""

    def update(self, task_id: Any, *, total: float | None = ..., completed: float | None = ...,
               advance: float | None = ..., **fields: Any) -> None:
        ...

    def advance(self, task_id: Any, advance: float = ...) -> None:
        ...
