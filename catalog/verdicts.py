"""Expert verdicts as mix policy: one view of every machine translation's verdict, and the predicate
a recipe's `review:` mode adds to its eligible records.

Why a view and not a predicate users write: `reviews.status` is Argilla's response status
(submitted/draft/discarded), not a verdict, and a hand-written predicate is easy to get wrong
(docs once gave one that matched nothing). `translation_verdicts` has one row per machine translation
(source `translated:...`) and per expert correction (source `corrected:...`):
- `verdict` is the expert's (`accepted`, `rejected`, `corrected`; a correction record is `correction`)
  from the most recent pull that decided it, `decided_by` = `expert`;
- a translation no expert decided is `unreviewed`, decided by the translate step's own QE gate
  (`decided_by` = `translation_qe`: it is kept only if that gate kept it).

Modes (recipe key `review:`), in every one a rejected translation never enters and a corrected one
is replaced by its correction (never both):
- `gate` (default): unreviewed translations enter when the QE gate kept them;
- `all`: the same, named for recipes that mean to take every unreviewed translation;
- `reviewed`: only translations an expert accepted, and corrections.
"""

REVIEW_MODES = ("gate", "all", "reviewed")

VERDICT_VIEWS = """
CREATE OR REPLACE VIEW translation_verdicts AS
    WITH expert AS (
        SELECT s.record_id, s.status, s.reviews, s.adequacy, s.fluency, s.ter, s.chrf, s.corrected_record_id,
               s.dataset, s.run_id
        FROM store.review_status s
        QUALIFY row_number() OVER (PARTITION BY s.record_id ORDER BY s.run_id DESC) = 1
    ), reviewers AS (
        SELECT dataset, record_id, list(reviewer ORDER BY reviewer) AS reviewers
        FROM store.reviews WHERE status = 'submitted' GROUP BY ALL
    )
    SELECT r.record_id, r.source, r.parent_id,
           CASE WHEN e.status IS NOT NULL THEN e.status
                WHEN r.source LIKE 'corrected:%' THEN 'superseded'
                ELSE 'unreviewed' END AS verdict,
           CASE WHEN e.status IS NOT NULL THEN 'expert' WHEN r.source LIKE 'translated:%' THEN 'translation_qe'
                END AS decided_by,
           v.reviewers, e.reviews, e.adequacy, e.fluency, e.ter, e.chrf,
           e.corrected_record_id AS correction_id, r.kept, e.dataset, e.run_id AS review_run_id
    FROM records r
    LEFT JOIN expert e USING (record_id)
    LEFT JOIN reviewers v ON v.dataset = e.dataset AND v.record_id = r.record_id
    WHERE r.source LIKE 'translated:%' OR r.source LIKE 'corrected:%';
"""


def policy_predicate(mode: str) -> str:
    """SQL over `records r`: true for records the review mode lets into a mix.

    Records that are neither machine translations nor corrections are untouched. A translation whose
    verdict is `corrected` stays out even when its correction could not be landed (quarantined): the
    expert said the machine text is wrong. A correction record enters only while its verdict is
    current (`correction`); one a later pull superseded stays out.
    """
    if mode not in REVIEW_MODES:
        raise ValueError(f"unknown review mode {mode!r}")
    unreviewed = "FALSE" if mode == "reviewed" else "TRUE"
    return f"""(r.record_id NOT IN (SELECT record_id FROM translation_verdicts) OR r.record_id IN (
        SELECT record_id FROM translation_verdicts
        WHERE verdict IN ('accepted', 'correction') OR (verdict = 'unreviewed' AND {unreviewed})))"""


def review_state(con) -> dict:
    """The review state a mix was built on: the latest pull run and how many verdicts it holds."""
    row = con.execute("SELECT max(run_id), count(*) FROM store.review_status").fetchone()
    return {"pull_run": row[0], "verdicts": row[1]}
