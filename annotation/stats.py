"""`jisr review stats`: what experts found, from the catalog alone (run `jisr review pull` first).

Error strata are the ones `push` samples by: the English parent's category (specialty) and source;
acceptance and the gate's agreement with experts are per (specialty, source, translation model), from
catalog/review_figures.py, which the HTML report reads too. Each entry is (columns, rows);
`dataset=None` covers every reviewed dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jisr.catalog.review_figures import acceptance_by_stratum, gate_agreement
from jisr.catalog.store import Catalog

_STRATUM = """
    FROM reviews v JOIN records t ON t.record_id = v.record_id LEFT JOIN records p ON p.record_id = t.parent_id
"""

ERRORS_SQL = f"""
WITH submitted AS (
    SELECT coalesce(p.category, t.category, 'unknown') AS category, coalesce(p.source, t.source) AS source,
           v.errors
    {_STRATUM}
    WHERE v.status = 'submitted' AND (v.dataset = $1 OR $1 IS NULL)
), strata AS (SELECT category, source, count(*) AS reviews FROM submitted GROUP BY ALL)
SELECT s.category, s.source, e.error, count(*) AS n, st.reviews,
       round(100.0 * count(*) / st.reviews, 1) AS pct_of_reviews
FROM submitted s JOIN strata st USING (category, source), unnest(s.errors) AS e(error)
GROUP BY s.category, s.source, e.error, st.reviews
ORDER BY s.category, s.source, n DESC, e.error
"""

AGREEMENT_SQL = """
SELECT dataset, question, coalesce(label, '') AS label, level, round(alpha, 3) AS alpha,
       round(agreement, 3) AS agreement, units
FROM review_agreement WHERE dataset = $1 OR $1 IS NULL
ORDER BY dataset, question = 'errors', question, label, level
"""


def review_stats(catalog_path: Path, dataset: str | None = None) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """{"errors", "acceptance", "agreement", "gate"}, each (columns, rows). The gate's figures are the
    latest calibration's, which covers every dataset."""
    out = {}
    with Catalog.open(catalog_path, read_only=True) as catalog:
        for name, sql in (("errors", ERRORS_SQL), ("agreement", AGREEMENT_SQL)):
            cursor = catalog.con.execute(sql, [dataset])
            out[name] = ([d[0] for d in cursor.description], cursor.fetchall())
        out["acceptance"] = acceptance_by_stratum(catalog.con, dataset)
        out["gate"] = gate_agreement(catalog.con)
    return out
