"""A rich progress bar for the trainer, in place of transformers' tqdm bar and printed log dicts.

The rest of the CLI reports with rich on stderr; one bar (steps, latest loss, time left) plus one
line per logging step keeps a long run readable and leaves stdout alone.
"""

from __future__ import annotations

from rich.progress import TextColumn
from transformers import TrainerCallback

from jisr.display import progress_bar, say


class RichProgress(TrainerCallback):
    """Use as a context manager around `trainer.train()`, so the bar stops even if training fails."""

    def __init__(self):
        self.progress = progress_bar(TextColumn("loss {task.fields[loss]}", markup=False), remaining=True)
        self.task = self.progress.add_task("training", total=None, loss="-")

    def __enter__(self) -> "RichProgress":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def on_train_begin(self, args, state, control, **kwargs):
        self.progress.update(self.task, total=state.max_steps, completed=state.global_step)

    def on_step_end(self, args, state, control, **kwargs):
        self.progress.update(self.task, completed=state.global_step)

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        shown = {k: logs[k] for k in ("loss", "eval_loss", "learning_rate") if k in logs}
        if not shown:
            return  # the end-of-training summary (runtime, samples/s)
        if "loss" in shown:
            self.progress.update(self.task, loss=f"{shown['loss']:.4f}")
        text = "  ".join(f"{k} {v:.4g}" for k, v in shown.items())
        say(f"step {state.global_step}/{state.max_steps}  {text}", err=True)
