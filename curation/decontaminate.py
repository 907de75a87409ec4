"""Benchmark decontamination: drop training records that contain an evaluation item.

A model that saw a test question while training scores what it remembers, not what it learned, so
the EN/AR comparisons the project exists for would be void. Evaluation items come from the catalog's
`eval_items` (registered by `jisr eval`); both sides are compared as word n-grams of Arabic-normalised
text. An item leaks into a record when the record holds at least `threshold` of the item's distinct
n-grams (an item shorter than n words must appear whole, between word boundaries). The fraction, not a single shared n-gram,
is the test: stock phrases such as "which of the following is the most likely diagnosis" are eight
words long and shared by thousands of honest exam-style records.

Records are processed in batches with Polars (explode n-grams, join against the items' n-grams), so
a million records need no Python loop per record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from jisr.curation.normalize import normalize_expr
from jisr.errors import InputError

BATCH = 50_000


def _grams(frame: pl.DataFrame, text: pl.Expr, n: int, key: str) -> pl.DataFrame:
    """(key, gram) rows: hashes of the distinct word n-grams of the normalised text of texts of n+ words."""
    words = frame.select(key, words=normalize_expr(text).str.split(" ")).filter(pl.col("words").list.len() >= n)
    return (words.with_row_index("_doc").explode("words")
            .with_columns(gram=pl.concat_str([pl.col("words").shift(-k).over("_doc") for k in range(n)], separator=" "))
            .drop_nulls("gram").select(key, gram=pl.col("gram").hash()).unique())


@dataclass
class Decontaminate:
    """Whole-corpus step: drop records that contain an evaluation item (see the module docstring).

    `eval_items` (columns `item`, `text`) is handed in by the build from the catalog before it runs.
    """

    ngram: int = 8
    threshold: float = 0.5
    name: str = "decontaminate"
    eval_items: pl.DataFrame | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.ngram < 1 or not 0 < self.threshold <= 1:
            raise InputError("curation step decontaminate: ngram must be >= 1 and threshold in (0, 1]")

    def params(self) -> dict[str, Any]:
        return {"ngram": self.ngram, "threshold": self.threshold,
                "eval_items": 0 if self.eval_items is None else self.eval_items.height}

    def decide(self, records: pl.DataFrame) -> pl.DataFrame:
        leaks = pl.DataFrame(schema={"record_id": pl.String, "item": pl.String})
        if self.eval_items is not None and self.eval_items.height:
            item_grams = _grams(self.eval_items, pl.col("text"), self.ngram, "item")
            totals = item_grams.group_by("item").agg(total=pl.len())
            # Items shorter than n words must appear whole (between word boundaries) in the record.
            short = self.eval_items.select("item", key=" " + normalize_expr(pl.col("text")) + " ").filter(
                pl.col("key").str.count_matches(" ") - 1 < self.ngram, pl.col("key") != "  ")
            found = []
            for start in range(0, records.height, BATCH):
                batch = records.slice(start, BATCH)
                text = pl.concat_str([pl.col("prompt"), pl.col("response")], separator=" ")
                shared = (_grams(batch, text, self.ngram, "record_id").join(item_grams, on="gram")
                          .group_by("record_id", "item").agg(shared=pl.len()).join(totals, on="item")
                          .filter(pl.col("shared") >= self.threshold * pl.col("total")))
                found.append(shared.sort("shared", descending=True).group_by("record_id").agg(pl.col("item").first()))
                if short.height:
                    hits = batch.select("record_id", hit=(" " + normalize_expr(text) + " ").str.extract_many(
                        short["key"].to_list(), overlapping=False).list.first()).drop_nulls("hit")
                    found.append(hits.join(short.rename({"key": "hit"}), on="hit").select("record_id", "item"))
            leaks = pl.concat([leaks, *found]).unique("record_id", keep="first", maintain_order=True)
        decided = records.select("record_id").join(leaks, on="record_id", how="left", maintain_order="left")
        return decided.select(
            "record_id",
            kept=pl.col("item").is_null(),
            reason=pl.when(pl.col("item").is_not_null()).then(pl.lit("benchmark_contamination")),
            detail=pl.when(pl.col("item").is_not_null()).then(pl.lit("contains eval item ") + pl.col("item")),
        )
