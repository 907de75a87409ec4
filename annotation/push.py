"""Sending translation pairs from the catalog to Argilla for expert review.

A pair is a catalog record with `parent_id` set (e.g. source `translated:*`, Arabic) joined to its
parent (the English original). The sample is stratified by the parent's category (specialty) and
source, so every specialty gets reviewed, not just the largest; it is seeded, so the same command
picks the same records. Reviews are blind: reviewers see the two texts and the translation's QE
signals, never the model or the record's metadata. Each Argilla record's id is the catalog
`record_id` of the translation, so pushing again updates rather than duplicates, and pull maps
answers back without a lookup table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jisr.annotation import turns
from jisr.catalog.store import Catalog

ERROR_TYPES = ["mistranslation", "omission", "addition", "terminology", "grammar", "untranslated_english",
               "numbers_units", "formatting"]

GUIDELINES = """\
# Reviewing a medical translation (English -> Arabic)

Read the English source, then the Arabic translation. You are not told which system translated it.

- **Adequacy (1-5)**: is the medical meaning preserved? 5 = everything, 3 = the gist with some loss,
  1 = wrong or dangerous meaning.
- **Fluency (1-5)**: is it natural, correct Modern Standard Arabic? 5 = as a clinician would write it,
  1 = not understandable.
- **Error types** (all that apply): mistranslation, omission, addition, terminology (wrong or non-standard
  medical term), grammar, untranslated English, numbers/units (doses, values, units changed), formatting.
- **Corrected translation**: if the translation needs changes, write the full corrected Arabic text.
  Leave it empty when the translation is fine as it is. For a conversation (turns headed `**1. المستخدم**`,
  `**2. المساعد**`, ...), copy every turn with its heading line unchanged and correct the text under it;
  keep all the turns, even those that need no change.

Discard a record only if it cannot be judged (e.g. the source itself is broken).
"""

SAMPLE_SQL = """
WITH pairs AS (
    SELECT t.record_id, coalesce(p.category, 'unknown') AS category, p.source AS source,
           p.prompt AS source_prompt, p.response AS source_response, p.messages AS source_messages,
           t.prompt AS translated_prompt, t.response AS translated_response, t.messages AS translated_messages,
           row_number() OVER (PARTITION BY coalesce(p.category, 'unknown'), p.source
                              ORDER BY hash(t.record_id || ?)) AS draw
    FROM records t JOIN records p ON p.record_id = t.parent_id
    WHERE (t.kept OR ?) AND t.source NOT LIKE 'corrected:%'  -- an expert's correction is not reviewed again
)
SELECT record_id, category, source, source_prompt, source_response, source_messages, translated_prompt,
       translated_response, translated_messages
FROM pairs WHERE draw <= ? ORDER BY category, source, record_id
"""

QE_SQL = """
SELECT record_id, name, value FROM signals
WHERE step = 'translation_qe' AND value IS NOT NULL AND record_id IN (SELECT unnest(?))
QUALIFY row_number() OVER (PARTITION BY record_id, name ORDER BY run_id DESC) = 1
"""


def sample_pairs(catalog_path: Path, per_stratum: int, seed: int = 0, include_dropped: bool = False
                 ) -> list[dict[str, Any]]:
    """Up to `per_stratum` translation pairs per (category, source), each with its QE signals under `qe`."""
    with Catalog.open(catalog_path, read_only=True) as catalog:
        cursor = catalog.con.execute(SAMPLE_SQL, [str(seed), include_dropped, per_stratum])
        columns = [d[0] for d in cursor.description]
        pairs = [dict(zip(columns, row)) for row in cursor.fetchall()]
        qe: dict[str, dict[str, float]] = {}
        for record_id, name, value in catalog.con.execute(QE_SQL, [[p["record_id"] for p in pairs]]).fetchall():
            qe.setdefault(record_id, {})[name] = value
    for pair in pairs:
        pair["qe"] = qe.get(pair["record_id"], {})
    return pairs


def _text(prompt: str | None, response: str | None, labels: tuple[str, str]) -> str:
    return f"**{labels[0]}**\n\n{prompt or ''}\n\n**{labels[1]}**\n\n{response or ''}"


def _shown(pair: dict[str, Any], side: str, labels: tuple[str, str], roles: dict[str, str]) -> str:
    """A chat as its numbered turns (annotation/turns.py, read back by pull), anything else as question/answer."""
    if pair[f"{side}_messages"]:
        return turns.show(json.loads(pair[f"{side}_messages"]), roles)
    return _text(pair[f"{side}_prompt"], pair[f"{side}_response"], labels)


def dataset_settings(qe_names: list[str], reviewers: int) -> Any:
    import argilla as rg

    return rg.Settings(
        guidelines=GUIDELINES,
        fields=[
            rg.TextField(name="source_en", title="English source", use_markdown=True),
            # Markdown lets the Arabic be laid out right-to-left (`dir="rtl"`) in the web UI.
            rg.TextField(name="translation_ar", title="Arabic translation", use_markdown=True),
        ],
        questions=[
            rg.RatingQuestion(name="adequacy", title="Adequacy: is the medical meaning preserved?", values=[1, 2, 3, 4, 5]),
            rg.RatingQuestion(name="fluency", title="Fluency: is the Arabic natural and correct?", values=[1, 2, 3, 4, 5]),
            rg.MultiLabelQuestion(name="errors", title="Error types", labels=ERROR_TYPES, required=False),
            rg.TextQuestion(name="correction", title="Corrected translation (only if it needs changes)",
                            required=False),
        ],
        metadata=[rg.TermsMetadataProperty(name="category"), rg.TermsMetadataProperty(name="source")]
        + [rg.FloatMetadataProperty(name=f"qe_{name}") for name in qe_names],
        distribution=rg.TaskDistribution(min_submitted=reviewers),
    )


def to_argilla_record(pair: dict[str, Any], qe_names: list[str]) -> Any:
    import argilla as rg

    arabic = _shown(pair, "translated", ("السؤال", "الجواب"), turns.AR_ROLES)
    metadata = {"category": pair["category"], "source": pair["source"]}
    metadata.update({f"qe_{n}": pair["qe"][n] for n in qe_names if n in pair["qe"]})
    return rg.Record(
        id=pair["record_id"],
        fields={"source_en": _shown(pair, "source", ("Question", "Answer"), turns.EN_ROLES),
                "translation_ar": f'<div dir="rtl" lang="ar">\n\n{arabic}\n\n</div>'},
        metadata=metadata,
    )


def push(client: Any, catalog_path: Path, dataset: str, workspace: str, per_stratum: int, seed: int = 0,
         reviewers: int = 1, include_dropped: bool = False) -> dict[str, Any]:
    """Create the dataset if needed and log the sampled pairs to it (an upsert by record id)."""
    import argilla as rg

    pairs = sample_pairs(catalog_path, per_stratum, seed, include_dropped)
    existing = client.datasets(name=dataset, workspace=workspace)
    if existing is None:
        qe_names = sorted({name for pair in pairs for name in pair["qe"]})
        existing = rg.Dataset(name=dataset, workspace=workspace, settings=dataset_settings(qe_names, reviewers),
                              client=client).create()
    qe_names = [m.name[3:] for m in existing.settings.metadata if m.name.startswith("qe_")]
    if pairs:
        existing.records.log([to_argilla_record(pair, qe_names) for pair in pairs])
    strata = sorted({(p["category"], p["source"]) for p in pairs})
    return {"dataset": dataset, "workspace": workspace, "records": len(pairs), "strata": len(strata)}
