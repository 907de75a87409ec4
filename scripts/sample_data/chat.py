"""med42_chat_sample.jsonl: English chat `messages` (as in Med42-v2's public mix).

Conversations are built around conditions.yaml (a patient describing symptoms, or living with the
diagnosis, then asking about red flags or home care) and drugs.yaml (starting a medicine), plus the
general conversations of banks/chat.yaml; some open with a system prompt.  Planted: a "doctor" role,
a conversation without an assistant turn, an empty assistant message and exact duplicates.
"""

from __future__ import annotations

import random
from typing import Any

from . import banks
from .rows import Row, choose, json_copy, mark, plant_exact_duplicates, render_jsonl, take_distinct
from .text import Guards

NAME = "med42_chat_sample.jsonl"
ROWS = 100


def text_of(data: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content", "")) for m in data["messages"])


def _conversation(rng: random.Random, turns: list[tuple[str, str]]) -> dict[str, Any]:
    messages: list[dict[str, str]] = []
    if rng.random() < 0.4:
        messages.append({"role": "system", "content": rng.choice(banks.load("chat.yaml")["system_prompts"])})
    for user, assistant in turns:
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    return {"messages": messages}


def items(rng: random.Random) -> list[dict[str, Any]]:
    bank = banks.load("chat.yaml")
    convs: list[dict[str, Any]] = []
    for c in banks.conditions():
        if not c.lay_q:
            continue
        # A: describing symptoms; B: living with the diagnosis; 2: with a red-flag follow-up.
        a_turn = (rng.choice(bank["openers"]) + c.lay_q + rng.choice(bank["symptom_suffixes"]), c.lay_explain)
        b_turn = (c.lay_b or rng.choice(bank["diagnosis_templates"]).format(lay=c.lay), c.self_care)
        red = (rng.choice(bank["follow_red_flags"]), c.lay_red_flags)
        patterns = ["A2+B1", "A1+B2", "A1+B1", "A2", "B2"] + ([] if c.third_person else ["AB", "AB"])
        pattern = rng.choice(patterns)
        if pattern == "AB":
            convs.append(_conversation(rng, [a_turn, (rng.choice(bank["follow_home_care"]), c.self_care), red]))
            continue
        for part in pattern.split("+"):
            first = a_turn if part[0] == "A" else b_turn
            convs.append(_conversation(rng, [first, red] if part[1] == "2" else [first]))
    for d in banks.drugs():
        turns = [(rng.choice(bank["drug_templates"]).format(name=d.name, use=d.use), d.counselling)]
        if rng.random() < 0.5:
            turns.append((rng.choice(bank["drug_follow_ups"]), d.interactions))
        convs.append(_conversation(rng, turns))
    for item in bank["general"]:
        convs.append(_conversation(rng, [(item["question"], item["answer"])]))
    rng.shuffle(convs)
    return convs


def build(rng: random.Random, guards: Guards) -> list[Row]:
    n_exact = 2
    rows = take_distinct(((c, text_of(c)) for c in items(rng)), guards.en, ROWS - n_exact, NAME)

    def assistant_turns(r: Row) -> list[int]:
        return [i for i, m in enumerate(r.data["messages"]) if m["role"] == "assistant"]

    for row in choose(rng, rows, 1, lambda r: len(assistant_turns(r)) >= 2):
        i = assistant_turns(row)[0]
        row.data["messages"][i]["role"] = "doctor"
        mark(row, "invalid", (f"messages[{i}].role", "invalid"),
             f"messages[{i}] has role \"doctor\" (not system/user/assistant)")
    for row in choose(rng, rows, 1, lambda r: len(assistant_turns(r)) == 1):
        row.data["messages"] = [m for m in row.data["messages"] if m["role"] != "assistant"]
        mark(row, "invalid", ("messages", "invalid"), "no assistant turn")
    for row in choose(rng, rows, 1, lambda r: len(assistant_turns(r)) >= 2):
        i = assistant_turns(row)[-1]
        row.data["messages"][i]["content"] = ""
        mark(row, "empty_answer", (f"messages[{i}].content", "empty"), f"messages[{i}] (assistant) has empty content")
    plant_exact_duplicates(rng, rows, n_exact, copy=json_copy)
    return rows


def render(rows: list[Row]) -> bytes:
    return render_jsonl(rows)
