"""The QE gate calibrated on expert verdicts: what lets a few hundred reviews decide for every translation.

Experts review a stratified sample; almost every translation is never seen by one. A calibration fits,
from the verdicts the catalog holds, one threshold per translation QE signal (those `jisr translate`
records under step `translation_qe`) and applies the thresholds to every unreviewed translation, as a
recorded decision with its reason (`gate_decisions`; `translation_verdicts.decided_by` =
`gate:<calibration id>`).

The model is the translate step's own: a translation is rejected when any signal is past its
threshold (`value < min` or `value > max`; a signal a record lacks never rejects it). Thresholds are
fitted by coordinate ascent on agreement with the experts: starting with every rule off, each rule in
turn takes the threshold (a midpoint between two observed values, or off) that makes the whole gate
agree with the most verdicts, off or else the loosest among equals, and off unless it gets at least
two more verdicts right than the gate without it; passes repeat until none changes anything (at most
MAX_PASSES). So a rule is only on where the verdicts support it, and a
small model (at most 9 numbers) stays readable: each threshold reads as a translate gate setting
(`roundtrip_chrf` min 44.5 is `min_roundtrip_chrf: 44.5`, gate.py). Why not a logistic regression: its output is a score with no reason to record per decision, and the gate's
reason must say which signal, at what value, decided.

Labels: `rejected` is not keep-able; `accepted` is. `corrected` counts as not keep-able by default
(`corrected_as = "reject"`): the expert had to fix the machine text, so as it stands it would teach
the error, and the policy already keeps a corrected translation out of mixes. Teams whose experts
mostly polish style can count corrections as keep-able (`corrected_as = "keep"`).

Strata are (specialty, source, translation model). A stratum with enough verdicts (`min_verdicts`,
with at least `min_each` of both kinds) gets thresholds of its own; otherwise the global fit (all
verdicts) decides it, and when that has too few too, the translate step's own thresholds do (the
translation stays in exactly when `jisr translate` kept it). Each stratum's row says which, and why.

Agreement with experts is the precision and recall of "reject" (reject = the positive class), each
with a Wilson 95% interval, from k-fold cross-validation (folds by a hash of the record id): each
verdict is predicted by thresholds fitted without it, so the figures are not flattered by the fit.
For a stratum the translate step decides, they are of the translate step's own decisions.

The calibrated gate only decides translations the translate step kept: one it dropped stays dropped
(the fit never sees values beyond the translate thresholds unless experts reviewed dropped ones).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from jisr.catalog import lifecycle
from jisr.catalog.store import Catalog

QE_STEP = "translation_qe"
EXPERT_VERDICTS = ("accepted", "corrected", "rejected")
GLOBAL = "*"  # the category, source and model of the global row


@dataclass(frozen=True)
class Rule:
    """Reject when the signal is below (`min`) or above (`max`) the threshold."""

    signal: str
    side: str


# The order rules are fitted in and reasons take precedence. Round-trip chrF comes first, as the broadest
# measure of adequacy: where a few verdicts are explained as well by it as by a narrower signal (a length
# ratio that happens to separate three records), the first rule to explain them wins. The rest follow
# the translate gate's order (gate.py).
RULES = (Rule("roundtrip_chrf", "min"), Rule("residual_english", "max"), Rule("latin_run", "max"),
         Rule("arabic_letter_share", "min"), Rule("length_ratio", "min"), Rule("length_ratio", "max"),
         Rule("numbers_preserved", "min"), Rule("units_preserved", "min"), Rule("glossary_adherence", "min"))
SIGNALS = tuple(dict.fromkeys(r.signal for r in RULES))
MAX_PASSES = 20
MAX_CANDIDATES = 256  # thresholds tried per rule and pass
# A rule is on only where it gets at least this many more verdicts right than the gate without it: one
# verdict is as likely a reviewer's slip as a pattern (on 50 noisy verdicts per stratum, a gain of one
# switched on length-ratio rules that nothing but noise supported).
MIN_GAIN = 2


@dataclass(frozen=True)
class CalibrationConfig:
    min_verdicts: int = 30  # verdicts a stratum (or the global fit) needs for thresholds of its own
    min_each: int = 5  # ... with at least this many keep-able and this many not keep-able among them
    corrected_as: str = "reject"  # how a `corrected` verdict counts: "reject" or "keep" (module docstring)
    folds: int = 5  # cross-validation folds for the agreement figures

    def __post_init__(self):
        if self.corrected_as not in ("reject", "keep"):
            raise ValueError(f"corrected_as: expected 'reject' or 'keep', not {self.corrected_as!r}")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float | None, float | None]:
    """Wilson score interval of k successes in n: unlike p +- z*sd it stays inside [0, 1] and is not
    zero-width at 0 or n, which matters for strata of a handful of verdicts. (None, None) for n = 0."""
    if n == 0:
        return None, None
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    return max(0.0, (centre - half) / scale), min(1.0, (centre + half) / scale)  # float error aside


def fires(values: np.ndarray, rule: Rule, threshold: float | None) -> np.ndarray:
    """Which values the rule rejects at `threshold` (NaN, a missing signal, never)."""
    if threshold is None:
        return np.zeros(values.shape, bool)
    with np.errstate(invalid="ignore"):
        return values < threshold if rule.side == "min" else values > threshold


def _candidates(values: np.ndarray, rule: Rule) -> np.ndarray:
    """Midpoints between consecutive distinct observed values, loosest first (fewest rejected); at most
    MAX_CANDIDATES of them, evenly spread, so a fit on many thousands of verdicts stays small in memory."""
    seen = np.unique(values[np.isfinite(values)])
    middle = (seen[:-1] + seen[1:]) / 2
    if len(middle) > MAX_CANDIDATES:
        middle = middle[np.unique(np.linspace(0, len(middle) - 1, MAX_CANDIDATES).round().astype(int))]
    return middle if rule.side == "min" else middle[::-1]


def fit_thresholds(values: np.ndarray, bad: np.ndarray) -> list[float | None]:
    """Per rule (RULES order), the threshold (None: off) of the OR-of-thresholds gate that agrees with
    the most labels (`bad` = not keep-able), by coordinate ascent (module docstring). `values` is
    (records x SIGNALS) with NaN where a record lacks a signal."""
    columns = {signal: values[:, i] for i, signal in enumerate(SIGNALS)}
    thresholds: list[float | None] = [None] * len(RULES)
    fired = np.zeros((len(RULES), len(bad)), bool)
    for _ in range(MAX_PASSES):
        changed = False
        for j, rule in enumerate(RULES):
            others = np.delete(fired, j, axis=0).any(axis=0)
            best, best_agree = None, int((others == bad).sum())  # off first: it wins ties
            candidates = _candidates(columns[rule.signal], rule)
            if len(candidates):
                column = columns[rule.signal][None, :]
                with np.errstate(invalid="ignore"):
                    grid = column < candidates[:, None] if rule.side == "min" else column > candidates[:, None]
                agree = ((grid | others[None, :]) == bad[None, :]).sum(axis=1)
                k = int(np.argmax(agree))  # the first maximum: the loosest
                if agree[k] >= best_agree + MIN_GAIN:
                    best, best_agree = float(candidates[k]), int(agree[k])
            if best != thresholds[j]:
                thresholds[j], fired[j] = best, fires(columns[rule.signal], rule, best)
                changed = True
        if not changed:
            break
    return [None if t is None else round(t, 4) for t in thresholds]


def predict(values: np.ndarray, thresholds: list[float | None]) -> tuple[np.ndarray, list[list[int]]]:
    """(rejected, the rules that fired per record) of the gate with these thresholds."""
    columns = {signal: values[:, i] for i, signal in enumerate(SIGNALS)}
    fired = np.array([fires(columns[r.signal], r, t) for r, t in zip(RULES, thresholds)]).reshape(len(RULES), -1)
    return fired.any(axis=0), [list(np.flatnonzero(fired[:, i])) for i in range(fired.shape[1])]


def as_mapping(thresholds: list[float | None]) -> dict[str, dict[str, float]]:
    """{"roundtrip_chrf": {"min": 47.5}, "length_ratio": {"min": 0.4, "max": 2.6}, ...}: the rules that are on."""
    out: dict[str, dict[str, float]] = {}
    for rule, t in zip(RULES, thresholds):
        if t is not None:
            out.setdefault(rule.signal, {})[rule.side] = t
    return out


def _folds(record_ids: list[str], k: int) -> np.ndarray:
    return np.array([int(hashlib.md5(r.encode()).hexdigest()[:8], 16) % k for r in record_ids], dtype=int)


def cross_validated(values: np.ndarray, bad: np.ndarray, record_ids: list[str], k: int) -> np.ndarray:
    """Each record's rejection by thresholds fitted on the other folds."""
    folds = _folds(record_ids, k)
    out = np.zeros(len(bad), bool)
    for fold in range(k):
        test = folds == fold
        if test.any():
            out[test] = predict(values[test], fit_thresholds(values[~test], bad[~test]))[0]
    return out


