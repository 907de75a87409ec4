"""Curation steps over a Polars frame of records, each deciding kept/dropped with a reason.

As in datatrove's `BaseFilter`, the pipeline owns ordering, bookkeeping and the drop reasons; a step
only says, for the records that reached it, which to keep. A dropped record does not reach later steps.
Every decision is returned for the catalog's `decisions` table, so each drop can be explained.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

import polars as pl

from jisr.curation.normalize import normalize_expr
from jisr.errors import InputError

DECISION_SCHEMA = {"record_id": pl.String, "seq": pl.Int32, "step": pl.String, "kept": pl.Boolean,
                   "reason": pl.String, "detail": pl.String}


class Step(ABC):
    """A curation step: `decide` returns one row per input record (record_id, kept, reason, detail)."""

    name: str

    @abstractmethod
    def decide(self, records: pl.DataFrame) -> pl.DataFrame: ...

    def params(self) -> dict[str, Any]:
        return {}


@dataclass
class ExactDedup(Step):
    """Drop exact duplicates after Arabic-aware normalisation, keeping the first record read.

    `key` is `prompt` (same question = duplicate) or `prompt_response` (same question and answer).
    Duplicates are matched within a language, across sources; `detail` names the record kept.
    """

    key: str = "prompt_response"
    name: str = "exact_dedup"

    def __post_init__(self) -> None:
        if self.key not in ("prompt", "prompt_response"):
            raise InputError(f"curation step exact_dedup: key must be 'prompt' or 'prompt_response', not '{self.key}'")

    def params(self) -> dict[str, Any]:
        return {"key": self.key}

    def decide(self, records: pl.DataFrame) -> pl.DataFrame:
        fields = ["prompt"] if self.key == "prompt" else ["prompt", "response"]
        key = pl.concat_str([normalize_expr(pl.col(f)) for f in fields], separator="\u0000")
        keyed = records.select("record_id", "language", key.alias("_key")).with_row_index("_order")
        first = keyed.group_by("language", "_key").agg(
            pl.col("record_id").sort_by("_order").first().alias("_keeper")
        )
        joined = keyed.join(first, on=["language", "_key"], how="left").sort("_order")
        duplicate = pl.col("record_id") != pl.col("_keeper")
        return joined.select(
            "record_id",
            (~duplicate).alias("kept"),
            pl.when(duplicate).then(pl.lit("exact_duplicate")).alias("reason"),
            pl.when(duplicate).then(pl.lit("duplicate of ") + pl.col("_keeper")).alias("detail"),
        )


STEPS: dict[str, type[Step]] = {"exact_dedup": ExactDedup}


def make_step(name: str, params: dict[str, Any]) -> Step:
    cls = STEPS.get(name)
    if cls is None:
        raise InputError(f"unknown curation step '{name}' (known: {', '.join(STEPS)})")
    try:
        return cls(**params)
    except TypeError as exc:
        raise InputError(f"curation step '{name}': bad parameters {params} ({exc})") from exc


def run_steps(records: pl.DataFrame, steps: list[Step]) -> pl.DataFrame:
    """Run steps in order; returns every decision, starting with seq 0 'ingest' (read in this run)."""
    decisions = [records.select("record_id").with_columns(
        seq=pl.lit(0, pl.Int32), step=pl.lit("ingest"), kept=pl.lit(True),
        reason=pl.lit(None, pl.String), detail=pl.lit(None, pl.String))]
    alive = records
    for seq, step in enumerate(steps, start=1):
        decided = step.decide(alive).with_columns(seq=pl.lit(seq, pl.Int32), step=pl.lit(step.name))
        decisions.append(decided.select(list(DECISION_SCHEMA)).cast(DECISION_SCHEMA))
        alive = alive.join(decided.filter("kept").select("record_id"), on="record_id", how="semi", maintain_order="left")
    return pl.concat([d.select(list(DECISION_SCHEMA)).cast(DECISION_SCHEMA) for d in decisions])
