"""The catalog's tables (the lake attached as `store`, catalog/lake.py) and its stable SQL surface (views).

Documents are immutable and keyed by a content-derived `record_id`; everything a step learns about a
record (decisions, token counts, later signals and reviews) lives in its own table keyed by that id, as
dolma keeps attributes beside documents. Users and other packages query the views, never `store.*`,
so tables can change behind a view without breaking anyone's SQL. docs/catalog.md documents the views.
The tables live in the lake; the views are made in each connection's own in-memory database when it
opens the catalog (catalog/store.py), so a new jisr's views need no write to the catalog.
"""

# 2: the DuckLake layout (catalog/lake.py); 1 was the single DuckDB file (`jisr catalog migrate` moves it).
# Bump it with any table change: readers of an older lake are then told to let a writer upgrade it first.
SCHEMA_VERSION = 5  # 3: store.composition; 4: store.record_counts, and a training run's status lives in store.runs only;
# 5: store.record_facts, and store.composition by category and variety with words and variety scores

TABLES = """
CREATE TABLE IF NOT EXISTS store.meta (key VARCHAR NOT NULL, value VARCHAR);  -- one row per key

CREATE TABLE IF NOT EXISTS store.runs (
    run_id       VARCHAR NOT NULL,  -- one row each (DuckLake has no keys)
    command      VARCHAR NOT NULL,
    params       JSON,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    status       VARCHAR NOT NULL,
    jisr_version VARCHAR,
    summary      JSON
);
-- Who ran it, so a run whose process died can be marked failed (catalogs made before these columns gain them).
ALTER TABLE store.runs ADD COLUMN IF NOT EXISTS pid INTEGER;
ALTER TABLE store.runs ADD COLUMN IF NOT EXISTS host VARCHAR;

CREATE TABLE IF NOT EXISTS store.records (
    record_id      VARCHAR NOT NULL,  -- one row each (DuckLake has no keys)
    source         VARCHAR NOT NULL,
    source_version VARCHAR,
    language       VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    prompt         VARCHAR NOT NULL,
    response       VARCHAR NOT NULL,
    messages       JSON,
    category       VARCHAR,
    license        VARCHAR,
    parent_id      VARCHAR,
    pair_id        VARCHAR,
    upstream_id    VARCHAR,
    metadata       JSON,
    created_run_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS store.provenance (
    run_id    VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    source    VARCHAR NOT NULL,
    file      VARCHAR,
    "row"     BIGINT
);

-- Each record's current status (see `record_status`), and the runs whose decisions it already holds.
CREATE TABLE IF NOT EXISTS store.record_status (
    record_id   VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    kept        BOOLEAN NOT NULL,
    drop_step   VARCHAR,
    drop_reason VARCHAR
);
CREATE TABLE IF NOT EXISTS store.folded_runs (run_id VARCHAR NOT NULL);

CREATE TABLE IF NOT EXISTS store.decisions (
    run_id    VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    seq       INTEGER NOT NULL,
    step      VARCHAR NOT NULL,
    kept      BOOLEAN NOT NULL,
    reason    VARCHAR,
    detail    VARCHAR
);

CREATE TABLE IF NOT EXISTS store.signals (
    run_id    VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    step      VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    value     DOUBLE,
    text      VARCHAR
);

CREATE TABLE IF NOT EXISTS store.quarantine (
    run_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    file   VARCHAR,
    "row"  BIGINT,
    field  VARCHAR,
    reason VARCHAR NOT NULL,
    raw    VARCHAR
);

CREATE TABLE IF NOT EXISTS store.token_counts (
    record_id       VARCHAR NOT NULL,
    tokenizer       VARCHAR NOT NULL,
    exact           BOOLEAN NOT NULL,
    prompt_tokens   BIGINT NOT NULL,
    response_tokens BIGINT NOT NULL,
    total_tokens    BIGINT NOT NULL,
    run_id          VARCHAR NOT NULL
    -- one row per (record_id, tokenizer), kept by its writer (DuckLake has no keys)
);

CREATE TABLE IF NOT EXISTS store.source_reads (
    run_id         VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    source_version VARCHAR,
    location       VARCHAR,
    "read"         BIGINT NOT NULL,
    kept           BIGINT NOT NULL,
    dropped        BIGINT NOT NULL,
    quarantined    BIGINT NOT NULL
);

-- `composition`'s answer, per (source, language, category, variety, tokenizer), kept up to date as runs finish
-- (catalog/composition.py): the records x token_counts join it replaces took seconds on 2.5M records.
CREATE TABLE IF NOT EXISTS store.composition (
    source          VARCHAR NOT NULL,
    language        VARCHAR NOT NULL,
    tokenizer       VARCHAR NOT NULL,
    records         BIGINT NOT NULL,
    prompt_tokens   BIGINT NOT NULL,
    response_tokens BIGINT NOT NULL,
    total_tokens    BIGINT NOT NULL
);
-- Schema 5 (lakes before it gain them, then recompute the table): the finer keys and the words and variety scores
-- that `composition_by_category`, `arabic_varieties` and the tokens-per-word query read.
ALTER TABLE store.composition ADD COLUMN IF NOT EXISTS category VARCHAR;
ALTER TABLE store.composition ADD COLUMN IF NOT EXISTS variety VARCHAR;
ALTER TABLE store.composition ADD COLUMN IF NOT EXISTS words BIGINT;
ALTER TABLE store.composition ADD COLUMN IF NOT EXISTS score_sum DOUBLE;
ALTER TABLE store.composition ADD COLUMN IF NOT EXISTS scored BIGINT;

-- Per record, what the kept totals read beside its status (catalog/record_facts.py): its source, language,
-- category and words, and its answer's latest variety and score with the runs that named them. One row per
-- record a folded run decided on, counted or named a variety for.
CREATE TABLE IF NOT EXISTS store.record_facts (
    record_id      VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    language       VARCHAR NOT NULL,
    category       VARCHAR,
    words          BIGINT NOT NULL,
    variety        VARCHAR,
    variety_run_id VARCHAR,
    score          DOUBLE,
    score_run_id   VARCHAR,
    created_run_id VARCHAR NOT NULL
);

-- `record_counts`' answer, records per (source, language, kept, drop_step, drop_reason), kept up to date as runs
-- finish (catalog/record_counts.py): grouping every record's status took 1.7-1.9 s at 3M records.
CREATE TABLE IF NOT EXISTS store.record_counts (
    source      VARCHAR NOT NULL,
    language    VARCHAR NOT NULL,
    kept        BOOLEAN NOT NULL,
    drop_step   VARCHAR,
    drop_reason VARCHAR,
    records     BIGINT NOT NULL
);
"""

