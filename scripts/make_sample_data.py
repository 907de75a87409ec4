#!/usr/bin/env python3
"""Write jisr's bundled sample corpus (``corpus/sample/``) from hand-written content banks.

Why this exists
---------------
``jisr build`` has to be exercised end to end -- ingest, quarantine of malformed rows, exact and
near-duplicate detection, residual English inside Arabic answers, empty answers -- on a fresh clone,
offline, in seconds.  Real datasets are too big, need the network, and carry their own licences, so
this script writes small files *shaped like* the public sources jisr ingests:

* ``ahqad_sample.csv``            AHQAD (Arabic health Q&A, pandas CSV with an unnamed index column)
* ``cidar_sample.jsonl``          CIDAR (Arabic instructions)
* ``med42_alpaca_sample.jsonl``   alpaca-style English medical instructions (as in Med42-v2's public mix)
* ``med42_chat_sample.jsonl``     English chat ``messages`` (as in Med42-v2's public mix)
* ``medmcqa_sample.parquet``      MedMCQA multiple choice
* ``medqa_sample.jsonl``          MedQA (USMLE) vignettes
* ``clinic_export_sample.csv``    a (fictional) clinic's own Q&A export, for the column-mapping adapter

Every question, answer, vignette and exam item was written for this project; nothing is copied
from the real datasets.  Records are assembled from content banks (patient personas, durations,
symptom phrasings, answer sentences) so that they read like varied forum posts rather than
boilerplate.  The banks are data, ``scripts/sample_data/banks/*.yaml`` (their template language is
described in the README there); the code is the package ``scripts/sample_data/``.  Defects are
planted at known rows, and the script records exactly which rows carry which defect, in
``planted.json`` (machine-readable) and in the README's table, computed from the same bookkeeping
that placed them -- so the documentation cannot drift from the data.

Determinism: everything derives from ``random.Random(2501)`` (sample_data/files.py); no set or hash
order reaches the output, and Parquet is written without timestamps, so re-running gives
byte-identical files.

Guarantees (checked by ``verify`` on the bytes before anything is written):

* rows are numbered as jisr's readers number them: CSV data row 1 is the first line after the
  header, JSONL line 1 is the first line, Parquet row 1 is the first row;
* unplanted records are pairwise distinct: Jaccard similarity of normalised character 5-grams and
  of word 3-grams stays below ``SIM_LIMIT`` (sample_data/text.py; across all files of a language), so
  any near duplicate a detector reports should be a planted one; unplanted Arabic questions also stay below
  ``QUESTION_SIM_LIMIT`` when compared on their own;
* planted near duplicates differ from their original in the bytes but have character 5-gram
  similarity of at least ``NEAR_MIN`` after normalisation;
* unplanted Arabic answers contain at most 2 consecutive Latin-script words (drug names, "HbA1c");
  planted residual-English answers contain a run of at least 4;
* each file stays under 300 KB.

Usage (from the repository root)::

    python scripts/make_sample_data.py            # write corpus/sample/
    python scripts/make_sample_data.py --check    # exit 1 if corpus/sample/ differs from a fresh build
    python scripts/make_sample_data.py --out DIR  # write elsewhere
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from sample_data.banks import BankError, check_all
from sample_data.documents import planted_document, readme_text
from sample_data.files import build_rows, file_specs
from sample_data.rows import planted_summary
from sample_data.verify import VerificationError, verify

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "corpus" / "sample"


def build_all() -> dict[str, bytes]:
    """File name -> bytes of every file of the sample, verified."""
    check_all()
    rows = build_rows()
    outputs = {spec.name: spec.source.render(rows[spec.name]) for spec in file_specs()}
    summaries = {spec.name: planted_summary(rows[spec.name]) for spec in file_specs()}
    stats = verify(outputs, summaries)
    document = planted_document(summaries, stats)
    outputs["planted.json"] = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    outputs["README.md"] = readme_text(summaries, stats).encode("utf-8")
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: corpus/sample)")
    parser.add_argument("--check", action="store_true", help="compare the folder with a fresh build instead of writing")
    args = parser.parse_args(argv)
    try:
        outputs = build_all()
    except BankError as exc:
        print(f"a content bank needs fixing (see scripts/sample_data/banks/README.md):\n{exc}", file=sys.stderr)
        return 2
    except VerificationError as exc:
        print(f"verification failed:\n{exc}", file=sys.stderr)
        return 2
    if args.check:
        stale = [name for name, data in outputs.items()
                 if not (args.out / name).exists() or (args.out / name).read_bytes() != data]
        for name in stale:
            print(f"differs from a fresh build: {args.out / name}", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    document = json.loads(outputs["planted.json"])
    for name, data in outputs.items():
        (args.out / name).write_bytes(data)
        rows = document["files"].get(name, {}).get("rows", "")
        print(f"{name:32} {rows!s:>5} {len(data):>8} bytes  sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
