-- pending and no_next_report are only said when the report of N+1 is not in; pending only for the
-- region's latest year or later, no_next_report only before it.
SELECT c.region, c.period_year, c.status
FROM out_target_vs_result c
JOIN (SELECT region_key, max(report_year) AS latest FROM core_reports GROUP BY region_key) l
  ON l.region_key = c.region_key
LEFT JOIN core_reports n ON n.region_key = c.region_key AND n.report_year = c.period_year + 1
WHERE (c.status IN ('pending', 'no_next_report') AND n.report_sha256 IS NOT NULL)
   OR (c.status = 'pending' AND c.period_year < l.latest)
   OR (c.status = 'no_next_report' AND c.period_year >= l.latest);
