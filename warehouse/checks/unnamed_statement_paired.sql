-- A statement that names no particular thing (an lt?: key: 完成投资39.7亿元, 18个项目) is never paired by
-- a rule, only by an analyst's correction.
SELECT c.region, c.period_year, c.target_quote, c.result_quote, c.match_rule
FROM out_target_vs_result c
JOIN core_metrics r ON r.report_sha256 = c.result_report_sha256 AND r.metric_seq = c.result_metric_seq
WHERE c.match_rule IN ('metric_key', 'fuzzy') AND (c.metric_key LIKE 'lt?:%' OR r.metric_key LIKE 'lt?:%');
