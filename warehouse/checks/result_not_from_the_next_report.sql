-- The result of a target for year N comes from the report of N+1 of the same region (a figure
-- stated in any other report cannot be it).
SELECT c.region, c.period_year, c.target_quote, c.result_quote, r.report_year AS result_report_year,
       r.region_key AS result_region_key
FROM out_target_vs_result c
JOIN core_reports r ON r.report_sha256 = c.result_report_sha256
WHERE r.report_year <> c.period_year + 1 OR r.region_key <> c.region_key;
