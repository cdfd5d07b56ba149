-- A target has one row in the comparison, never two.
SELECT target_report_sha256, target_metric_seq, count(*) AS rows
FROM out_target_vs_result
GROUP BY target_report_sha256, target_metric_seq
HAVING count(*) > 1;