# Succeeded runs whose decisions and token counts `store.record_status` and `store.composition` do not
# hold yet (written by hand, behind jisr's back, or by an older jisr): usually none.
PENDING_RUNS = """SELECT run_id, finished_at FROM store.runs r
        WHERE status = 'succeeded' AND NOT EXISTS (SELECT 1 FROM store.folded_runs f WHERE f.run_id = r.run_id)"""

# A record's status is what the latest finished run that decided on it said: dropped if any step of
# that run dropped it (the first such step gives the reason), kept otherwise.
PER_RUN_STATUS = """
               bool_and(d.kept) AS kept,
               arg_min(d.step, d.seq) FILTER (WHERE NOT d.kept) AS drop_step,
               arg_min(d.reason, d.seq) FILTER (WHERE NOT d.kept) AS drop_reason"""

VIEWS = """
CREATE OR REPLACE VIEW runs AS SELECT * FROM store.runs;

CREATE OR REPLACE VIEW decisions AS
    SELECT run_id, record_id, step, kept, reason, detail, seq FROM store.decisions;

CREATE OR REPLACE VIEW quarantine AS SELECT * FROM store.quarantine;

CREATE OR REPLACE VIEW signals AS SELECT run_id, record_id, step, name, value, text FROM store.signals;

CREATE OR REPLACE VIEW provenance AS SELECT * FROM store.provenance;

CREATE OR REPLACE VIEW token_counts AS
    SELECT record_id, tokenizer, prompt_tokens, response_tokens, total_tokens, exact, run_id
    FROM store.token_counts;

CREATE OR REPLACE VIEW run_sources AS
    SELECT run_id, source, source_version, location, "read", kept, dropped, quarantined,
           "read" = kept + dropped + quarantined AS balanced
    FROM store.source_reads;

-- Kept up to date as runs finish (catalog/store.py, `Catalog.fold_decisions`), so that `records` and every view
-- over it read each record's status directly instead of regrouping every decision on every query. It reads the
-- table alone, as `composition` and `record_counts` do theirs: a run written by hand counts once a writer opens
-- the catalog (which folds it). Answering such runs here as well (a UNION with their regrouped decisions) kept
-- DuckDB from pushing joins into `records`: one record by id took 320 ms at 3M records, against 80 ms now.
CREATE OR REPLACE VIEW record_status AS
    SELECT record_id, run_id, kept, drop_step, drop_reason FROM store.record_status;

CREATE OR REPLACE VIEW records AS
    SELECT r.record_id, r.source, r.source_version, r.language, r.kind, r.prompt, r.response,
           r.messages, r.category, r.license, r.parent_id, r.pair_id, r.upstream_id, r.metadata,
           coalesce(s.kept, false) AS kept, s.drop_step, s.drop_reason, r.created_run_id
    FROM store.records r LEFT JOIN record_status s USING (record_id);

-- Read from `store.composition` (see above), so Table 3 reads a few rows, not every record. A run written by
-- hand, behind jisr's back, counts here once a writer opens the catalog (which folds it). `words`: the kept
-- records' prompt and response words (split on spaces), for tokens per word.
CREATE OR REPLACE VIEW composition AS
    SELECT source, language, tokenizer, sum(records)::BIGINT AS records, sum(prompt_tokens)::BIGINT AS prompt_tokens,
           sum(response_tokens)::BIGINT AS response_tokens, sum(total_tokens)::BIGINT AS total_tokens,
           sum(words)::BIGINT AS words
    FROM store.composition GROUP BY source, language, tokenizer;

-- `composition` per category too (the records' specialty or subject), from the same table.
CREATE OR REPLACE VIEW composition_by_category AS
    SELECT source, language, category, tokenizer, sum(records)::BIGINT AS records,
           sum(prompt_tokens)::BIGINT AS prompt_tokens, sum(response_tokens)::BIGINT AS response_tokens,
           sum(total_tokens)::BIGINT AS total_tokens, sum(words)::BIGINT AS words
    FROM store.composition GROUP BY source, language, category, tokenizer;

-- Records per source, language and status (a record no run decided on: not kept, no step, no reason), what
-- `SELECT source, language, kept, drop_step, drop_reason, count(*) FROM records GROUP BY ALL` answers, read
-- from `store.record_counts` as `composition` is from its table; `drops`: those not kept, per source.
CREATE OR REPLACE VIEW record_counts AS
    SELECT source, language, kept, drop_step, drop_reason, records FROM store.record_counts;
CREATE OR REPLACE VIEW drops AS
    SELECT source, drop_step, drop_reason, sum(records)::BIGINT AS records FROM store.record_counts WHERE NOT kept
    GROUP BY ALL;

-- Kept Arabic records by the variety language ID named for their answer (`ar`, `arz`, ...; `unknown`
-- where language_id did not run), from each record's latest signals, as `store.composition` keeps them
-- (catalog/record_facts.py); `mean_score`: the mean of those records' latest variety scores.
CREATE OR REPLACE VIEW arabic_varieties AS
    SELECT source, coalesce(variety, 'unknown') AS variety, tokenizer, sum(records)::BIGINT AS records,
           round(sum(score_sum) / nullif(sum(scored), 0), 3) AS mean_score, sum(total_tokens) AS total_tokens
    FROM store.composition WHERE language = 'ar'
    GROUP BY ALL;
"""

