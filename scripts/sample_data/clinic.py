"""clinic_export_sample.csv: a fictional clinic's own Q&A export, for the column-mapping adapter.

Arabic headers (id, question, answer, specialty, date), ids from 1001 and a date every few days
through 2024.  Planted: one empty answer and one exact duplicate (with its own id and date).
"""

from __future__ import annotations

import random
from typing import Any

from . import banks
from .rows import Row, choose, plant_exact_duplicates, render_csv, set_field
from .text import Guards

NAME = "clinic_export_sample.csv"
ROWS = 60
HEADER = ["رقم", "السؤال", "الإجابة", "التخصص", "تاريخ"]


def text_of(data: dict[str, Any]) -> str:
    return f"{data['q']}\n{data['a']}"


def build(rng: random.Random, guards: Guards) -> list[Row]:
    items = list(banks.load("clinic.yaml")["questions"])
    rng.shuffle(items)
    rows: list[Row] = []
    for item in items:
        if len(rows) == ROWS - 1:
            break
        if guards.admit_arabic_qa(item["question"], item["answer"]):
            rows.append(Row({"q": item["question"], "a": item["answer"], "specialty": item["specialty"]}))
    if len(rows) < ROWS - 1:
        raise RuntimeError(f"clinic bank too small: {len(rows)} distinct items")
    for row in choose(rng, rows, 1, span=(0.2, 0.8)):
        set_field("a", "", "empty_answer", "empty", "empty الإجابة (answer)", field_name="الإجابة")(row)
    plant_exact_duplicates(rng, rows, 1,
                           note="exact duplicate of row {ref} (same question, answer and specialty; new id and date)")
    # The export's own ids and dates (one question every few days through 2024).
    day = 6
    for n, row in enumerate(rows, start=1):
        day += rng.randint(1, 6)
        row.detail = {**row.detail, "id": 1000 + n, "date": _day_of_2024(day)}
    return rows


def _day_of_2024(day: int) -> str:
    months = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    month = 0
    while day > months[month]:
        day -= months[month]
        month += 1
    return f"2024-{month + 1:02d}-{day:02d}"


def render(rows: list[Row]) -> bytes:
    return render_csv(HEADER, rows, lambda r, n: [r.detail["id"], r.data["q"], r.data["a"],
                                                 r.data["specialty"], r.detail["date"]])
