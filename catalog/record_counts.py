"""`store.record_counts`: records per source, language and status (kept, or the step and reason that
dropped it), kept up to date in the transaction that finishes each run, as `store.composition` is
(catalog/totals.py for how). The `drops` and `record_counts` views read it.

Why: counting records by status (`jisr catalog summary`'s "not kept" table, the docs' "why were records
dropped" and "kept records per source and language" queries) grouped every record's status, which joins
every record with its status: 1.7-1.9 s at 3M records, issue #12 asks for under 200 ms. A record without
any decision is not kept, with no step or reason, as `records` says; it counts here from the run that
created it, so a record written by hand under a run id that never finished counts only once some
finished run decides on it.
"""

from __future__ import annotations

from jisr.catalog.totals import KeptTotals

# A record counts once it has a status, or once the run that created it is folded.
_COUNTED = "AND (s.record_id IS NOT NULL OR r.created_run_id IN (SELECT run_id FROM store.folded_runs))"

RECORD_COUNTS = KeptTotals(
    table="record_counts", keys=("source", "language", "kept", "drop_step", "drop_reason"), values=("records",),
    totals="""
    SELECT r.source, r.language, coalesce(s.kept, false) AS kept, s.drop_step, s.drop_reason,
           {sign} * count(*) AS records
    FROM {records} JOIN store.records r USING (record_id) LEFT JOIN store.record_status s USING (record_id)
    WHERE true {where}
    GROUP BY ALL""",
    touched="SELECT record_id FROM _jisr_fresh UNION SELECT record_id FROM store.records WHERE created_run_id IN {pending}",
    before=_COUNTED, everything=_COUNTED)

recompute = RECORD_COUNTS.recompute
kept_up_to_date = RECORD_COUNTS.kept_up_to_date
