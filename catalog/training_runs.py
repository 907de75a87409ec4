"""Recording fine-tuning runs against the mix version they trained on.

Training lives in `jisr.training`; the catalog only keeps what a run was (mix, manifest hash, base
model, hyperparameters, losses, where the adapter went), so one query links a model to its data.
A training run is a run like any other (catalog/lifecycle.py): `running` from its start, `failed` if it
raises or its process dies, and its status and times live only in `store.runs`, which the
`training_runs` view reads, so the two can never disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ContextManager

from jisr.catalog import lifecycle
from jisr.catalog.mixes import resolve
from jisr.catalog.store import Catalog


def training_run(target: Catalog | Path, mix_ref: str, base_model: str, method: str,
                 hyperparameters: dict[str, Any], output_path: str) -> ContextManager[lifecycle.Run]:
    """A `train` run on `mix_ref` (NAME@VERSION), registered with its mix and model as it starts; land its
    losses with `record_losses`."""
    def register(catalog: Catalog, run_id: str) -> None:
        name, version, manifest, _ = resolve(catalog, mix_ref)
        catalog.con.execute(
            "INSERT INTO store.training_runs (run_id, mix, manifest_hash, base_model, method, hyperparameters, "
            "output_path) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [run_id, f"{name}@{version}", manifest, base_model, method, json.dumps(hyperparameters, default=str),
             output_path])

    return lifecycle.run(target, "train", {"mix": mix_ref, "base_model": base_model, "method": method,
                                           "hyperparameters": hyperparameters}, register=register)


def record_losses(run: lifecycle.Run, losses: list[dict[str, Any]], error: BaseException | None = None) -> None:
    """Land the loss history (list of {step, loss, ...}) and end the run: `succeeded`, or `failed` with
    `error`, keeping the losses logged before it."""
    final = next((entry["loss"] for entry in reversed(losses) if "loss" in entry), None)
    with run.landing(error) as catalog:
        catalog.con.execute("UPDATE store.training_runs SET losses = ?, final_loss = ? WHERE run_id = ?",
                            [json.dumps(losses), final, run.run_id])
        run.summary.update({"final_loss": final, "steps": len(losses)})
