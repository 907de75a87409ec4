"""ahqad_sample.csv: AHQAD-shaped Arabic health Q&A (pandas CSV with an unnamed index column).

Planted: two malformed lines (a field missing, an unquoted comma), residual English inside answers,
empty answers and an empty question, exact duplicates (their own index) and near duplicates (one or two
Arabic spelling, punctuation, spacing or synonym edits).
"""

from __future__ import annotations

import random
from typing import Any

from . import banks
from .ahqad_questions import generate_ar_qa
from .edits import AR_EDITS, inject_english
from .rows import Row, choose, mark, plant_exact_duplicates, plant_near_duplicates, render_csv, set_field
from .text import Guards

NAME = "ahqad_sample.csv"
ROWS = 300
HEADER = ["", "Question", "Answer", "Category"]
NEAR_PLANS = [[("Answer", "diacritic")], [("Answer", "hamza")], [("Answer", "ta_marbuta")],
              [("Answer", "alef_maqsura")], [("Answer", "tatweel")], [("Question", "punctuation")],
              [("Answer", "whitespace")], [("Answer", "synonym")], [("Question", "synonym")],
              [("Question", "diacritic"), ("Answer", "hamza")], [("Answer", "ta_marbuta"), ("Answer", "whitespace")],
              [("Answer", "synonym"), ("Question", "punctuation")]]


def text_of(data: dict[str, Any]) -> str:
    return f"{data['Question']}\n{data['Answer']}"


def build(rng: random.Random, guards: Guards) -> list[Row]:
    n_exact, n_near, n_malformed = 10, len(NEAR_PLANS), 2
    rows = generate_ar_qa(rng, ROWS - n_exact - n_near, guards)
    uses: dict[str, int] = {}
    for r in rows:
        uses[r.key] = uses.get(r.key, 0) + 1

    def single_use(r: Row) -> bool:
        return uses[r.key] == 1

    def csv_safe(r: Row) -> bool:
        fields_safe = not any(ch in r.data[c] for c in ("Question", "Answer") for ch in ',"\n')
        return fields_safe and r.data["Answer"].count(". ") >= 1

    # Two rows become malformed lines with the wrong number of fields.
    short, long_ = choose(rng, rows, n_malformed, csv_safe, span=(0.15, 0.9))
    mark(short, "malformed", (None, "malformed_row"), "3 fields: the Category field is missing")
    short.raw = lambda r, n: f"{n - 1},{r.data['Question']},{r.data['Answer']}"
    mark(long_, "malformed", (None, "malformed_row"), "5 fields: an unquoted comma inside the Answer")
    long_.raw = lambda r, n: (f"{n - 1},{r.data['Question']},"
                              f"{r.data['Answer'].replace('. ', ', ', 1)},{r.data['Category']}")

    phrases = list(banks.load("planted_defects.yaml")["residual_english"])
    rng.shuffle(phrases)
    for row, phrase in zip(choose(rng, rows, 15, lambda r: r.data["Answer"].count(".") >= 2), phrases):
        row.data["Answer"] = inject_english(row.data["Answer"], phrase, rng)
        row.case, row.note = "residual_english", f"English inside the Arabic answer: “{phrase}”"
    for row in choose(rng, rows, 4, single_use):
        set_field("Answer", "", "empty_answer", "empty", "empty Answer")(row)
    for row in choose(rng, rows, 1, single_use):
        set_field("Question", "", "empty_question", "empty", "empty Question")(row)

    plant_exact_duplicates(rng, rows, n_exact,
                           note="exact duplicate of row {ref} (same Question, Answer and Category; its own index)")
    plant_near_duplicates(rng, rows, NEAR_PLANS, AR_EDITS, text_of, pred=lambda r: len(r.data["Answer"].split()) >= 25)
    return rows


def render(rows: list[Row]) -> bytes:
    return render_csv(HEADER, rows, lambda r, n: [n - 1, r.data["Question"], r.data["Answer"], r.data["Category"]])
