-- Whether the report that states a target's result exists: present (the report of N+1 is in),
-- pending (N is the region's latest year or later: the report can still come), or missing (a gap in
-- the middle of the region's series, the status no_next_report).
CREATE OR REPLACE VIEW int_next_report AS
SELECT t.sid AS target_sid, n.report_sha256 AS next_report_sha256,
       CASE WHEN n.report_sha256 IS NOT NULL THEN 'present'
            WHEN t.target_year >= latest.report_year THEN 'pending'
            ELSE 'missing' END AS next_report
FROM int_targets t
JOIN (SELECT region_key, max(report_year) AS report_year FROM core_reports GROUP BY region_key) latest
  USING (region_key)
LEFT JOIN core_reports n ON n.region_key = t.region_key AND n.report_year = t.target_year + 1;