def agreement(predicted: np.ndarray, bad: np.ndarray) -> dict[str, Any]:
    """Confusion counts and the precision and recall of "reject", each with its Wilson 95% interval."""
    tp, fp = int((predicted & bad).sum()), int((predicted & ~bad).sum())
    fn, tn = int((~predicted & bad).sum()), int((~predicted & ~bad).sum())
    p_low, p_high = wilson(tp, tp + fp)
    r_low, r_high = wilson(tp, tp + fn)
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "reject_precision": tp / (tp + fp) if tp + fp else None, "precision_low": p_low, "precision_high": p_high,
            "reject_recall": tp / (tp + fn) if tp + fn else None, "recall_low": r_low, "recall_high": r_high}


TRANSLATIONS_SQL = f"""
WITH latest AS (
    SELECT record_id, name, arg_max(value, run_id) AS value
    FROM store.signals WHERE step = '{QE_STEP}' AND name IN (SELECT unnest($signals)) GROUP BY ALL
), wide AS (
    SELECT record_id, {", ".join(f"max(value) FILTER (WHERE name = '{s}') AS {s}" for s in SIGNALS)}
    FROM latest GROUP BY record_id
)
SELECT t.record_id, coalesce(p.category, t.category, 'unknown') AS category,
       coalesce(p.source, regexp_replace(t.source, '^translated:', '')) AS source,
       coalesce(t.metadata->'translation'->>'model', 'unknown') AS model,
       t.kept, t.drop_reason, CASE WHEN v.decided_by = 'expert' THEN v.verdict END AS verdict,
       {", ".join(f"w.{s}" for s in SIGNALS)}
FROM records t LEFT JOIN records p ON p.record_id = t.parent_id
LEFT JOIN wide w ON w.record_id = t.record_id
LEFT JOIN translation_verdicts v ON v.record_id = t.record_id
WHERE t.source LIKE 'translated:%'
ORDER BY t.record_id
"""