VIEW_NAMES = (
    "records", "record_status", "token_counts", "runs", "run_sources", "decisions", "quarantine", "provenance",
    "signals", "composition", "composition_by_category", "record_counts", "drops", "arabic_varieties", "mixes",
    "mix_members", "training_runs",
)

MIX_TABLES = """
CREATE TABLE IF NOT EXISTS store.mixes (
    name          VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    recipe        JSON NOT NULL,
    recipe_hash   VARCHAR NOT NULL,
    manifest_hash VARCHAR NOT NULL,
    tokenizer     VARCHAR NOT NULL,
    budget        BIGINT NOT NULL,
    ratio         VARCHAR NOT NULL,
    targets       JSON NOT NULL,
    achieved      JSON NOT NULL,
    records       BIGINT NOT NULL,
    tokens        BIGINT NOT NULL,
    run_id        VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
    -- one row per (name, version), kept by its writer (DuckLake has no keys)
);

CREATE TABLE IF NOT EXISTS store.mix_members (
    name        VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    record_id   VARCHAR NOT NULL,
    split       VARCHAR NOT NULL,
    language    VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    tokens      BIGINT NOT NULL,
    text_sha256 VARCHAR NOT NULL
);
-- Manifest format 2 (catalog/mixes.py) also hashes each member's metadata and the recipe; older mixes keep format 1.
ALTER TABLE store.mixes ADD COLUMN IF NOT EXISTS manifest_format INTEGER DEFAULT 1;
ALTER TABLE store.mix_members ADD COLUMN IF NOT EXISTS record_sha256 VARCHAR;
-- The catalog snapshot the mix was built from (DuckLake's snapshot id; null for mixes older than the lake).
ALTER TABLE store.mixes ADD COLUMN IF NOT EXISTS catalog_snapshot BIGINT;
"""

