-- A one-year target is never judged by a five-year figure, nor the reverse.
SELECT c.region, c.period_year, c.target_quote, c.result_quote
FROM out_target_vs_result c
JOIN core_metrics t ON t.report_sha256 = c.target_report_sha256 AND t.metric_seq = c.target_metric_seq
JOIN core_metrics r ON r.report_sha256 = c.result_report_sha256 AND r.metric_seq = c.result_metric_seq
WHERE (t.period_year IS NULL) <> (r.period_year IS NULL);