@dataclass
class _Fit:
    scope: str  # "stratum", "global" or "translation_qe"
    thresholds: list[float | None] | None
    predicted: dict[str, bool]  # reviewed record id -> cross-validated rejection
    fallback_reason: str | None = None


def _verdict_labels(frame: pl.DataFrame, corrected_as: str) -> np.ndarray:
    bad = {"rejected": True, "accepted": False, "corrected": corrected_as == "reject"}
    return np.array([bad[v] for v in frame["verdict"]], dtype=bool)


def _matrix(frame: pl.DataFrame) -> np.ndarray:
    return frame.select(SIGNALS).cast(pl.Float64).fill_null(float("nan")).to_numpy().reshape(frame.height, len(SIGNALS))


def _too_few(labels: np.ndarray, config: CalibrationConfig) -> str | None:
    """Why these verdicts are too few for a fit of their own (None when they are enough)."""
    rejects = int(labels.sum())
    keeps = len(labels) - rejects
    if len(labels) < config.min_verdicts:
        return f"{len(labels)} verdicts (< {config.min_verdicts})"
    if min(rejects, keeps) < config.min_each:
        return f"{keeps} keep-able and {rejects} not (each needs {config.min_each})"
    return None


def _fit(reviewed: pl.DataFrame, config: CalibrationConfig, scope: str) -> _Fit | str:
    """A fit on these reviewed translations (those the translate step kept), or why there are too few."""
    kept = reviewed.filter(pl.col("kept"))
    labels = _verdict_labels(kept, config.corrected_as)
    why = _too_few(labels, config)
    if why:
        return why
    values = _matrix(kept)
    ids = kept["record_id"].to_list()
    held_out = cross_validated(values, labels, ids, config.folds)
    return _Fit(scope, fit_thresholds(values, labels), dict(zip(ids, held_out.tolist())))


