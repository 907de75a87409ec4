"""Expert verdicts as mix policy: one view of every machine translation's verdict, and the predicate
a recipe's `review:` mode adds to its eligible records.

Why a view and not a predicate users write: `reviews.status` is Argilla's response status
(submitted/draft/discarded), not a verdict, and a hand-written predicate is easy to get wrong
(docs once gave one that matched nothing). `translation_verdicts` has one row per machine translation
(source `translated:...`) and per expert correction (source `corrected:...`), each with a `reason`:
- `verdict` is the expert's (`accepted`, `rejected`, `corrected`; a correction record is `correction`)
  from the most recent pull that decided it, `decided_by` = `expert`;
- a translation no expert decided is `unreviewed`; the latest gate calibration decided it
  (`decided_by` = `gate:<calibration id>`, catalog/gate_calibration.py), or, for a translation made
  after that calibration (or before any), the translate step's own QE gate (`translation_qe`);
  `gate_kept` says whether that gate lets it in.

Modes (recipe key `review:`), in every one a rejected translation never enters and a corrected one
is replaced by its correction (never both):
- `gate` (default): unreviewed translations enter when the gate keeps them (`gate_kept`);
- `all`: every unreviewed translation the translate step kept enters, whatever the calibrated gate says;
- `reviewed`: only translations an expert accepted, and corrections.
"""

REVIEW_MODES = ("gate", "all", "reviewed")

# The gate calibrations (catalog/gate_calibration.py): one row per calibration and stratum (plus a
# global row, category = source = model = '*'), and one decision per translation no expert decided.
GATE_TABLES = """
CREATE TABLE IF NOT EXISTS store.gate_calibrations (
    calibration_id   VARCHAR NOT NULL,
    run_id           VARCHAR NOT NULL,
    pull_run         VARCHAR,
    category         VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    model            VARCHAR NOT NULL,
    scope            VARCHAR NOT NULL,
    thresholds       JSON,
    verdicts         INTEGER NOT NULL,
    rejects          INTEGER NOT NULL,
    tp               INTEGER NOT NULL,
    fp               INTEGER NOT NULL,
    fn               INTEGER NOT NULL,
    tn               INTEGER NOT NULL,
    reject_precision DOUBLE,
    precision_low    DOUBLE,
    precision_high   DOUBLE,
    reject_recall    DOUBLE,
    recall_low       DOUBLE,
    recall_high      DOUBLE,
    unreviewed       INTEGER NOT NULL,
    gate_rejected    INTEGER NOT NULL,
    fallback_reason  VARCHAR,
    config           JSON NOT NULL
);

CREATE TABLE IF NOT EXISTS store.gate_decisions (
    calibration_id VARCHAR NOT NULL,
    record_id      VARCHAR NOT NULL,
    kept           BOOLEAN NOT NULL,
    reason         VARCHAR NOT NULL
);

CREATE OR REPLACE VIEW gate_calibrations AS SELECT * FROM store.gate_calibrations;
CREATE OR REPLACE VIEW gate_decisions AS SELECT * FROM store.gate_decisions;
"""

VERDICT_VIEWS = GATE_TABLES + """
CREATE OR REPLACE VIEW translation_verdicts AS
    WITH expert AS (
        SELECT s.record_id, s.status, s.reviews, s.adequacy, s.fluency, s.ter, s.chrf, s.corrected_record_id,
               s.dataset, s.run_id
        FROM store.review_status s
        QUALIFY row_number() OVER (PARTITION BY s.record_id ORDER BY s.run_id DESC) = 1
    ), reviewers AS (
        SELECT dataset, record_id, list(reviewer ORDER BY reviewer) AS reviewers
        FROM store.reviews WHERE status = 'submitted' GROUP BY ALL
    ), gate AS (
        SELECT record_id, calibration_id, kept, reason FROM store.gate_decisions
        WHERE calibration_id = (SELECT max(calibration_id) FROM store.gate_calibrations)
    )
    SELECT r.record_id, r.source, r.parent_id,
           CASE WHEN e.status IS NOT NULL THEN e.status
                WHEN r.source LIKE 'corrected:%' THEN 'superseded'
                ELSE 'unreviewed' END AS verdict,
           CASE WHEN e.status IS NOT NULL THEN 'expert'
                WHEN r.source LIKE 'translated:%' AND g.record_id IS NOT NULL THEN 'gate:' || g.calibration_id
                WHEN r.source LIKE 'translated:%' THEN 'translation_qe' END AS decided_by,
           CASE WHEN e.status IS NULL AND r.source LIKE 'translated:%' THEN coalesce(g.kept, r.kept) END AS gate_kept,
           CASE WHEN e.status IS NOT NULL
                    THEN e.status || ' by expert review (' || e.reviews || ' submitted, pull ' || e.run_id || ')'
                WHEN r.source LIKE 'corrected:%' THEN 'no current pull holds this correction'
                WHEN g.record_id IS NOT NULL THEN g.reason
                WHEN r.kept THEN 'kept by the translate step''s gate (no gate calibration covers it yet)'
                ELSE 'dropped by ' || coalesce(r.drop_step, 'curation') || ' (' || coalesce(r.drop_reason, 'not kept')
                     || ')' END AS reason,
           v.reviewers, e.reviews, e.adequacy, e.fluency, e.ter, e.chrf,
           e.corrected_record_id AS correction_id, r.kept, e.dataset, e.run_id AS review_run_id
    FROM records r
    LEFT JOIN expert e USING (record_id)
    LEFT JOIN reviewers v ON v.dataset = e.dataset AND v.record_id = r.record_id
    LEFT JOIN gate g ON g.record_id = r.record_id
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
    unreviewed = {"gate": "gate_kept", "all": "TRUE", "reviewed": "FALSE"}[mode]
    return f"""(r.record_id NOT IN (SELECT record_id FROM translation_verdicts) OR r.record_id IN (
        SELECT record_id FROM translation_verdicts
        WHERE verdict IN ('accepted', 'correction') OR (verdict = 'unreviewed' AND {unreviewed})))"""


def review_state(con) -> dict:
    """The review state a mix was built on: the latest pull run, how many verdicts it holds, and the gate
    calibration that decides unreviewed translations (with the pull it was fitted on)."""
    row = con.execute("SELECT max(run_id), count(*) FROM store.review_status").fetchone()
    calibration = con.execute("SELECT calibration_id, pull_run FROM store.gate_calibrations "
                              "ORDER BY calibration_id DESC LIMIT 1").fetchone()
    return {"pull_run": row[0], "verdicts": row[1], "calibration": calibration[0] if calibration else None,
            "calibration_pull_run": calibration[1] if calibration else None}
