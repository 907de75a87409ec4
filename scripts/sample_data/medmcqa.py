"""medmcqa_sample.parquet: MedMCQA-shaped exam items (banks/mcqs.yaml), written with pyarrow.

Options are shuffled into opa..opd with `cop` the 0-based index of the correct one; some topics are
null.  Planted: an answer key out of range, a null key, an empty option, exact duplicates (new id).
Written without timestamps, so the bytes are reproducible.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from . import banks
from .rows import Row, plant_exact_duplicates, plant_roles, set_field, take_distinct
from .text import Guards

NAME = "medmcqa_sample.parquet"
ROWS = 150
SCHEMA = pa.schema([
    ("id", pa.string()), ("question", pa.string()), ("opa", pa.string()), ("opb", pa.string()),
    ("opc", pa.string()), ("opd", pa.string()), ("cop", pa.int64()), ("choice_type", pa.string()),
    ("exp", pa.string()), ("subject_name", pa.string()), ("topic_name", pa.string()),
])


def text_of(data: dict[str, Any]) -> str:
    return "\n".join([data["question"], data["opa"], data["opb"], data["opc"], data["opd"]])


def new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def items(rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for m in banks.mcqs():
        options = [m.correct, *m.distractors]
        rng.shuffle(options)
        out.append({"id": new_id(rng), "question": m.question, "opa": options[0], "opb": options[1],
                    "opc": options[2], "opd": options[3], "cop": options.index(m.correct), "choice_type": "single",
                    "exp": m.explanation, "subject_name": m.subject,
                    "topic_name": None if rng.random() < 0.15 else m.topic})
    rng.shuffle(out)
    return out


def build(rng: random.Random, guards: Guards) -> list[Row]:
    n_exact = 2
    rows = take_distinct(((d, text_of(d)) for d in items(rng)), guards.en, ROWS - n_exact, NAME)
    roles = [set_field("cop", 7, "invalid", "invalid", "cop = 7 (not an option index 0-3)"),
             set_field("cop", None, "invalid", "empty", "cop is null (no answer key)"),
             set_field("opc", "", "empty_option", "empty", "opc is an empty string (the answer is another option)")]
    plant_roles(rng, rows, roles, pred=lambda r: r.data["cop"] != 2)
    plant_exact_duplicates(rng, rows, n_exact, copy=lambda d: {**d, "id": new_id(rng)},
                           note="exact duplicate of row {ref} (same question, options, answer and explanation; new id)")
    return rows


def render(rows: list[Row]) -> bytes:
    table = pa.Table.from_pylist([r.data for r in rows], schema=SCHEMA)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", store_schema=True)
    return sink.getvalue().to_pybytes()
