"""Sending translation pairs from the catalog to Argilla for expert review.

A pair is a catalog record with `parent_id` set (e.g. source `translated:*`, Arabic) joined to its
parent (the English original). The sample is stratified by the parent's category (specialty) and
source, so every specialty gets reviewed, not just the largest; it is seeded, so the same command
picks the same records. Reviews are blind: reviewers see the two texts and the translation's QE
signals, never the model or the record's metadata. Each Argilla record's id is the catalog
`record_id` of the translation, so pushing again updates rather than duplicates, and pull maps
answers back without a lookup table.

Every record text is untrusted (forum questions, LLM outputs): it is escaped (annotation/safe_text.py)
before it becomes markdown, so only jisr's own headings and right-to-left wrapper are markup. A chat
is shown turn by turn in Argilla's chat fields; anything else as question and answer. The correction
box is pre-filled with the machine translation (an Argilla suggestion, shown in a plain text box), so
the expert edits it instead of retyping; pull counts a correction only where it differs from that.
Experts may also mark error spans on the Arabic (minor or major, as in ESA); Argilla keeps their
offsets, which index the pre-filled correction's text, and pull keeps them in `reviews.values`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jisr.annotation import question_answer as qa, turns
from jisr.annotation.safe_text import escape
from jisr.catalog.store import Catalog

# Stored values (catalog `reviews.errors`) -> what the expert reads, English and Arabic.
ERROR_LABELS = {
    "mistranslation": "Mistranslation · ترجمة خاطئة",
    "omission": "Omission · حذف",
    "addition": "Addition · إضافة",
    "terminology": "Medical terminology · مصطلح طبي",
    "grammar": "Grammar · قواعد اللغة",
    "untranslated_english": "Untranslated English · إنجليزية غير مترجمة",
    "numbers_units": "Numbers or units · الأرقام أو الوحدات",
    "formatting": "Formatting · التنسيق",
}
ERROR_TYPES = list(ERROR_LABELS)
# QE signals of the translate step (corpus/generation/quality.py) under names an expert can read.
QE_TITLES = {
    "roundtrip_chrf": "Round-trip chrF (back-translation vs. source, 0-100)",
    "residual_english": "Residual English (share of words)",
    "latin_run": "Longest run of Latin-script words",
    "arabic_letter_share": "Arabic letters (share of letters)",
    "language": "Language ID confidence",
    "length_ratio": "Length ratio (Arabic / English)",
    "numbers_preserved": "Numbers kept (share)",
    "units_preserved": "Units kept (share)",
    "glossary_adherence": "Glossary terms used (share)",
    "chrf": "chrF",
}
CORRECTION = "correction"
SUGGESTION_AGENT = "machine translation"
# Error spans on the Arabic, graded as in ESA (Kocmi et al. 2024, WMT's human evaluation): minor or major.
SPANS = "error_spans"
SPAN_LABELS = {"minor": "Minor error · خطأ بسيط", "major": "Major error · خطأ جسيم"}

GUIDELINES = """\
# Reviewing a medical translation (English -> Arabic)

Read the English source, then the Arabic translation. You are not told which system translated it.

- **Adequacy (1-5)**: is the medical meaning preserved? 5 = everything, 3 = the gist with some loss,
  1 = wrong or dangerous meaning.
- **Fluency (1-5)**: is it natural, correct Modern Standard Arabic? 5 = as a clinician would write it,
  1 = not understandable.
- **Error types** (all that apply): mistranslation, omission, addition, terminology (wrong or non-standard
  medical term), grammar, untranslated English, numbers/units (doses, values, units changed), formatting.
- **Corrected translation**: the box starts with the machine translation. If it needs changes, edit
  the text in place; if it is fine, leave the box as it is. Keep the heading lines (`[السؤال]`,
  `[الجواب]`, or `[1] المستخدم`, `[2] المساعد`, ... in a conversation) and edit the text under
  them. Write plain text: HTML in a correction is not used as training data.
- **Error spans** (optional): pick *Minor* or *Major*, then select the wrong words in the Arabic
  translation; a major error changes the medical meaning or could harm, a minor one does not.
