"""Training progress as plain events, in place of transformers' tqdm bar and printed log dicts.

A `TrainerCallback` that moves one bar (steps, latest loss) on whatever `jisr.progress.Progress` the
caller passes (the CLI passes a rich bar on stderr) and logs one line per logging step to the
`jisr.training` logger, which the CLI shows on the terminal and a notebook can read with `logging`.
"""

from __future__ import annotations

import logging

from transformers import TrainerCallback

from jisr.progress import Progress

log = logging.getLogger(__name__)


class TrainingProgress(TrainerCallback):
    """Steps done of `max_steps` and the latest loss (field `loss`) on one bar of `progress`, if given."""

    def __init__(self, progress: Progress | None = None):
        self.progress = progress
        self.task = None

    def on_train_begin(self, args, state, control, **kwargs):
        if self.progress is not None:
            self.task = self.progress.add_task("training", total=state.max_steps, completed=state.global_step,
                                               loss="-")

    def on_step_end(self, args, state, control, **kwargs):
        if self.task is not None:
            self.progress.update(self.task, completed=state.global_step)

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        shown = {k: logs[k] for k in ("loss", "eval_loss", "learning_rate") if k in logs}
        if not shown:
            return  # the end-of-training summary (runtime, samples/s)
        if "loss" in shown and self.task is not None:
            self.progress.update(self.task, loss=f"{shown['loss']:.4f}")
        log.info("step %d/%d  %s", state.global_step, state.max_steps,
                 "  ".join(f"{k} {v:.4g}" for k, v in shown.items()))
