"""Benchmark decontamination: drop training records that hold an evaluation item, in whatever shape.

A model that saw a test question while training scores what it remembers, not what it learned, so
the EN/AR comparisons the project exists for would be void. A leaked item rarely arrives whole: a
PubMedQA item is a 250-word abstract plus a 15-word question, and a training record holds the
question and its answer, or the question with a few words changed, or an MCQ with its options
shuffled, or an Arabic translation. So an item is matched field by field (`contamination_field`):

- `question_answer`: the record holds the question and the gold answer after it (or, for a short
  question, the two together are enough evidence);
- `options`: the record holds every option (one may be missing out of four or more), in any order,
  and part of the question (`threshold / 2` of it);
- `question`: the record holds the question, whatever context the item carries, or a near copy of
  it (a few words changed, dropped or added);
- `context`: the record holds the item's context (an abstract).

A field is held when the record has at least `threshold` of the field's informative word n-grams
and at least `min_shared` of them. A near copy breaks n-grams (three changed words of a 15-word
question leave a third of its 3-grams), so a record sharing any informative n-gram of a question is
also aligned with it word by word (difflib, in order, near one diagonal): it holds the question when
the alignment covers `near_copy` of the question's weight, words weighing the square of their
rarity over the items' questions and a quarter of that inside a frame many items share. Informative: an n-gram (or option) found in fewer than
`common_share` of the items (and in fewer than 3): exam stock phrases ("which of the following is
the most likely diagnosis", an option "none of the above") occur in many items, say nothing about
which one leaked, and would otherwise make every exam-style record look contaminated. Options are
whole phrases between word boundaries, so their order does not matter. Text is compared after
Arabic-aware normalisation on both sides.

Cross-lingual leaks (`benchmark_contamination_translation`): the build hands in the catalog's own
translations of registered items' fields (rows with `translation_of`), matched like items; and a
record linked by `parent_id` or `pair_id` to a record that holds an item (in this build or already
in the catalog, `linked`) is a translation of it when the two languages differ. A record holding a
registered item in its own language is `benchmark_contamination`; signals say which field matched
(`contamination_field`), how much of it (`contamination_overlap`) and through what
(`contamination_via`: `item`, `translation`, `parent_id`, `pair_id`).

Records are processed in batches with Polars (explode n-grams, join against the index), and the
index of every item's fields is built once per build, so a million records need no Python loop per
record.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import polars as pl

from jisr.curation.base import STEPS, Step, from_catalog
from jisr.curation.normalize import normalize_expr
from jisr.errors import InputError
from jisr.registry import parameters

BATCH = 50_000
FRAME_WEIGHT = 0.25  # of a question word inside the frame many items share (see `_question_weights`)
# The order a record's evidence is reported in when it holds an item in several shapes: the most specific first.
FIELDS = ("question_answer", "options", "question", "context")
REASON, TRANSLATION_REASON = "benchmark_contamination", "benchmark_contamination_translation"
ITEM_SCHEMA = {"item": pl.String, "question": pl.String, "answer": pl.String, "options": pl.List(pl.String),
               "context": pl.String, "translation_of": pl.String}
LINKED_SCHEMA = {"record_id": pl.String, "language": pl.String, "prompt": pl.String, "response": pl.String,
                 "parent_id": pl.String, "pair_id": pl.String}
_HIT_SCHEMA = {"record_id": pl.String, "item": pl.String, "origin": pl.String, "translated": pl.Boolean,
               "field": pl.String, "overlap": pl.Float64}
_LINKED_HIT_SCHEMA = {**_HIT_SCHEMA, "via": pl.String, "linked": pl.String, "linked_language": pl.String}


def _grams(frame: pl.DataFrame, text: pl.Expr, n: int, keys: list[str]) -> pl.DataFrame:
    """(keys..., gram) rows: hashes of the distinct word n-grams of already normalised texts of n+ words."""
    words = frame.select(*keys, words=text.str.split(" ")).filter(pl.col("words").list.len() >= n)
    return (words.with_row_index("_doc").explode("words")
            .with_columns(gram=pl.concat_str([pl.col("words").shift(-k).over("_doc") for k in range(n)], separator=" "))
            .drop_nulls("gram").select(*keys, gram=pl.col("gram").hash()).unique())


def _informative(rows: pl.DataFrame, column: str, limit: float) -> pl.DataFrame:
    """`rows` without the values of `column` that occur in `limit` or more distinct items (by origin)."""
    common = rows.group_by(column).agg(items=pl.col("origin").n_unique()).filter(pl.col("items") >= limit)
    return rows.join(common.select(column), on=column, how="anti")


@dataclass(frozen=True)
class _Index:
    grams: pl.DataFrame  # item, field (question | answer | context), gram: informative n-grams only
    options: pl.DataFrame  # item, phrase (" option "), informative
    items: pl.DataFrame  # item, origin, translated, q_total, a_total, c_total, o_total, i_total
    questions: dict[str, list[str]]  # item -> the words of its normalised question
    weights: dict[str, list[float]]  # item -> each question word's weight (see `_question_weights`)

    @classmethod
    def build(cls, items: pl.DataFrame, n: int, common_share: float) -> "_Index":
        keyed = items.select(
            "item", origin=pl.coalesce("translation_of", "item"), translated=pl.col("translation_of").is_not_null(),
            q=normalize_expr(pl.col("question").fill_null("")), a=normalize_expr(pl.col("answer").fill_null("")),
            c=normalize_expr(pl.col("context").fill_null("")),
            options=pl.col("options").fill_null([]).list.eval(normalize_expr(pl.element())))
        keys = ["item", "origin"]
        question = _grams(keyed, pl.col("q"), n, keys)
        # The answer's evidence is what the answer adds after the question: n-grams of "question answer"
        # the question alone lacks (the seam and the answer's own words).
        answer = _grams(keyed.filter(pl.col("a") != ""), pl.concat_str("q", "a", separator=" ").str.strip_chars(),
                        n, keys).join(question, on=[*keys, "gram"], how="anti")
        grams = pl.concat([question.with_columns(field=pl.lit("question")), answer.with_columns(field=pl.lit("answer")),
                           _grams(keyed, pl.col("c"), n, keys).with_columns(field=pl.lit("context"))])
        limit = max(3.0, common_share * keyed["origin"].n_unique())
        grams = _informative(grams, "gram", limit).select("item", "field", "gram")
        options = keyed.select(*keys, phrase=pl.col("options")).explode("phrase").filter(pl.col("phrase") != "").unique()
        options = options.join(_informative(options, "phrase", limit).with_columns(informative=pl.lit(True)),
                               on=[*keys, "phrase"], how="left").select(
            "item", phrase=" " + pl.col("phrase") + " ", informative=pl.col("informative").fill_null(False))
        totals = [grams.filter(pl.col("field") == f).group_by("item").agg(pl.len().alias(name))
                  for f, name in (("question", "q_total"), ("answer", "a_total"), ("context", "c_total"))]
        totals.append(options.group_by("item").agg(o_total=pl.len(), i_total=pl.col("informative").sum()))
        table = keyed.select("item", "origin", "translated")
        for part in totals:
            table = table.join(part, on="item", how="left")
        return cls(grams, options, table.fill_null(0), *_question_weights(keyed, n, limit))

    def aligned(self, item: str, text: list[str], present: set[str], needed: float) -> float:
        """The share of the item's question weight that an in-order alignment with `text` covers, counting
        only matches near the diagonal of the longest one (within half the question's length), so words
        of the question scattered through a long answer are no copy of it; 0 where it cannot reach
        `needed`. The weight of the question's words `present` in the text bounds the alignment from
        above and costs a set lookup per word, so most pairs never reach the (slower) alignment."""
        question, weights = self.questions[item], self.weights[item]
        total = sum(weights)
        if not total or sum(w for word, w in zip(question, weights) if word in present) < needed * total:
            return 0.0
        blocks = SequenceMatcher(None, question, text, autojunk=False).get_matching_blocks()
        anchor = max(blocks, key=lambda b: b.size)
        band = len(question) / 2
        return sum(sum(weights[b.a:b.a + b.size]) for b in blocks
                   if abs((b.b - b.a) - (anchor.b - anchor.a)) <= band) / total


def _question_weights(keyed: pl.DataFrame, n: int, limit: float) -> tuple[dict[str, list[str]], dict[str, list[float]]]:
    """Each question's words and their weights for near-copy alignment.

    A word weighs the square of its inverse document frequency over the items' questions, a quarter of
    that where every n-gram around it is common (the frame many items share: "which of the following
    drugs is preferred for"). So a question with a few frame words changed keeps nearly all its weight,
    a question of the same frame about another drug or disease loses the rare words that carry it, and
    a record naming the same drug and disease without the question's frame does not hold all of it.
    """
    rows = keyed.select("item", "origin", words=pl.col("q").str.split(" ")).rows()
    word_items = Counter(w for w, _ in {(w, origin) for _, origin, words in rows for w in words})
    gram_items = Counter(g for g, _ in {(" ".join(words[i:i + n]), origin) for _, origin, words in rows
                                        for i in range(len(words) - n + 1)})
    count = keyed["origin"].n_unique()
    questions, weights = {}, {}
    for item, _, words in rows:
        rare = [len(words) < n or any(gram_items[" ".join(words[j:j + n])] < limit
                                      for j in range(max(0, i - n + 1), min(i, len(words) - n) + 1))
                for i in range(len(words))]
        questions[item] = words
        weights[item] = [math.log(1 + count / word_items[w]) ** 2 * (1 if r else FRAME_WEIGHT) for w, r in zip(words, rare)]
    return questions, weights


@STEPS.register("decontaminate")
@dataclass
class Decontaminate(Step):
    """Whole-corpus step: drop records that hold an evaluation item (see the module docstring).

    The build hands in, from the catalog, before it runs: `eval_items` (columns of `ITEM_SCHEMA`: the
    registered items and the catalog's translations of them) and `linked` (catalog records that this
    build's records name as `parent_id` or share a `pair_id` with).
    """

    ngram: int = 3
    threshold: float = 0.7
    min_shared: int = 4
    common_share: float = 0.01
    near_copy: float = 0.8
    eval_items: pl.DataFrame | None = from_catalog()
    linked: pl.DataFrame | None = from_catalog()

    def __post_init__(self) -> None:
        if (self.ngram < 1 or self.min_shared < 1
                or not all(0 < v <= 1 for v in (self.threshold, self.common_share, self.near_copy))):
            raise InputError("curation step decontaminate: ngram and min_shared must be >= 1, threshold, "
                             "common_share and near_copy in (0, 1]")

    def params(self) -> dict[str, Any]:
        items = self.eval_items if self.eval_items is not None else pl.DataFrame(schema=ITEM_SCHEMA)
        return {**parameters(self), "eval_items": items.filter(pl.col("translation_of").is_null()).height,
                "translations": items.filter(pl.col("translation_of").is_not_null()).height}

    def decide(self, records: pl.DataFrame) -> pl.DataFrame:
        hits = pl.DataFrame(schema=_LINKED_HIT_SCHEMA)
        if self.eval_items is not None and self.eval_items.height:
            index = _Index.build(self.eval_items, self.ngram, self.common_share)
            linked = self.linked if self.linked is not None else pl.DataFrame(schema=LINKED_SCHEMA)
            mine = records.select(list(LINKED_SCHEMA)).cast(LINKED_SCHEMA)
            known = pl.concat([mine, linked.select(list(LINKED_SCHEMA)).cast(LINKED_SCHEMA)]).unique(
                "record_id", keep="first", maintain_order=True)
            direct = pl.concat([self._hits(known.slice(start, BATCH), index) for start in range(0, known.height, BATCH)]
                               or [pl.DataFrame(schema=_HIT_SCHEMA)])
            hits = pl.concat([
                direct.with_columns(via=pl.when("translated").then(pl.lit("translation")).otherwise(pl.lit("item")),
                                    linked=pl.lit(None, pl.String), linked_language=pl.lit(None, pl.String)),
                _through_links(mine, known, direct)]).unique("record_id", keep="first", maintain_order=True)
        decided = records.select("record_id", "language").join(hits, on="record_id", how="left", maintain_order="left")
        found, linked = pl.col("item").is_not_null(), pl.col("linked").is_not_null()
        translation = pl.col("translated") | (linked & (pl.col("linked_language") != pl.col("language")))
        return decided.select(
            "record_id",
            kept=~found,
            reason=pl.when(found).then(pl.when(translation).then(pl.lit(TRANSLATION_REASON)).otherwise(pl.lit(REASON))),
            detail=pl.when(linked).then(pl.format("linked by {} to record {}, which contains eval item {} ({})",
                                                  "via", "linked", "origin", "field"))
            .when(pl.col("translated")).then(pl.format("contains a translation of eval item {} ({})", "origin", "field"))
            .when(found).then(pl.format("contains eval item {} ({})", "origin", "field")),
            contamination_field=pl.col("field"),
            contamination_overlap=pl.col("overlap").round(4),
            contamination_via=pl.col("via"),
        )

    def _hits(self, batch: pl.DataFrame, index: _Index) -> pl.DataFrame:
        """The best item each record of `batch` holds, if any: registered items before translations,
        then the most specific field, then the largest overlap."""
        texts = batch.select("record_id", text=normalize_expr(pl.concat_str(["prompt", "response"], separator=" ")))
        shared = (_grams(texts, pl.col("text"), self.ngram, ["record_id"]).join(index.grams, on="gram")
                  .group_by("record_id", "item").agg(**{f"{f[0]}_shared": (pl.col("field") == f).sum()
                                                        for f in ("question", "answer", "context")}))
        if index.options.height:
            phrases = index.options["phrase"].unique().to_list()
            held = (texts.select("record_id", phrase=(" " + pl.col("text") + " ").str.extract_many(
                phrases, overlapping=True)).explode("phrase").drop_nulls("phrase").unique()
                .join(index.options, on="phrase").group_by("record_id", "item").agg(
                    o_shared=pl.len(), i_shared=pl.col("informative").sum()))
            shared = shared.join(held, on=["record_id", "item"], how="full", coalesce=True)
        else:
            shared = shared.with_columns(o_shared=pl.lit(0, pl.UInt32), i_shared=pl.lit(0, pl.UInt32))
        pairs = shared.fill_null(0).join(index.items, on="item")
        t, m = self.threshold, self.min_shared

        def held_expr(got: pl.Expr, total: pl.Expr) -> pl.Expr:
            return (total > 0) & (got >= pl.max_horizontal(total * t, pl.lit(m)))

        q, a, c, o = (pl.col(f"{k}_shared") for k in "qaco")
        qt, at, ct, ot = (pl.col(f"{k}_total") for k in "qaco")
        # Near copies: where a question is partly there, align its words with the record's (few pairs).
        near = pairs.filter(~held_expr(q, qt) & (q >= 1)).select("record_id", "item")
        words = {rid: text.split(" ") for rid, text in texts.join(near.select("record_id").unique(), on="record_id")
                 .iter_rows()}
        present = {rid: set(w) for rid, w in words.items()}
        aligned = [index.aligned(item, words[rid], present[rid], self.near_copy) for rid, item in near.iter_rows()]
        pairs = pairs.join(near.with_columns(aligned=pl.Series(aligned, dtype=pl.Float64)),
                           on=["record_id", "item"], how="left").with_columns(pl.col("aligned").fill_null(0.0))
        question_held = held_expr(q, qt) | (pl.col("aligned") >= self.near_copy)
        shapes = {
            "question_answer": ((at > 0) & (a >= at * t) & (held_expr(q + a, qt + at) | question_held),
                                pl.max_horizontal((q + a) / (qt + at), "aligned")),
            "options": ((ot >= 2) & (o == ot) & (pl.col("i_shared") >= 2) & (q >= qt * t / 2), o / ot),
            "question": (question_held, pl.max_horizontal(q / qt, "aligned")),
            "context": (held_expr(c, ct), c / ct),
        }
        field_expr, overlap_expr = pl.lit(None, pl.String), pl.lit(None, pl.Float64)
        for name in reversed(FIELDS):  # the first shape in FIELDS that holds wins
            passed, overlap = shapes[name]
            field_expr = pl.when(passed).then(pl.lit(name)).otherwise(field_expr)
            overlap_expr = pl.when(passed).then(overlap).otherwise(overlap_expr)
        found = pairs.with_columns(field=field_expr, overlap=overlap_expr.cast(pl.Float64)).drop_nulls("field")
        rank = pl.col("field").replace_strict({f: i for i, f in enumerate(FIELDS)}, return_dtype=pl.Int32)
        return (found.sort("translated", rank, pl.col("overlap"), "item", descending=[False, False, True, False])
                .unique("record_id", keep="first", maintain_order=True).select(list(_HIT_SCHEMA)))


def _through_links(records: pl.DataFrame, known: pl.DataFrame, direct: pl.DataFrame) -> pl.DataFrame:
    """Records of this build that hold no item themselves but are linked to one that does: their
    `parent_id` is that record, or they share its group (`pair_id`, or its own id where it has none)."""
    group = pl.coalesce("pair_id", "record_id")
    holders = known.join(direct, on="record_id").select(
        pl.col("record_id").alias("linked"), pl.col("language").alias("linked_language"), group.alias("group"),
        *[c for c in _HIT_SCHEMA if c != "record_id"])
    own = records.select("record_id", "parent_id", group=group).join(direct.select("record_id"), on="record_id",
                                                                       how="anti")
    by_parent = own.join(holders, left_on="parent_id", right_on="linked").with_columns(
        linked=pl.col("parent_id"), via=pl.lit("parent_id"))
    by_pair = own.join(holders, on="group").filter(pl.col("linked") != pl.col("record_id")).with_columns(
        via=pl.lit("pair_id"))
    return pl.concat([by_parent.select(list(_LINKED_HIT_SCHEMA)), by_pair.select(list(_LINKED_HIT_SCHEMA))]).unique(
        "record_id", keep="first", maintain_order=True)