- **Automatic checks** show what the machine measured; a ⚠ marks a check the translation failed.

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
# The gate's latest verdict detail: every failed rule, each starting with its signal's name.
FLAGS_SQL = """
SELECT record_id, detail FROM decisions
WHERE step = 'translation_qe' AND detail IS NOT NULL AND record_id IN (SELECT unnest(?))
QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY run_id DESC, seq DESC) = 1
"""


def sample_pairs(catalog_path: Path, per_stratum: int, seed: int = 0, include_dropped: bool = False
                 ) -> list[dict[str, Any]]:
    """Up to `per_stratum` translation pairs per (category, source), each with its QE signals under `qe`."""
    with Catalog.open(catalog_path, read_only=True) as catalog:
        cursor = catalog.con.execute(SAMPLE_SQL, [str(seed), include_dropped, per_stratum])
        columns = [d[0] for d in cursor.description]
        pairs = [dict(zip(columns, row)) for row in cursor.fetchall()]
        ids = [p["record_id"] for p in pairs]
        qe: dict[str, dict[str, float]] = {}
        for record_id, name, value in catalog.con.execute(QE_SQL, [ids]).fetchall():
            qe.setdefault(record_id, {})[name] = value
        flags = dict(catalog.con.execute(FLAGS_SQL, [ids]).fetchall())
    for pair in pairs:
        pair["qe"] = qe.get(pair["record_id"], {})
        pair["qe_failed"] = {part.split()[0] for part in (flags.get(pair["record_id"]) or "").split("; ") if part}
    return pairs


def qe_title(name: str) -> str:
    return QE_TITLES.get(name, name.replace("_", " ").capitalize())


def _messages(pair: dict[str, Any], side: str) -> list[dict[str, str]] | None:
    return json.loads(pair[f"{side}_messages"]) if pair[f"{side}_messages"] else None


def suggested_correction(pair: dict[str, Any]) -> str:
    """The machine translation as the correction box starts: plain text with no markup of jisr's (heading
    lines `[السؤال]`, `[الجواب]` or `[1] المستخدم`, ...), read back by question_answer.parse or turns.parse."""
    messages = _messages(pair, "translated")
    if messages:
        return turns.show(messages, turns.AR_ROLES)
    return qa.show(pair["translated_prompt"], pair["translated_response"])


def quality_table(pair: dict[str, Any]) -> str:
    """The QE signals as a small markdown table under readable titles, ⚠ on those the gate failed."""
    if not pair["qe"]:
        return "No automatic checks were recorded for this translation."
    rows = [f"| {'⚠' if name in pair['qe_failed'] else '✓'} | {escape(qe_title(name))} | {value:.2f} |"
            for name, value in sorted(pair["qe"].items())]
    return "\n".join(["| | Check | Value |", "|---|---|---:|", *rows])


def _fields(pair: dict[str, Any], names: set[str], spans: bool = False) -> dict[str, Any]:
    """The record's fields, as far as the dataset has them: a chat turn by turn in chat fields, else
    question and answer; every untrusted text escaped, Arabic right-to-left.

    With error spans (`spans`), the Arabic question and answer are what Argilla's span annotator shows:
    it ignores markdown and sets the field as HTML, and its offsets count the characters of one text
    node, so the field is the pre-filled correction's plain text, escaped, in the right-to-left
    wrapper with no whitespace around it (the annotator keeps line breaks), and an offset indexes
    `suggested_correction(pair)` itself."""
    source, translated = _messages(pair, "source"), _messages(pair, "translated")
    fields: dict[str, Any] = {}
    if source and translated and {"source_chat", "translation_chat"} <= names:
        fields["source_chat"] = [{"role": m["role"], "content": escape(m["content"])} for m in source]
        fields["translation_chat"] = [{"role": m["role"], "content": qa.rtl(escape(m["content"]))} for m in translated]
    else:  # a dataset made before chat fields existed shows a chat as numbered turns
        fields["source_en"] = (turns.show([{**m, "content": escape(m["content"])} for m in source], turns.EN_ROLES,
                                          turns.MARKDOWN)
                               if source else qa.show(pair["source_prompt"], pair["source_response"], qa.EN_LABELS,
                                                      qa.MARKDOWN, escape))
        if spans:  # the span annotator's text: one text node, no markdown
            fields["translation_ar"] = f'<div dir="rtl" lang="ar">{escape(suggested_correction(pair))}</div>'
        else:
            fields["translation_ar"] = qa.rtl(
                turns.show([{**m, "content": escape(m["content"])} for m in translated], turns.AR_ROLES,
                           turns.MARKDOWN) if translated
                else qa.show(pair["translated_prompt"], pair["translated_response"], qa.AR_LABELS, qa.MARKDOWN,
                             escape))
    if "quality" in names:
        fields["quality"] = quality_table(pair)
    return fields


