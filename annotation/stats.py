"""`jisr review stats`: what experts found, from the catalog alone (run `jisr review pull` first).

Strata are the ones `push` samples by: the English parent's category (specialty) and source. Each
query returns (columns, rows) for a rich table; `dataset=None` covers every reviewed dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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

# Wilson score interval (95%) of the acceptance rate: unlike p +- 1.96 sd it stays inside [0, 1] and is
# not zero-width at 0 or n accepted, which matters for strata of a handful of verdicts.
_P = "(count(*) FILTER (WHERE s.status = 'accepted') / count(*))"
_WILSON = (f"(({_P} + 1.9208 / count(*) {{sign}} 1.96 * sqrt({_P} * (1 - {_P}) / count(*) "
           f"+ 0.9604 / count(*) ^ 2)) / (1 + 3.8416 / count(*)))")

ACCEPTANCE_SQL = """
SELECT coalesce(p.category, t.category, 'unknown') AS category, coalesce(p.source, t.source) AS source,
       count(*) AS decided,
       count(*) FILTER (WHERE s.status = 'accepted') AS accepted,
       count(*) FILTER (WHERE s.status = 'corrected') AS corrected,
       count(*) FILTER (WHERE s.status = 'rejected') AS rejected,
       round(100.0 * count(*) FILTER (WHERE s.status = 'accepted') / count(*), 1) AS acceptance_pct,
       round(100 * {wilson_low}, 1) AS ci95_low, round(100 * {wilson_high}, 1) AS ci95_high,
       round(avg(s.adequacy), 2) AS adequacy, round(avg(s.fluency), 2) AS fluency,
       round(avg(s.ter), 1) AS mean_ter, round(avg(s.chrf), 1) AS mean_chrf
FROM review_status s JOIN records t ON t.record_id = s.record_id LEFT JOIN records p ON p.record_id = t.parent_id
WHERE s.status IN ('accepted', 'corrected', 'rejected') AND (s.dataset = $1 OR $1 IS NULL)
GROUP BY ALL ORDER BY ALL
""".format(wilson_low=_WILSON.format(sign="-"), wilson_high=_WILSON.format(sign="+"))

AGREEMENT_SQL = """
SELECT dataset, question, coalesce(label, '') AS label, level, round(alpha, 3) AS alpha,
       round(agreement, 3) AS agreement, units
FROM review_agreement WHERE dataset = $1 OR $1 IS NULL
ORDER BY dataset, question = 'errors', question, label, level
"""


def review_stats(catalog_path: Path, dataset: str | None = None) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """{"errors": ..., "acceptance": ..., "agreement": ...}, each (columns, rows)."""
    out = {}
    with Catalog.open(catalog_path, read_only=True) as catalog:
        for name, sql in (("errors", ERRORS_SQL), ("acceptance", ACCEPTANCE_SQL), ("agreement", AGREEMENT_SQL)):
            cursor = catalog.con.execute(sql, [dataset])
            out[name] = ([d[0] for d in cursor.description], cursor.fetchall())
    return out
