"""cidar_sample.jsonl: CIDAR-shaped Arabic instructions, `{"instruction", "output", "index"}` a line.

Items come from banks/cidar.yaml: instructions written whole, passages to summarise, words to translate
and plural/antonym/synonym exercises.  Planted: two cut-off JSON lines, a string index, empty outputs,
exact and near duplicates.
"""

from __future__ import annotations

import random
from typing import Any, Callable

from . import banks
from .edits import AR_EDITS
from .rows import (Row, mark, plant_exact_duplicates, plant_near_duplicates, plant_roles, render_jsonl, set_field,
                   take_distinct, truncated)
from .text import Guards

NAME = "cidar_sample.jsonl"
ROWS = 200


def items(rng: random.Random) -> list[tuple[str, str]]:
    """All (instruction, output) pairs, with phrasing drawn at random where the bank has variants."""
    bank = banks.load("cidar.yaml")
    out = [(i["instruction"], i["output"]) for kind in bank["instructions"].values() for i in kind]
    out += [(rng.choice(bank["summary_prompts"]).format(p=p["passage"]), p["summary"]) for p in bank["passages"]]
    for word in bank["en_ar"]:
        prompt = rng.choice(bank["en_ar_prompts"]).format(en=word["en"])
        plural_part = bank["en_ar_plural"].format(plural=word["plural"]) if word["plural"] else ""
        answer = rng.choice(bank["en_ar_answers"])
        out.append((prompt, answer.format(ar=word["ar"], en=word["en"], plural_part=plural_part,
                                          example=word["example"])))
    for word in bank["ar_en"]:
        prompt = rng.choice(bank["ar_en_prompts"]).format(ar=word["ar"])
        out.append((prompt, bank["ar_en_answer"].format(**word)))
    for words in bank["word_sets"].values():
        pairs = list(words["pairs"])
        rng.shuffle(pairs)
        size = words["group_size"]
        for i in range(0, len(pairs) - size + 1, size):
            group = pairs[i:i + size]
            prompt = rng.choice(words["prompts"]).format(words="، ".join(w for w, _ in group))
            out.append((prompt, "\n".join(f"{words['label']} «{w}»: {a}" for w, a in group)))
    return out


def text_of(data: dict[str, Any]) -> str:
    return f"{data['instruction']}\n{data['output']}"


def build(rng: random.Random, guards: Guards) -> list[Row]:
    n_exact, n_near = 3, 3
    pairs = items(rng)
    rng.shuffle(pairs)
    records = ({"instruction": instruction, "output": output} for instruction, output in pairs)
    rows = take_distinct(((r, text_of(r)) for r in records), guards.ar, ROWS - n_exact - n_near, NAME)

    def malformed(fraction: float) -> Callable[[Row], None]:
        def role(row: Row) -> None:
            mark(row, "malformed", (None, "malformed_json"),
                 f"JSON object cut off after {int(fraction * 100)}% of its characters")
            row.raw = truncated(fraction, lambda r, n: {**r.data, "index": n - 1})
        return role

    def wrong_type(row: Row) -> None:
        mark(row, "wrong_type", ("index", "wrong_type"), 'index is the string "abc"')
        row.detail = {"index": "abc"}

    empty = set_field("output", "", "empty_answer", "empty", "empty output")
    plant_roles(rng, rows, [malformed(0.55), malformed(0.8), wrong_type, empty, empty])
    plant_exact_duplicates(rng, rows, n_exact,
                           note="exact duplicate of row {ref} (same instruction and output; its own index)")
    plans = [[("output", "hamza")], [("instruction", "punctuation")], [("output", "synonym")]]
    plant_near_duplicates(rng, rows, plans, AR_EDITS, text_of, pred=lambda r: len(r.data["output"].split()) >= 20)
    return rows


def render(rows: list[Row]) -> bytes:
    return render_jsonl(rows, lambda r, n: {**r.data, "index": r.detail.get("index", n - 1)})
