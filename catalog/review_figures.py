"""What expert review found, per stratum, as data: for `jisr review stats` and the HTML report alike.

Two tables, each returned as (columns, rows) from the catalog alone:
- `acceptance_by_stratum`: per (specialty, source, translation model), the expert verdicts and the
  acceptance rate with its Wilson 95% interval (a stratum of a handful of verdicts shows a wide one);
- `gate_agreement`: per stratum of the latest gate calibration (global row first), which thresholds
  decide it, how well the gate agrees with the experts there (precision and recall of "reject" with
  Wilson 95% intervals, cross-validated) and how many unreviewed translations it kept out.
They live in catalog/ so the report (evaluation/) reads them without reaching into annotation/.
"""

from __future__ import annotations

from typing import Any

from jisr.catalog.gate_calibration import wilson

# Strata are the ones `push` samples by (the English parent's category and source) and the model that
# translated; a stratum's records are the machine translations an expert decided.
ACCEPTANCE_SQL = """
SELECT coalesce(p.category, t.category, 'unknown') AS category, coalesce(p.source, t.source) AS source,
       coalesce(t.metadata->'translation'->>'model', 'unknown') AS model,
       count(*) AS decided,
       count(*) FILTER (WHERE s.status = 'accepted') AS accepted,
       count(*) FILTER (WHERE s.status = 'corrected') AS corrected,
       count(*) FILTER (WHERE s.status = 'rejected') AS rejected,
       round(avg(s.adequacy), 2) AS adequacy, round(avg(s.fluency), 2) AS fluency,
       round(avg(s.ter), 1) AS mean_ter, round(avg(s.chrf), 1) AS mean_chrf
FROM review_status s JOIN records t ON t.record_id = s.record_id LEFT JOIN records p ON p.record_id = t.parent_id
WHERE s.status IN ('accepted', 'corrected', 'rejected') AND (s.dataset = $1 OR $1 IS NULL)
GROUP BY ALL ORDER BY ALL
"""

ACCEPTANCE_COLUMNS = ["category", "source", "model", "decided", "accepted", "corrected", "rejected",
                      "acceptance_pct", "ci95_low", "ci95_high", "adequacy", "fluency", "mean_ter", "mean_chrf"]

GATE_COLUMNS = ["calibration_id", "category", "source", "model", "scope", "verdicts", "rejects",
                "reject_precision", "precision_low", "precision_high", "reject_recall", "recall_low", "recall_high",
                "unreviewed", "gate_rejected", "thresholds", "fallback_reason", "pull_run"]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def acceptance_by_stratum(con, dataset: str | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Verdicts and acceptance (percent, Wilson 95% interval) per (category, source, model)."""
    rows = []
    for category, source, model, decided, accepted, corrected, rejected, *scores in con.execute(
            ACCEPTANCE_SQL, [dataset]).fetchall():
        low, high = wilson(accepted, decided)
        rows.append((category, source, model, decided, accepted, corrected, rejected, _pct(accepted / decided),
                     _pct(low), _pct(high), *scores))
    return ACCEPTANCE_COLUMNS, rows


def gate_agreement(con) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The latest calibration's rows, global first: scope, verdicts, P/R of "reject" (percent, with
    intervals), unreviewed translations decided and kept out, thresholds (JSON) and why a fallback.
    No rows before the first calibration (or on a catalog no writer has opened since gates came in)."""
    if not con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'gate_calibrations'").fetchone()[0]:
        return GATE_COLUMNS, []
    rows = con.execute(f"""
        SELECT {", ".join(GATE_COLUMNS)} FROM gate_calibrations
        WHERE calibration_id = (SELECT max(calibration_id) FROM gate_calibrations)
        ORDER BY category <> '*', category, source, model""").fetchall()
    percent = {GATE_COLUMNS.index(c) for c in GATE_COLUMNS if c.startswith(("reject_", "precision_", "recall_"))}
    return GATE_COLUMNS, [tuple(_pct(v) if i in percent else v for i, v in enumerate(row)) for row in rows]