def _stratum_label(key: tuple[str, str, str]) -> str:
    return "global" if key == (GLOBAL,) * 3 else "/".join(key)


def _reason(fit: _Fit, key: tuple[str, str, str], n: int, row: dict[str, Any], fired: list[int]) -> tuple[bool, str]:
    """(kept, reason) of one unreviewed translation the translate step kept."""
    if fit.scope == QE_STEP:
        return True, f"kept by the translate step's thresholds ({fit.fallback_reason})"
    where = f"fitted on {'all verdicts' if fit.scope == 'global' else _stratum_label(key)}, n={n}"
    if not fired:
        return True, f"kept: within the thresholds {where}"
    parts = []
    for j in fired:
        rule, t = RULES[j], fit.thresholds[j]
        parts.append(f"{rule.signal} {row[rule.signal]:.4g} {'<' if rule.side == 'min' else '>'} {t:g}")
    return False, f"{RULES[fired[0]].signal}: {'; '.join(parts)} ({where})"


def calibrate(catalog: Catalog, config: CalibrationConfig = CalibrationConfig()) -> dict[str, Any] | None:
    """Fit the gate on the catalog's current verdicts, decide every unreviewed translation, and record
    both as one run (`review calibrate`). None when the catalog holds no translations."""
    frame = catalog.con.execute(TRANSLATIONS_SQL, {"signals": list(SIGNALS)}).pl()
    if frame.height == 0:
        return None
    pull_run = catalog.con.execute("SELECT max(run_id) FROM store.review_status").fetchone()[0]
    with lifecycle.run(catalog, "review calibrate", {"config": asdict(config), "pull_run": pull_run}) as run, \
            run.landing():
        run_id = run.run_id
        # Ids sort by time, to the microsecond: the latest calibration is max(calibration_id), even for
        # two in the same second (run ids sort by the second only).
        calibration_id = f"cal-{datetime.now(timezone.utc):%Y%m%dT%H%M%S.%fZ}"
        rows, decisions = _calibrate(frame, config, calibration_id, run_id, pull_run)
        catalog.append("gate_calibrations", pa.Table.from_pylist(rows))
        catalog.append("gate_decisions", pa.Table.from_pylist(decisions))
        summary = {"calibration_id": calibration_id, "pull_run": pull_run, "strata": len(rows) - 1,
                   "fitted": sum(r["scope"] == "stratum" for r in rows),
                   "global": rows[0]["scope"], "verdicts": rows[0]["verdicts"],
                   "unreviewed": len(decisions), "gate_rejected": sum(not d["kept"] for d in decisions)}
        run.summary.update(summary)
    return summary


