"""planted.json and README.md of the sample, written from the bookkeeping that placed the defects."""

from __future__ import annotations

from typing import Any

from . import banks
from .files import SEED, file_specs
from .text import NEAR_MIN, QUESTION_SIM_LIMIT, SIM_LIMIT

GENERATOR = "scripts/make_sample_data.py"
CASE_GLOSSARY = {
    "exact_duplicate": "same content as an earlier row (`duplicate_of`); only the row's own id/index (and date) differ",
    "near_duplicate": "a copy of an earlier row (`original`) with small edits (`edit`): diacritics, hamza/ta marbuta/alef maqsura "
                      "spelling, tatweel, punctuation, spacing, letter case, or a synonym; `similarity` is the normalised "
                      "character 5-gram Jaccard with the original",
    "residual_english": "an Arabic answer containing a whole English sentence or clause",
    "empty_answer": "the answer/output (for chat: one assistant message) is an empty string",
    "empty_question": "the question is an empty string",
    "empty_option": "one of the options is an empty string",
    "malformed": "the row cannot be parsed: wrong number of CSV fields, or a JSON object cut off part-way",
    "missing_field": "a required key is absent",
    "wrong_type": "a field has the wrong type (a non-numeric string index; options as a list)",
    "invalid": "well-formed but fails validation (a role that is not system/user/assistant, no assistant turn, "
               "an answer key outside the options, a null answer key)",
}
NUMBERING = {
    "csv": "data row 1 is the first line after the header (physical line 2); no field contains a line break, so data row n is physical line n + 1",
    "jsonl": "line 1 is the first line of the file",
    "parquet": "row 1 is the first row",
}


def bank_facts() -> dict[str, Any]:
    """Counts (and names) from the banks that the README's file paragraphs quote."""
    topics = banks.ahqad_topics()
    conditions = banks.conditions()
    return {
        "n_specialties": len(topics),
        "n_topics": sum(len(ts) for ts in topics.values()),
        "n_stems": sum(len(t.stems) for ts in topics.values() for t in ts),
        "n_alpaca_conditions": sum(1 for c in conditions if c.features),
        "n_conditions": len(conditions),
        "n_drugs": len(banks.drugs()),
        "n_labs": len(banks.load("alpaca.yaml")["lab_cases"]),
        "n_subjects": len({m.subject for m in banks.mcqs()}),
        "clinic_name": banks.load("clinic.yaml")["name"],
    }


def planted_document(summaries: dict[str, dict[str, Any]], stats: dict[str, Any]) -> dict[str, Any]:
    files = {}
    for spec in file_specs():
        files[spec.name] = {"imitates": spec.imitates, "format": spec.format, "language": spec.language,
                            "numbering": NUMBERING[spec.format], **summaries[spec.name]}
    return {
        "generator": GENERATOR,
        "seed": SEED,
        "row_numbering": NUMBERING,
        "case_keys": CASE_GLOSSARY,
        "quarantine_reasons": "reason is the first word of jisr's ingest reason: malformed_row, malformed_json, empty, missing, "
                              "wrong_type or invalid; field is null for rows that cannot be parsed at all",
        "distinctness": {"sim_limit": SIM_LIMIT, "question_sim_limit": QUESTION_SIM_LIMIT, "near_min": NEAR_MIN,
                         "measure": "max(Jaccard of character 5-grams, Jaccard of word 3-grams) after normalisation "
                                    "(NFKC, lower case, no diacritics or tatweel, folded alef/ya/ta marbuta, ASCII digits, no punctuation)",
                         "unplanted_max_similarity": {k: v["max_similarity"] for k, v in stats.items()}},
        "files": files,
    }


def _detail(entry: Any, summary: dict[str, Any], n: int) -> str:
    similar = isinstance(entry, dict) and "similarity" in entry
    return summary["notes"][str(n)] + (f"; similarity {entry['similarity']}" if similar else "")


def readme_text(summaries: dict[str, dict[str, Any]], stats: dict[str, Any]) -> str:
    out = ["# jisr sample corpus", "",
           "Small files shaped like the public sources jisr ingests, written for this project (original text, nothing "
           "copied from the real datasets) and used by `jisr build` when it is run without a config "
           "(see `build.yaml`). Every file plants known defects so that each branch of the main job is exercised: "
           "ingest, quarantine of malformed and invalid rows, exact and near-duplicate removal, residual English inside "
           "Arabic answers, and empty answers.", "",
           "**Do not edit these files by hand.** They are generated, byte for byte reproducibly, by "
           f"`python {GENERATOR}` (seed {SEED}), which also writes this README and `planted.json` from the "
           "same bookkeeping that placed the defects, and re-reads the files to check them before writing. "
           f"`python {GENERATOR} --check` fails if the files here differ from a fresh build.", "",
           "## Files", ""]
    facts = bank_facts()
    for spec in file_specs():
        s = summaries[spec.name]
        out += [f"**`{spec.name}`** — " + spec.about.format(rows=s["rows"], planted=s["planted_rows"], **facts), ""]
    out += ["## Row numbering", "",
            f"- CSV: {NUMBERING['csv']}.",
            f"- JSONL: {NUMBERING['jsonl']}.",
            f"- Parquet: {NUMBERING['parquet']}.",
            "", "These are the numbers jisr's readers report for quarantined rows.", "",
            "## Guarantees", "",
            f"- Unplanted records are pairwise distinct within a language across all files: the larger of the character "
            f"5-gram and word 3-gram Jaccard similarities, after normalisation, stays below {SIM_LIMIT} (largest observed: "
            f"Arabic {stats['ar']['max_similarity']}, English {stats['en']['max_similarity']}). Unplanted Arabic questions "
            f"compared on their own stay below {QUESTION_SIM_LIMIT} (largest observed: {stats['ar_questions']['max_similarity']}). "
            "So every near duplicate a detector finds should be a planted one.",
            f"- Planted near duplicates differ from their original in the bytes, with normalised character 5-gram similarity "
            f"of at least {NEAR_MIN}.",
            "- Unplanted Arabic answers contain at most 2 consecutive Latin-script words (drug names, `TSH`, `Anti-D`); planted "
            "residual-English answers contain at least 4.",
            "- Exact duplicates repeat the content of an earlier row; the row's own index/id (and, in the clinic export, date) differ.",
            "", "## Planted rows", "",
            "Machine-readable in `planted.json`: per file, `cases` lists the row numbers per case (for `exact_duplicate` and "
            "`near_duplicate`, objects naming the original row), `quarantine` what jisr's ingest should report for the row "
            "(field and reason), and `notes` a description.", "",
            "| Case | Meaning |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in CASE_GLOSSARY.items()]
    out += ["", "| File | Row | Case | Detail | At ingest |", "|---|---:|---|---|---|"]
    for spec in file_specs():
        s = summaries[spec.name]
        quarantine = {q["row"]: q for q in s["quarantine"]}
        entries = sorted(((e if isinstance(e, int) else e["row"], key, e)
                          for key, es in s["cases"].items() for e in es), key=lambda t: t[0])
        for n, key, e in entries:
            q = quarantine.get(n)
            ingest = f"quarantined ({q['field'] or 'row'}: {q['reason']})" if q else "kept, for curation"
            out.append(f"| `{spec.name}` | {n} | `{key}` | {_detail(e, s, n)} | {ingest} |")
    return "\n".join(out) + "\n"
