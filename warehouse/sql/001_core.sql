-- Core tables of ingestion. One report is written whole inside one transaction by pipeline/store.py.
-- No PRIMARY KEY / UNIQUE constraints: keys are kept by the loader (delete-then-insert of one
-- report in one transaction), which DuckDB's eager unique checks would otherwise refuse.

-- Every input file seen, by path: its latest bytes and what became of them.
CREATE TABLE IF NOT EXISTS raw_files (
    path            VARCHAR   NOT NULL,   -- absolute path as given
    file_sha256     VARCHAR   NOT NULL,   -- of the file's bytes
    n_bytes         BIGINT,
    status          VARCHAR   NOT NULL CHECK (status IN ('ingested', 'duplicate', 'rejected', 'pending')),
    reason          VARCHAR,              -- why rejected / duplicate of what / why pending
    report_sha256   VARCHAR,              -- the report it gave (ingested or duplicate)
    seen_at         TIMESTAMP NOT NULL,
    n_replacement_chars INTEGER           -- damaged characters (U+FFFD) in its text, tolerated
);

-- One row per report (region_key, report_year), the current version.
CREATE TABLE IF NOT EXISTS core_reports (
    report_sha256   VARCHAR   NOT NULL,   -- sha256 of clean_text: same report in any format = same hash
    region          VARCHAR   NOT NULL,
    region_code     VARCHAR,
    region_key      VARCHAR   NOT NULL,   -- region_code, else region: ties renamed regions together
    level           VARCHAR   NOT NULL CHECK (level IN ('national', 'province', 'city', 'county')),
    report_year     INTEGER   NOT NULL,
    delivered_on    DATE,
    title           VARCHAR,
    source_file     VARCHAR   NOT NULL,
    source_format   VARCHAR   NOT NULL,
    encoding        VARCHAR,
    detected_by     VARCHAR,              -- evidence for region / level / year
    n_chars         INTEGER   NOT NULL,   -- characters of clean_text
    clean_text      VARCHAR   NOT NULL,   -- the stored text every quote and offset refers to
    raw_text        VARCHAR   NOT NULL,   -- the text as read, before cleaning
    ingested_at     TIMESTAMP NOT NULL,
    file_modified_at TIMESTAMP            -- the file's time when read: of two versions, the newer wins
);

-- Earlier versions of a (region_key, report_year) that new content replaced.
CREATE TABLE IF NOT EXISTS core_report_history (
    region_key      VARCHAR   NOT NULL,
    report_year     INTEGER   NOT NULL,
    report_sha256   VARCHAR   NOT NULL,
    source_file     VARCHAR,
    ingested_at     TIMESTAMP,
    replaced_at     TIMESTAMP NOT NULL,
    replaced_by     VARCHAR   NOT NULL
);

-- Paragraphs of the clean text with the period each speaks about (segment.py).
CREATE TABLE IF NOT EXISTS core_paragraphs (
    report_sha256   VARCHAR   NOT NULL,
    paragraph       INTEGER   NOT NULL,
    char_start      INTEGER   NOT NULL,
    char_end        INTEGER   NOT NULL,
    part            VARCHAR   NOT NULL,
    period_start    INTEGER,
    period_end      INTEGER,
    heading         VARCHAR
);

-- Extracted statements (extract.py); value in the unit as written, value_base in the base unit.
CREATE TABLE IF NOT EXISTS core_metrics (
    report_sha256        VARCHAR NOT NULL,
    metric_seq           INTEGER NOT NULL,   -- order in the report
    kind                 VARCHAR NOT NULL CHECK (kind IN ('target', 'result')),
    period_year          INTEGER,
    period_start         INTEGER,
    period_end           INTEGER,
    metric_key           VARCHAR NOT NULL,
    metric_name          VARCHAR NOT NULL,
    subject              VARCHAR,
    measure              VARCHAR NOT NULL CHECK (measure IN ('level', 'growth', 'decrease', 'share', 'change_pp', 'rank')),
    value                DOUBLE,
    value_high           DOUBLE,
    unit                 VARCHAR,
    value_base           DOUBLE,
    base_unit            VARCHAR,
    qualifier            VARCHAR,
    comparator           VARCHAR CHECK (comparator IN ('>=', '<=', '~', '=', 'range')),
    target_kind          VARCHAR CHECK (target_kind IN ('numeric', 'relative', 'qualitative')),
    reference_metric_key VARCHAR,
    paragraph            INTEGER NOT NULL,
    quote                VARCHAR NOT NULL,
    char_start           INTEGER NOT NULL,
    char_end             INTEGER NOT NULL,
    predicate            VARCHAR             -- a figureless target's promise as written (稳中有增)
);
-- Databases made before `predicate` existed get it here.
ALTER TABLE core_metrics ADD COLUMN IF NOT EXISTS predicate VARCHAR;

-- Named projects and programmes mentioned in a report (programs.py).
CREATE TABLE IF NOT EXISTS core_program_mentions (
    report_sha256   VARCHAR NOT NULL,
    mention_seq     INTEGER NOT NULL,
    program_name    VARCHAR NOT NULL,
    program_key     VARCHAR NOT NULL,
    stage           VARCHAR,
    paragraph       INTEGER NOT NULL,
    quote           VARCHAR NOT NULL,
    char_start      INTEGER NOT NULL,
    char_end        INTEGER NOT NULL,
    evidence        VARCHAR             -- known | suffix | facility | quoted | listed | context (programs.EVIDENCE)
);
-- Databases made before `evidence` existed get it here (their mentions were all known or suffix).
ALTER TABLE core_program_mentions ADD COLUMN IF NOT EXISTS evidence VARCHAR;

-- What the last derived build (comparison, export) was made from, so a rerun with nothing new
-- can skip it.
CREATE TABLE IF NOT EXISTS meta_fingerprints (
    name            VARCHAR   NOT NULL,
    fingerprint     VARCHAR   NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

-- Columns added since the first release, for databases made before them.
ALTER TABLE raw_files ADD COLUMN IF NOT EXISTS n_replacement_chars INTEGER;
ALTER TABLE core_reports ADD COLUMN IF NOT EXISTS file_modified_at TIMESTAMP;
-- The fingerprint of the knowledge files and code a report's rows were extracted with
-- (pipeline/freshness.py); NULL for a report stored before it was kept: re-extracted.
ALTER TABLE core_reports ADD COLUMN IF NOT EXISTS extracted_with VARCHAR;
-- What a build was made from, a hash per part (JSON), so that a rebuild can say what changed.
ALTER TABLE meta_fingerprints ADD COLUMN IF NOT EXISTS parts VARCHAR;

-- Which keys name a particular thing (pipeline.match.is_unnamed, from the knowledge files): filled
-- by each comparison build before the models read it (warehouse/models/10_stg_statements.sql).
CREATE TABLE IF NOT EXISTS meta_pairable_keys (
    metric_key      VARCHAR   NOT NULL,
    pairable        BOOLEAN   NOT NULL
);
