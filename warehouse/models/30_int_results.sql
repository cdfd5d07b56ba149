-- The year rule for results: the report of N+1 states the results of N — a figure of that one year,
-- or of a span ending in it (compared only with the five-year targets of the same span: pipeline/match.py
-- keeps one-year and span statements apart).
CREATE OR REPLACE VIEW int_results AS
SELECT s.*, s.report_year - 1 AS result_year, s.region_key || '|' || (s.report_year - 1) AS block
FROM stg_statements s
WHERE s.kind = 'result'
  AND (s.period_year = s.report_year - 1 OR (s.period_year IS NULL AND s.period_end = s.report_year - 1));
