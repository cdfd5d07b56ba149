-- The two comparisons and their blocks. target_vs_result: a target of N against the results of N in
-- the report of N+1 (block: region and year). ambition: a one-year figure target of report N against
-- the same report's result for N-1 (block: the report).
CREATE OR REPLACE VIEW int_comparison_targets AS
SELECT 'target_vs_result' AS comparison, block, sid, metric_key, family, is_span, dimension, pairable
FROM int_targets
UNION ALL
SELECT 'ambition', report_sha256, sid, metric_key, family, is_span, dimension, pairable
FROM int_targets
WHERE period_year = report_year AND target_kind IS DISTINCT FROM 'qualitative';

CREATE OR REPLACE VIEW int_comparison_results AS
SELECT 'target_vs_result' AS comparison, block, sid, metric_key, family, is_span, dimension, pairable,
       part, metric_seq
FROM int_results
UNION ALL
SELECT 'ambition', report_sha256, sid, metric_key, family, is_span, dimension, pairable, part, metric_seq
FROM int_results
WHERE period_year = report_year - 1;
