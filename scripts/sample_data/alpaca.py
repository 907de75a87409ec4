"""med42_alpaca_sample.jsonl: alpaca-style English medical instructions (as in Med42-v2's public mix).

Items: clinical features, work-up and management of the conditions that have them, pharmacology of the
drugs, laboratory interpretations and general items (banks/alpaca.yaml, conditions.yaml, drugs.yaml).
Planted: a cut-off JSON line, a missing instruction, empty outputs, exact and near duplicates.
"""

from __future__ import annotations

import random
from typing import Any

from . import banks
from .edits import EN_EDITS
from .rows import (Row, mark, plant_exact_duplicates, plant_near_duplicates, plant_roles, render_jsonl, set_field,
                   take_distinct, truncated)
from .text import Guards

NAME = "med42_alpaca_sample.jsonl"
ROWS = 200


def text_of(data: dict[str, Any]) -> str:
    return "\n".join(str(data.get(k, "")) for k in ("instruction", "input", "output"))


def items(rng: random.Random) -> list[dict[str, str]]:
    bank = banks.load("alpaca.yaml")
    prompts = bank["prompts"]
    out: list[dict[str, str]] = []
    for c in banks.conditions():
        if not c.features:
            continue
        for kind in ("features", "workup", "management"):
            prompt = rng.choice(prompts[kind]).format(name=c.name)
            out.append({"instruction": prompt[0].upper() + prompt[1:], "input": "", "output": getattr(c, kind)})
    for d in banks.drugs():
        for kind in ("mechanism", "adverse"):
            out.append({"instruction": rng.choice(prompts[kind]).format(name=d.name, cls=d.cls), "input": "",
                        "output": getattr(d, kind)})
    for lab in bank["lab_cases"]:
        out.append({"instruction": rng.choice(bank["lab_prompts"]), "input": lab["results"],
                    "output": lab["interpretation"]})
    out += [dict(item) for item in bank["general"]]
    rng.shuffle(out)
    return out


def build(rng: random.Random, guards: Guards) -> list[Row]:
    n_exact, n_near = 3, 3
    rows = take_distinct(((d, text_of(d)) for d in items(rng)), guards.en, ROWS - n_exact - n_near, NAME)

    def malformed(row: Row) -> None:
        mark(row, "malformed", (None, "malformed_json"), "JSON object cut off after 60% of its characters")
        row.raw = truncated(0.6, lambda r, n: r.data)

    def missing(row: Row) -> None:
        del row.data["instruction"]
        mark(row, "missing_field", ("instruction", "missing"), "no `instruction` key")

    empty = set_field("output", "", "empty_answer", "empty", "empty output")
    plant_roles(rng, rows, [malformed, missing, empty, empty])
    plant_exact_duplicates(rng, rows, n_exact)
    plans = [[("instruction", "case")], [("output", "whitespace")],
             [("instruction", "punctuation"), ("output", "whitespace")]]
    plant_near_duplicates(rng, rows, plans, EN_EDITS, text_of, pred=lambda r: "instruction" in r.data)
    return rows


def render(rows: list[Row]) -> bytes:
    return render_jsonl(rows)
