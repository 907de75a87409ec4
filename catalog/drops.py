"""`store.drops`: why records are not kept (records per source, drop step and reason), kept up to date
in the transaction that finishes each run, as `store.composition` is (catalog/totals.py for how).

Why: `jisr catalog summary`'s "not kept" table and the docs' "why were records dropped" query grouped
every record's status (`records WHERE NOT kept` joins every record with its status: 0.8 s at 3M records
all kept, issue #12 asks for under 200 ms). A record without any decision is not kept, with no step or
reason, as `records` says; it counts here from the run that created it, so a record written by hand
under a run id that never finished counts only once some finished run decides on it.
"""

from __future__ import annotations

from jisr.catalog.totals import KeptTotals

# A record counts once it has a status, or once the run that created it is folded.
_COUNTED = "(s.record_id IS NOT NULL OR r.created_run_id IN (SELECT run_id FROM store.folded_runs))"

DROPS = KeptTotals(
    table="drops", keys=("source", "drop_step", "drop_reason"), values=("records",),
    totals="""
    SELECT r.source, s.drop_step, s.drop_reason, {sign} * count(*) AS records
    FROM {records} JOIN store.records r USING (record_id) LEFT JOIN store.record_status s USING (record_id)
    WHERE NOT coalesce(s.kept, false) {where}
    GROUP BY ALL""",
    touched="SELECT record_id FROM _jisr_fresh UNION SELECT record_id FROM store.records WHERE created_run_id IN {pending}",
    before="AND " + _COUNTED, everything="AND " + _COUNTED)

recompute = DROPS.recompute
kept_up_to_date = DROPS.kept_up_to_date