def dataset_settings(qe_names: list[str], reviewers: int) -> Any:
    import argilla as rg

    return rg.Settings(
        guidelines=GUIDELINES,
        fields=[
            # Markdown fields (escaped texts): plain-text fields render in an unsandboxed iframe on 2.8.0.
            rg.TextField(name="source_en", title="English source", use_markdown=True, required=False),
            rg.TextField(name="translation_ar", title="Arabic translation · الترجمة العربية", use_markdown=True,
                         required=False),
            rg.ChatField(name="source_chat", title="English conversation", use_markdown=True, required=False),
            rg.ChatField(name="translation_chat", title="Arabic conversation · المحادثة المترجمة",
                         use_markdown=True, required=False),
            rg.TextField(name="quality", title="Automatic checks", use_markdown=True, required=False),
        ],
        questions=[
            rg.RatingQuestion(name="adequacy", title="Adequacy: is the medical meaning preserved?", values=[1, 2, 3, 4, 5]),
            rg.RatingQuestion(name="fluency", title="Fluency: is the Arabic natural and correct?", values=[1, 2, 3, 4, 5]),
            rg.MultiLabelQuestion(name="errors", title="Error types · أنواع الأخطاء", labels=ERROR_LABELS,
                                  required=False),
            rg.TextQuestion(name=CORRECTION, title="Corrected translation (edit the machine translation if needed)",
                            required=False),
            rg.SpanQuestion(name=SPANS, field="translation_ar", labels=SPAN_LABELS, allow_overlapping=False,
                            required=False, title="Error spans: pick a severity, select the words · مواضع الأخطاء"),
        ],
        metadata=[rg.TermsMetadataProperty(name="category", title="Specialty"),
                  rg.TermsMetadataProperty(name="source", title="Source")]
        + [rg.FloatMetadataProperty(name=f"qe_{name}", title=qe_title(name)) for name in qe_names],
        distribution=rg.TaskDistribution(min_submitted=reviewers),
    )


def to_argilla_record(pair: dict[str, Any], qe_names: list[str], field_names: set[str] | None = None,
                      questions: set[str] = frozenset({CORRECTION})) -> Any:
    import argilla as rg

    names = field_names or {"source_en", "translation_ar", "source_chat", "translation_chat", "quality"}
    metadata = {"category": pair["category"], "source": pair["source"]}
    metadata.update({f"qe_{n}": pair["qe"][n] for n in qe_names if n in pair["qe"]})
    suggestions = ([rg.Suggestion(CORRECTION, suggested_correction(pair), agent=SUGGESTION_AGENT)]
                   if CORRECTION in questions else [])
    return rg.Record(id=pair["record_id"], fields=_fields(pair, names, SPANS in questions), metadata=metadata,
                     suggestions=suggestions)


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
    field_names = {f.name for f in existing.settings.fields}
    questions = {q.name for q in existing.settings.questions}
    if pairs:
        existing.records.log([to_argilla_record(pair, qe_names, field_names, questions) for pair in pairs])
    strata = sorted({(p["category"], p["source"]) for p in pairs})
    return {"dataset": dataset, "workspace": workspace, "records": len(pairs), "strata": len(strata)}