TRAINING_TABLES = """
CREATE TABLE IF NOT EXISTS store.training_runs (
    run_id          VARCHAR NOT NULL,  -- one row each (DuckLake has no keys)
    mix             VARCHAR NOT NULL,
    manifest_hash   VARCHAR NOT NULL,
    base_model      VARCHAR NOT NULL,
    method          VARCHAR NOT NULL,
    hyperparameters JSON NOT NULL,
    losses          JSON,
    final_loss      DOUBLE,
    output_path     VARCHAR
);
-- A training run's status and times are its run's (store.runs, which `mark_dead_runs` fails when its process
-- dies); the `training_runs` view reads them there. Lakes before schema 4 kept a copy here, which could disagree.
ALTER TABLE store.training_runs DROP COLUMN IF EXISTS status;
ALTER TABLE store.training_runs DROP COLUMN IF EXISTS started_at;
ALTER TABLE store.training_runs DROP COLUMN IF EXISTS finished_at;
"""

# Before schema 4 a training run's status and times were also kept in store.training_runs (`source`): a training
# row with no run in store.runs (written by hand) keeps them as a run of its own when they move out.
TRAINING_RUNS_WITHOUT_A_RUN = """
INSERT INTO store.runs (run_id, command, params, started_at, finished_at, status)
SELECT t.run_id, 'train', '{{}}', t.started_at, t.finished_at, t.status FROM {source} t
WHERE NOT EXISTS (SELECT 1 FROM store.runs r WHERE r.run_id = t.run_id)"""

MIX_VIEWS = """
CREATE OR REPLACE VIEW mixes AS
    SELECT name, version, name || '@' || version AS mix, ratio, tokenizer, budget, records, tokens,
           targets, achieved, manifest_hash, recipe_hash, recipe, run_id, created_at, manifest_format,
           catalog_snapshot
    FROM store.mixes;

CREATE OR REPLACE VIEW mix_members AS
    SELECT name, version, name || '@' || version AS mix, record_id, split, language, source, tokens, text_sha256,
           record_sha256
    FROM store.mix_members;

CREATE OR REPLACE VIEW training_runs AS
    SELECT t.run_id, t.mix, t.manifest_hash, t.base_model, t.method, t.hyperparameters, t.losses, t.final_loss,
           t.output_path, r.status, r.started_at, r.finished_at
    FROM store.training_runs t LEFT JOIN store.runs r USING (run_id);
"""
