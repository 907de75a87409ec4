"""What decontamination compares a build's records with, read from the catalog before the build runs.

- Every registered eval item, field by field (question, gold answer, options, context).
- The catalog's own translations of those fields: this project translates benchmarks (`jisr
  translate-mcq`, translate-test) and training data (`jisr translate`) through the generation
  layer, and every call is a row of `generations`. A finished translation call whose source text is
  an item's question, option or context gives that field in the other language; the fields found
  for one item by one translator form a translated item (`translation_of` names the original).
  The source text is read back from the call's user turn through the template it was rendered
  with (a bundled template, at the SHA-256 recorded with the call); calls rendered from a template
  file of one's own are not read back.
- The catalog records this build's records link to (their `parent_id`, or a shared `pair_id`), so a
  translation whose source is already in the catalog is judged by what its source holds.

Each is one query per build: the step indexes the items once, whatever the number of records.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow as pa

from jisr.catalog import Catalog, catalog_exists
from jisr.corpus.generation.templates import load_template
from jisr.curation.decontaminate import ITEM_SCHEMA, LINKED_SCHEMA
from jisr.errors import InputError

# Generation tasks whose output is a translation of their input text.
TRANSLATION_TASKS = ("translate", "translate_mcq", "translate_context")
_SLOT = "\u0000"


def eval_items(catalog_path: Path) -> pl.DataFrame:
    """Registered items and the catalog's translations of them (`ITEM_SCHEMA`); none before the first `jisr eval`."""
    if not catalog_exists(catalog_path):
        return pl.DataFrame(schema=ITEM_SCHEMA)
    with Catalog.open(catalog_path, read_only=True) as catalog:
        items = catalog.con.execute("""
            SELECT DISTINCT eval_set || ':' || item_id AS item, question, answer_index,
                   CAST(options AS VARCHAR) AS options, context
            FROM store.eval_items""").pl()
        items = items.with_columns(pl.col("options").str.json_decode(pl.List(pl.String)))
        registered = items.select("item", "question", answer=pl.col("options").list.get("answer_index", null_on_oob=True),
                                  options="options", context="context", translation_of=pl.lit(None, pl.String))
        return pl.concat([registered.cast(ITEM_SCHEMA), _translations(catalog, items)])


def _slots(catalog: Catalog) -> pa.Table:
    """(template_id, template_sha256, prefix, suffix) of the user turn of each bundled template the
    translation calls were rendered with, at the version they were rendered with."""
    rows = []
    for template_id, sha256 in catalog.con.execute(
            "SELECT DISTINCT template_id, template_sha256 FROM store.generations WHERE task IN "
            f"({', '.join('?' * len(TRANSLATION_TASKS))})", list(TRANSLATION_TASKS)).fetchall():
        try:
            template = load_template(template_id.rpartition("@")[0] or template_id)
        except InputError:
            continue  # a template file of one's own: its text is not known here
        if template.sha256 == sha256:
            prefix, _, suffix = template.render(_SLOT)[1]["content"].partition(_SLOT)
            rows.append({"template_id": template_id, "template_sha256": sha256, "prefix": prefix, "suffix": suffix})
    return pa.Table.from_pylist(rows, schema=pa.schema([(n, pa.string()) for n in
                                                        ("template_id", "template_sha256", "prefix", "suffix")]))


def _translations(catalog: Catalog, items: pl.DataFrame) -> pl.DataFrame:
    """Translated items: per (item, translator model, template), the fields whose translation the catalog holds."""
    slots = _slots(catalog)
    if not slots.num_rows:
        return pl.DataFrame(schema=ITEM_SCHEMA)
    fields = pl.concat([
        items.select("item", field=pl.lit("question"), index=pl.lit(-1), text=pl.col("question").str.strip_chars()),
        items.filter(pl.col("context").is_not_null()).select(
            "item", field=pl.lit("context"), index=pl.lit(-1), text=pl.col("context").str.strip_chars()),
        items.select("item", field=pl.lit("option"), text=pl.col("options")).with_columns(
            index=pl.int_ranges(pl.col("text").list.len())).explode("text", "index")
        .select("item", "field", pl.col("index").cast(pl.Int32), pl.col("text").str.strip_chars()),
    ]).filter(pl.col("text") != "")
    catalog.con.register("_jisr_slots", slots)
    catalog.con.register("_jisr_fields", fields.to_arrow())
    try:
        found = catalog.con.execute(f"""
            WITH calls AS (
                SELECT g.model, g.template_sha256, s.prefix, s.suffix, trim(g.output) AS translation,
                       json_extract_string(g.messages, '$[1].content') AS turn
                FROM store.generations g JOIN _jisr_slots s USING (template_id, template_sha256)
                WHERE g.task IN ({', '.join('?' * len(TRANSLATION_TASKS))}) AND g.error IS NULL
                  AND coalesce(g.outcome, 'ok') = 'ok' AND trim(coalesce(g.output, '')) <> ''
            ), sources AS (
                SELECT DISTINCT model, template_sha256, translation,
                       trim(turn[length(prefix) + 1 : length(turn) - length(suffix)]) AS text
                FROM calls WHERE starts_with(turn, prefix) AND ends_with(turn, suffix)
            )
            SELECT f.item, f.field, f.index, s.model || ' ' || s.template_sha256 AS translator,
                   min(s.translation) AS translation
            FROM _jisr_fields f JOIN sources s USING (text)
            GROUP BY ALL""", list(TRANSLATION_TASKS)).pl()
    finally:
        catalog.con.unregister("_jisr_slots")
        catalog.con.unregister("_jisr_fields")
    if not found.height:
        return pl.DataFrame(schema=ITEM_SCHEMA)
    answers = items.select("item", "answer_index")
    per_item = found.join(answers, on="item").group_by("item", "translator").agg(
        question=pl.col("translation").filter(pl.col("field") == "question").first(),
        context=pl.col("translation").filter(pl.col("field") == "context").first(),
        options=pl.col("translation").filter(pl.col("field") == "option").sort_by(
            pl.col("index").filter(pl.col("field") == "option")),
        answer=pl.col("translation").filter((pl.col("field") == "option")
                                            & (pl.col("index") == pl.col("answer_index"))).first(),
    ).sort("item", "translator")
    return per_item.select(item=pl.col("item") + " | " + pl.col("translator"), question="question", answer="answer",
                           options="options", context="context", translation_of="item").cast(ITEM_SCHEMA)


def linked_records(catalog_path: Path, records: pl.DataFrame) -> pl.DataFrame:
    """Catalog records that `records` name as `parent_id` or whose `pair_id` (or own id) is a record's `pair_id`."""
    keys = pl.concat([records["parent_id"], records["pair_id"]]).drop_nulls().unique()
    if not keys.len() or not catalog_exists(catalog_path):
        return pl.DataFrame(schema=LINKED_SCHEMA)
    with Catalog.open(catalog_path, read_only=True) as catalog:
        catalog.con.register("_jisr_keys", pa.table({"key": keys.to_arrow()}))
        try:
            return catalog.con.execute(f"""
                SELECT {', '.join(LINKED_SCHEMA)} FROM store.records
                WHERE record_id IN (SELECT key FROM _jisr_keys) OR pair_id IN (SELECT key FROM _jisr_keys)""").pl()
        finally:
            catalog.con.unregister("_jisr_keys")
