"""Recording fine-tuning runs against the mix version they trained on.

Training lives in `jisr.training`; the catalog only keeps what a run was (mix, manifest hash, base
model, hyperparameters, losses, where the adapter went), so one query links a model to its data.
A run is recorded as `running` when it starts and updated when it ends, so a crash stays visible.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from jisr.catalog.mixes import resolve
from jisr.catalog.store import Catalog


def start_training_run(catalog: Catalog, mix_ref: str, base_model: str, method: str,
                       hyperparameters: dict[str, Any], output_path: str) -> str:
    """Register a training run on `mix_ref` (NAME@VERSION); returns its run id."""
    name, version, manifest, _ = resolve(catalog, mix_ref)
    with catalog.transaction():
        run_id = catalog.start_run("train", {"mix": f"{name}@{version}", "base_model": base_model, "method": method,
                                             "hyperparameters": hyperparameters})
        catalog.con.execute(
            "INSERT INTO store.training_runs (run_id, mix, manifest_hash, base_model, method, hyperparameters, "
            "output_path, status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)",
            [run_id, f"{name}@{version}", manifest, base_model, method,
             json.dumps(hyperparameters, default=str), output_path, datetime.now(timezone.utc)])
    return run_id


def finish_training_run(catalog: Catalog, run_id: str, losses: list[dict[str, Any]], status: str = "succeeded") -> None:
    """Store the loss history (list of {step, loss, ...}) and the final status."""
    final = next((entry["loss"] for entry in reversed(losses) if "loss" in entry), None)
    with catalog.transaction():
        catalog.con.execute(
            "UPDATE store.training_runs SET losses = ?, final_loss = ?, status = ?, finished_at = ? WHERE run_id = ?",
            [json.dumps(losses), final, status, datetime.now(timezone.utc), run_id])
        catalog.finish_run(run_id, {"final_loss": final, "steps": len(losses)}, status=status)
