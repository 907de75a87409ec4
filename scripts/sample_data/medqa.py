"""medqa_sample.jsonl: MedQA (USMLE)-shaped vignettes with options A-E.

Each condition of conditions.yaml gives a diagnosis vignette (step1, findings 1-4) and a management
vignette (step2&3, findings 4-6) with randomised age, sex and vital signs (templates.fill_vignette).
Planted: an answer key outside the options, options as a list, and an exact duplicate.
"""

from __future__ import annotations

import random
from typing import Any

from . import banks
from .banks import Condition
from .rows import Row, json_copy, plant_exact_duplicates, plant_roles, render_jsonl, set_field, take_distinct
from .templates import fill_vignette
from .text import Guards

NAME = "medqa_sample.jsonl"
ROWS = 100
LETTERS = "ABCDE"


def vignette(c: Condition, kind: str, rng: random.Random) -> str:
    bank = banks.load("medqa.yaml")
    sex = rng.choice(c.sexes)
    age = rng.randint(*c.ages)
    if c.months:
        who = f"{age}-month-old {'boy' if sex == 'M' else 'girl'}"
    elif age < 18:
        who = f"{age}-year-old {'boy' if sex == 'M' else 'girl'}"
    else:
        who = f"{age}-year-old {'man' if sex == 'M' else 'woman'}"
    complaint = c.complaints[0] if kind == "dx" else c.complaints[1]
    place = "emergency department" if c.acute else "physician"
    if c.child:
        intro = f"A {who} is brought to the {place} by {rng.choice(bank['parents'])} {complaint}."
    elif c.acute:
        intro = f"A {who} {rng.choice(bank['emergency_arrivals'])} the emergency department {complaint}."
    else:
        intro = f"A {who} comes to {rng.choice(bank['outpatient_places'])} {complaint}."
    findings = c.findings[0:4] if kind == "dx" else c.findings[3:6]
    question = rng.choice(bank["diagnosis_questions"] if kind == "dx" else bank["management_questions"])
    return fill_vignette(" ".join([intro, *findings, question]), rng, sex)


def text_of(data: dict[str, Any]) -> str:
    options = data["options"].values() if isinstance(data["options"], dict) else data["options"]
    return data["question"] + "\n" + "\n".join(options)


def items(rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for c in banks.conditions():
        for kind in ("dx", "tx"):
            correct, wrong = (c.dx, c.dx_wrong) if kind == "dx" else (c.tx, c.tx_wrong)
            choices = [correct, *wrong]
            rng.shuffle(choices)
            options = dict(zip(LETTERS, choices))
            answer_idx = LETTERS[choices.index(correct)]
            out.append({"question": vignette(c, kind, rng), "options": options, "answer_idx": answer_idx,
                        "answer": correct, "meta_info": "step1" if kind == "dx" else "step2&3"})
    rng.shuffle(out)
    return out


def build(rng: random.Random, guards: Guards) -> list[Row]:
    n_exact = 1
    rows = take_distinct(((d, text_of(d)) for d in items(rng)), guards.en, ROWS - n_exact, NAME)
    plant_roles(rng, rows, [
        set_field("answer_idx", "F", "invalid", "invalid", 'answer_idx "F" is not among the options A-E'),
        set_field("options", lambda r: list(r.data["options"].values()), "wrong_type", "wrong_type",
                  "options is a list, not a letter -> text object"),
    ])
    plant_exact_duplicates(rng, rows, n_exact, copy=json_copy)
    return rows


def render(rows: list[Row]) -> bytes:
    return render_jsonl(rows)
