-- Derived tables of the comparison (pipeline/compare.py, pipeline/programs.py). Each is replaced
-- whole by one build inside one transaction; nothing here is edited by hand (corrections/ is).

-- One row per target of period N (report N; a five-year target: its end year), judged against the
-- result stated in report N+1. Values are in the target's unit; gap = result - target.
CREATE TABLE IF NOT EXISTS out_target_vs_result (
    region                VARCHAR NOT NULL,
    period_year           INTEGER NOT NULL,   -- N: the year the target is for (period_end for spans)
    metric_key            VARCHAR,
    metric_name           VARCHAR,
    target_quote          VARCHAR,
    target_value          DOUBLE,
    target_value_high     DOUBLE,
    target_unit           VARCHAR,
    target_qualifier      VARCHAR,
    comparator            VARCHAR,            -- the bound as applied: >=, <=, ~, >, range
    target_kind           VARCHAR,
    result_quote          VARCHAR,
    result_value          DOUBLE,             -- as written in the result's unit
    result_unit           VARCHAR,
    status                VARCHAR NOT NULL,       -- one of records.STATUSES (checks/status_outside_the_list.sql)
    gap                   DOUBLE,             -- result - target, in the target's unit (pp for rates)
    completion_ratio      DOUBLE,             -- result / target for levels and growth floors
    rationale             VARCHAR NOT NULL,
    match_rule            VARCHAR,            -- correction | metric_key | fuzzy | sentence (NULL: no result)
    match_score           DOUBLE,             -- 0-100
    region_key            VARCHAR NOT NULL,
    level                 VARCHAR,
    measure               VARCHAR,
    direction             VARCHAR,            -- higher_better | ceiling
    period_start          INTEGER,
    period_end            INTEGER,
    target_report_year    INTEGER,
    result_report_year    INTEGER,
    target_report_sha256  VARCHAR NOT NULL,
    result_report_sha256  VARCHAR,
    target_metric_seq     INTEGER NOT NULL,
    result_metric_seq     INTEGER,
    corrected             BOOLEAN NOT NULL,
    correction_note       VARCHAR,
    result_char_start     INTEGER,            -- where result_quote lies in the result report's text
    result_char_end       INTEGER
);
ALTER TABLE out_target_vs_result ADD COLUMN IF NOT EXISTS result_char_start INTEGER;
ALTER TABLE out_target_vs_result ADD COLUMN IF NOT EXISTS result_char_end INTEGER;

-- Each target of report N beside last year's result of the same metric, both stated in report N.
CREATE TABLE IF NOT EXISTS out_ambition (
    region                VARCHAR NOT NULL,
    region_key            VARCHAR NOT NULL,
    report_year           INTEGER NOT NULL,
    metric_key            VARCHAR,
    metric_name           VARCHAR,
    measure               VARCHAR,
    target_quote          VARCHAR,
    target_value          DOUBLE,
    target_value_high     DOUBLE,
    target_unit           VARCHAR,
    target_qualifier      VARCHAR,
    previous_result_quote VARCHAR,
    previous_result_value DOUBLE,             -- as written in the result's unit
    previous_result_unit  VARCHAR,
    change                DOUBLE,             -- target - previous result, in the target's unit
    change_ratio          DOUBLE,             -- target / previous result (levels)
    match_rule            VARCHAR,
    match_score           DOUBLE,
    report_sha256         VARCHAR NOT NULL,
    target_metric_seq     INTEGER NOT NULL,
    result_metric_seq     INTEGER
);

-- Low-confidence pairings for a person: pairs made on a fuzzy score alone (paired: confirm, or
-- forbid_pair), and candidates too weak to make (fuzzy_review <= score < fuzzy_accept; not paired:
-- force_pair in the corrections file, or ignore).
CREATE TABLE IF NOT EXISTS out_review_queue (
    comparison            VARCHAR NOT NULL,   -- target_vs_result | ambition
    region                VARCHAR NOT NULL,
    region_key            VARCHAR NOT NULL,
    period_year           INTEGER,
    target_subject        VARCHAR,
    target_quote          VARCHAR,
    result_subject        VARCHAR,
    result_quote          VARCHAR,
    match_score           DOUBLE,
    reason                VARCHAR,
    target_report_sha256  VARCHAR NOT NULL,
    target_metric_seq     INTEGER NOT NULL,
    result_report_sha256  VARCHAR NOT NULL,
    result_metric_seq     INTEGER NOT NULL,
    paired                BOOLEAN             -- true: the pair was made; false: only a candidate
);
-- Databases made before `paired` existed get it here.
ALTER TABLE out_review_queue ADD COLUMN IF NOT EXISTS paired BOOLEAN;

-- A named project followed across the years of one region under a stable id.
CREATE TABLE IF NOT EXISTS out_program_timeline (
    program_id            VARCHAR NOT NULL,   -- kept from the last build, else hash of (region_key, earliest key): programs.assign_ids
    program_name          VARCHAR NOT NULL,   -- as written in this report
    region                VARCHAR NOT NULL,
    region_key            VARCHAR NOT NULL,
    report_year           INTEGER NOT NULL,
    stage                 VARCHAR,
    quote                 VARCHAR,
    match_score           DOUBLE,             -- 100 for the same key, else the fuzzy score
    match_rule            VARCHAR,            -- first | exact_key | stem | affix | fuzzy | correction (program_links.py)
    program_key           VARCHAR NOT NULL,
    report_sha256         VARCHAR NOT NULL,
    mention_seq           INTEGER NOT NULL,
    corrected             BOOLEAN NOT NULL,
    correction_note       VARCHAR,
    evidence              VARCHAR,            -- how the report names it: known | suffix | facility | quoted | listed | context
    stage_order           INTEGER,            -- rank of `stage` in knowledge/stages.csv (0: none)
    display_name          VARCHAR             -- the programme's name as analysts see it: its most written spelling
);
-- Databases made before these columns existed get them here.
ALTER TABLE out_program_timeline ADD COLUMN IF NOT EXISTS evidence VARCHAR;
ALTER TABLE out_program_timeline ADD COLUMN IF NOT EXISTS stage_order INTEGER;
ALTER TABLE out_program_timeline ADD COLUMN IF NOT EXISTS display_name VARCHAR;

-- What each corrections line did in the last build; matched_rows = 0 is a correction to revisit.
CREATE TABLE IF NOT EXISTS out_correction_log (
    line                  INTEGER NOT NULL,
    action                VARCHAR NOT NULL,
    region                VARCHAR,
    period_year           INTEGER,
    matched_rows          INTEGER NOT NULL,
    note                  VARCHAR,
    reason                VARCHAR
);