def _calibrate(frame: pl.DataFrame, config: CalibrationConfig, calibration_id: str, run_id: str,
               pull_run: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The calibration's rows (global first, then each stratum) and its decisions."""
    reviewed = frame.filter(pl.col("verdict").is_in(EXPERT_VERDICTS))
    global_fit = _fit(reviewed, config, "global")
    if isinstance(global_fit, str):
        global_fit = _Fit(QE_STEP, None, {}, f"{global_fit} in all")
    config_json = json.dumps(asdict(config))
    rows = [_row(calibration_id, run_id, pull_run, (GLOBAL,) * 3, global_fit, reviewed, config, config_json, [])]
    decisions = []
    for key, part in sorted(frame.group_by(["category", "source", "model"]), key=lambda kv: kv[0]):
        mine = part.filter(pl.col("verdict").is_in(EXPERT_VERDICTS))
        fit = _fit(mine, config, "stratum")
        if isinstance(fit, str):
            if global_fit.scope == "global":
                fit = _Fit("global", global_fit.thresholds, global_fit.predicted, f"{fit} in this stratum")
            else:
                fit = _Fit(QE_STEP, None, {}, f"{fit} in this stratum, {global_fit.fallback_reason}")
        stratum_decisions = _decide(fit, tuple(key), part, calibration_id)
        decisions += stratum_decisions
        rows.append(_row(calibration_id, run_id, pull_run, tuple(key), fit, mine, config, config_json,
                         stratum_decisions))
    rows[0]["unreviewed"] = len(decisions)
    rows[0]["gate_rejected"] = sum(not d["kept"] for d in decisions)
    return rows, decisions


def _decide(fit: _Fit, key: tuple[str, str, str], part: pl.DataFrame, calibration_id: str) -> list[dict[str, Any]]:
    """A decision with its reason for each of the stratum's unreviewed translations."""
    unreviewed = part.filter(pl.col("verdict").is_null())
    n = len(fit.predicted)  # the verdicts the thresholds were fitted on
    kept = unreviewed.filter(pl.col("kept"))
    if fit.thresholds is not None:
        _, fired = predict(_matrix(kept), fit.thresholds)
    else:
        fired = [[] for _ in range(kept.height)]
    out = [{"calibration_id": calibration_id, "record_id": row["record_id"], "kept": False,
            "reason": f"dropped by the translate step ({row['drop_reason'] or 'not kept'})"}
           for row in unreviewed.filter(~pl.col("kept")).iter_rows(named=True)]
    for row, rules in zip(kept.iter_rows(named=True), fired):
        decided, reason = _reason(fit, key, n, row, rules)
        out.append({"calibration_id": calibration_id, "record_id": row["record_id"], "kept": decided,
                    "reason": reason})
    return out


def _row(calibration_id: str, run_id: str, pull_run: str | None, key: tuple[str, str, str], fit: _Fit,
         reviewed: pl.DataFrame, config: CalibrationConfig, config_json: str,
         decisions: list[dict[str, Any]]) -> dict[str, Any]:
    """A stratum's (or the global) row: which thresholds decide it, and how they agree with its verdicts."""
    labels = _verdict_labels(reviewed, config.corrected_as)
    if fit.scope == QE_STEP:  # the translate step's own decisions
        predicted = ~reviewed["kept"].to_numpy()
    else:  # cross-validated; a reviewed translation the translate step dropped counts as rejected
        predicted = np.array([not kept or fit.predicted.get(rid, False)
                              for rid, kept in zip(reviewed["record_id"], reviewed["kept"])], dtype=bool)
    return {"calibration_id": calibration_id, "run_id": run_id, "pull_run": pull_run, "category": key[0],
            "source": key[1], "model": key[2], "scope": fit.scope,
            "thresholds": None if fit.thresholds is None else json.dumps(as_mapping(fit.thresholds)),
            "verdicts": reviewed.height, "rejects": int(labels.sum()), **agreement(predicted, labels),
            "unreviewed": len(decisions), "gate_rejected": sum(not d["kept"] for d in decisions),
            "fallback_reason": fit.fallback_reason, "config": config_json}
