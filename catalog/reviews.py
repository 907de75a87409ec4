"""Expert reviews of translations, as pulled from Argilla, and the verdict they add up to.

`store.reviews` holds one row per (dataset, record, reviewer): the reviewer's latest response, so
pulling again replaces rather than duplicates (`jisr review pull` is idempotent). `store.review_status`
is derived from it by a rule (annotation/pull.py) and is recomputed whole for a dataset at each pull,
so changing the rule and pulling again re-decides every record. Mixes apply the verdicts by policy
(a recipe's `review:` mode, catalog/verdicts.py), through the `translation_verdicts` view.

A correction is landed as a new record (source `corrected:<source>`, parent_id = the machine
translation) and gets its own `review_status` row with status `correction`; the machine translation's
row (status `corrected`) names it in `corrected_record_id`. `store.review_agreement` holds the
dataset's inter-annotator agreement, recomputed at each pull. Columns added after the first release are
added with `ADD COLUMN IF NOT EXISTS`, so older catalogs gain them on open.
"""

REVIEW_TABLES = """
CREATE TABLE IF NOT EXISTS store.reviews (
    dataset     VARCHAR NOT NULL,
    record_id   VARCHAR NOT NULL,
    reviewer    VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    adequacy    INTEGER,
    fluency     INTEGER,
    errors      VARCHAR[],
    correction  VARCHAR,
    "values"    JSON,
    time        TIMESTAMPTZ,
    run_id      VARCHAR NOT NULL
    -- one row per (dataset, record_id, reviewer), kept by its writer (DuckLake has no keys)
);

CREATE TABLE IF NOT EXISTS store.review_status (
    dataset       VARCHAR NOT NULL,
    record_id     VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,
    reviews       INTEGER NOT NULL,
    adequacy      DOUBLE,
    fluency       DOUBLE,
    correction    VARCHAR,
    rule          JSON NOT NULL,
    run_id        VARCHAR NOT NULL
    -- one row per (dataset, record_id), kept by its writer (DuckLake has no keys)
);

CREATE TABLE IF NOT EXISTS store.review_agreement (
    dataset     VARCHAR NOT NULL,
    question    VARCHAR NOT NULL,
    label       VARCHAR,
    level       VARCHAR NOT NULL,
    alpha       DOUBLE,
    agreement   DOUBLE,
    units       INTEGER NOT NULL,
    run_id      VARCHAR NOT NULL
);

ALTER TABLE store.reviews ADD COLUMN IF NOT EXISTS ter DOUBLE;
ALTER TABLE store.reviews ADD COLUMN IF NOT EXISTS chrf DOUBLE;
ALTER TABLE store.review_status ADD COLUMN IF NOT EXISTS ter DOUBLE;
ALTER TABLE store.review_status ADD COLUMN IF NOT EXISTS chrf DOUBLE;
ALTER TABLE store.review_status ADD COLUMN IF NOT EXISTS corrected_record_id VARCHAR;

CREATE OR REPLACE VIEW reviews AS
    SELECT record_id, reviewer, "values", status, time, dataset, adequacy, fluency, errors, correction, ter, chrf,
           run_id
    FROM store.reviews;

CREATE OR REPLACE VIEW review_status AS
    SELECT record_id, status, reviews, adequacy, fluency, correction, ter, chrf, corrected_record_id, dataset, rule,
           run_id
    FROM store.review_status;

CREATE OR REPLACE VIEW review_agreement AS
    SELECT dataset, question, label, level, alpha, agreement, units, run_id FROM store.review_agreement;
"""
