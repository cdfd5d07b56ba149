-- Public views of ingestion (CONTRACT.md). Columns may be added; named ones keep their meaning.

CREATE OR REPLACE VIEW v_files AS
SELECT path, file_sha256, status, reason, report_sha256, seen_at, n_bytes, n_replacement_chars
FROM raw_files;

CREATE OR REPLACE VIEW v_reports AS
SELECT region, region_code, level, report_year, delivered_on, title, source_file,
       report_sha256 AS sha256, n_chars, ingested_at,
       region_key, source_format, encoding, detected_by, file_modified_at
FROM core_reports;

-- Versions of a region's report for a year that another version replaced (an edited file, a
-- report placed by --region/--year) or that were not kept beside it: nothing ingested is lost.
CREATE OR REPLACE VIEW v_report_history AS
SELECT h.region_key, r.region, h.report_year, h.report_sha256 AS sha256, h.source_file, h.ingested_at,
       h.replaced_at, h.replaced_by
FROM core_report_history h
LEFT JOIN (SELECT DISTINCT region_key, region FROM core_reports) r USING (region_key);

CREATE OR REPLACE VIEW v_metrics AS
SELECT r.region, r.level, r.report_year,
       m.period_year, m.period_start, m.period_end, m.kind,
       m.metric_key, m.metric_name, m.subject, m.measure,
       m.value, m.value_high, m.unit, m.value_base, m.base_unit,
       m.qualifier, m.comparator, m.target_kind, m.reference_metric_key,
       m.paragraph, m.quote, m.char_start, m.char_end, r.source_file,
       r.region_code, r.region_key, m.report_sha256, m.metric_seq, m.predicate,
       CASE WHEN m.period_year IS NULL THEN 'span' ELSE 'year' END AS period_kind
FROM core_metrics m
JOIN core_reports r USING (report_sha256);

-- Every paragraph of every report, with the stored text: any quote can be read in its context
-- (paragraph numbers start at 0, as v_metrics.paragraph; char_start/char_end are offsets into the
-- report's stored text).
CREATE OR REPLACE VIEW v_paragraphs AS
SELECT r.region, r.level, r.report_year, p.paragraph, p.part, p.period_start, p.period_end,
       CASE WHEN p.period_start IS NULL THEN NULL WHEN p.period_start = p.period_end THEN 'year' ELSE 'span' END
           AS period_kind,
       p.heading, substr(r.clean_text, p.char_start + 1, p.char_end - p.char_start) AS text,
       p.char_start, p.char_end, r.region_key, r.report_sha256, r.source_file
FROM core_paragraphs p
JOIN core_reports r USING (report_sha256);
