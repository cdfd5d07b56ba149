-- Public views of the comparison (CONTRACT.md): the named columns first, in order; more after.

CREATE OR REPLACE VIEW v_target_vs_result AS
SELECT region, period_year, metric_key, metric_name, target_quote, target_value, target_value_high,
       target_unit, target_qualifier, comparator, target_kind, result_quote, result_value,
       result_unit, status, gap, completion_ratio, rationale, match_rule, match_score,
       region_key, level, measure, direction, period_start, period_end,
       target_report_year, result_report_year, corrected, correction_note,
       target_report_sha256, result_report_sha256, target_metric_seq, result_metric_seq,
       result_char_start, result_char_end,
       CASE WHEN period_start IS NULL AND period_end IS NULL THEN 'year' ELSE 'span' END AS period_kind
FROM out_target_vs_result;

CREATE OR REPLACE VIEW v_ambition AS
SELECT region, report_year, metric_key, metric_name, measure,
       target_quote, target_value, target_value_high, target_unit, target_qualifier,
       previous_result_quote, previous_result_value, previous_result_unit, change, change_ratio,
       match_rule, match_score, region_key, report_sha256, target_metric_seq, result_metric_seq
FROM out_ambition;

CREATE OR REPLACE VIEW v_review_queue AS
SELECT comparison, region, period_year, target_subject, target_quote, result_subject, result_quote,
       match_score, paired, reason, region_key,
       target_report_sha256, target_metric_seq, result_report_sha256, result_metric_seq
FROM out_review_queue;

CREATE OR REPLACE VIEW v_correction_log AS
SELECT line, action, region, period_year, matched_rows, note, reason
FROM out_correction_log;
