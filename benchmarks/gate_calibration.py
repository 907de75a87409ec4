"""Benchmark: the QE gate calibrated on expert verdicts, on a synthetic catalog with planted thresholds.

Writes N machine translations (default 50,000) in 12 strata (3 specialties x 2 sources x 2 models),
each with round-trip chrF, residual English and length ratio signals drawn uniformly, and V expert
verdicts (default 600) on a random sample: not keep-able when chrF < 40 or residual English > 0.15,
with 5% of labels flipped as reviewer noise. Then it calibrates and prints the thresholds and the
cross-validated precision/recall of "reject" per stratum (how close each recovers the planted rule),
the seconds the calibration took, and the seconds one read of `translation_verdicts` takes.

Run: `python benchmarks/gate_calibration.py [--translations 50000] [--verdicts 600] [--noise 0.05]`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from jisr.catalog import Catalog
from jisr.catalog.gate_calibration import calibrate

RUN, PULL = "run-20260101T000000Z-aaaaaa", "run-20260102T000000Z-bbbbbb"


def write_catalog(path: Path, n: int, verdicts: int, noise: float, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    chrf, residual, ratio = rng.uniform(10, 95, n), rng.uniform(0, 0.2, n), rng.uniform(0.5, 2.5, n)
    bad = ((chrf < 40) | (residual > 0.15)) ^ (rng.random(n) < noise)
    records, decisions, signals = [], [], []
    for i in range(n):
        category, source, model = ("cardio", "derm", "peds")[i % 3], ("ahqad", "med42")[i // 3 % 2], f"m-{i // 6 % 2}"
        en, ar = f"en{i:08d}", f"ar{i:08d}"
        records += [dict(record_id=en, source=source, language="en", kind="qa", category=category, prompt="q",
                         response="a", parent_id=None, metadata=None, created_run_id=RUN),
                    dict(record_id=ar, source=f"translated:{source}", language="ar", kind="qa", category=category,
                         prompt="س", response="ج", parent_id=en,
                         metadata=json.dumps({"translation": {"model": model}}), created_run_id=RUN)]
        decisions += [dict(run_id=RUN, record_id=r, seq=0, step="translation_qe", kept=True) for r in (en, ar)]
        signals += [dict(run_id=RUN, record_id=ar, step="translation_qe", name=name, value=float(value))
                    for name, value in (("roundtrip_chrf", chrf[i]), ("residual_english", residual[i]),
                                        ("length_ratio", ratio[i]))]
    reviewed = [dict(dataset="bench", record_id=f"ar{i:08d}", status="rejected" if bad[i] else "accepted", reviews=1,
                     rule="{}", run_id=PULL) for i in rng.choice(n, verdicts, replace=False)]
    with Catalog.open(path) as catalog, catalog.transaction():
        catalog.con.execute("INSERT INTO store.runs (run_id, command, started_at, finished_at, status) "
                            "VALUES (?, 'translate', now(), now(), 'succeeded')", [RUN])
        for table, rows in (("records", records), ("decisions", decisions), ("signals", signals),
                            ("review_status", reviewed)):
            catalog.append(table, pa.Table.from_pylist(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--translations", type=int, default=50_000)
    parser.add_argument("--verdicts", type=int, default=600)
    parser.add_argument("--noise", type=float, default=0.05)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.ducklake"
        write_catalog(path, args.translations, args.verdicts, args.noise)
        with Catalog.open(path) as catalog:
            started = time.perf_counter()
            summary = calibrate(catalog)
            calibrated = time.perf_counter() - started
            rows = catalog.con.execute(
                "SELECT category, source, model, scope, verdicts, thresholds, reject_precision, reject_recall "
                "FROM gate_calibrations ORDER BY category <> '*', category, source, model").fetchall()
            started = time.perf_counter()
            catalog.con.execute("SELECT decided_by, gate_kept, count(*) FROM translation_verdicts GROUP BY ALL").fetchall()
            read = time.perf_counter() - started
    print(f"{args.translations:,} translations, {summary['verdicts']} verdicts: calibrated in {calibrated:.1f} s, "
          f"{summary['gate_rejected']:,} of {summary['unreviewed']:,} unreviewed kept out; "
          f"translation_verdicts read in {read:.2f} s")
    for category, source, model, scope, n, thresholds, precision, recall in rows:
        print(f"{category}/{source}/{model} ({scope}, n={n}): {thresholds}, P {precision:.2f}, R {recall:.2f}")


if __name__ == "__main__":
    main()
