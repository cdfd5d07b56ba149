-- Public views of the comparison (CONTRACT.md): the named columns first, in order; more after.

-- target_paragraph / result_paragraph: where each quote stands (v_paragraphs, `reportcmp show`).
CREATE OR REPLACE VIEW v_target_vs_result AS
SELECT c.region, c.period_year, c.metric_key, c.metric_name, c.target_quote, c.target_value, c.target_value_high,
       c.target_unit, c.target_qualifier, c.comparator, c.target_kind, c.result_quote, c.result_value,
       c.result_unit, c.status, c.gap, c.completion_ratio, c.rationale, c.match_rule, c.match_score,
       c.region_key, c.level, c.measure, c.direction, c.period_start, c.period_end,
       c.target_report_year, c.result_report_year, c.corrected, c.correction_note,
       c.target_report_sha256, c.result_report_sha256, c.target_metric_seq, c.result_metric_seq,
       c.result_char_start, c.result_char_end,
       CASE WHEN c.period_start IS NULL AND c.period_end IS NULL THEN 'year' ELSE 'span' END AS period_kind,
       t.paragraph AS target_paragraph,
       coalesce(r.paragraph, rp.paragraph) AS result_paragraph
FROM out_target_vs_result c
LEFT JOIN core_metrics t ON t.report_sha256 = c.target_report_sha256 AND t.metric_seq = c.target_metric_seq
LEFT JOIN core_metrics r ON r.report_sha256 = c.result_report_sha256 AND r.metric_seq = c.result_metric_seq
LEFT JOIN core_paragraphs rp ON c.result_metric_seq IS NULL AND rp.report_sha256 = c.result_report_sha256
      AND c.result_char_start >= rp.char_start AND c.result_char_start < rp.char_end;

CREATE OR REPLACE VIEW v_ambition AS
SELECT a.region, a.report_year, a.metric_key, a.metric_name, a.measure,
       a.target_quote, a.target_value, a.target_value_high, a.target_unit, a.target_qualifier,
       a.previous_result_quote, a.previous_result_value, a.previous_result_unit, a.change, a.change_ratio,
       a.match_rule, a.match_score, a.region_key, a.report_sha256, a.target_metric_seq, a.result_metric_seq,
       r.level
FROM out_ambition a
LEFT JOIN core_reports r USING (report_sha256);

CREATE OR REPLACE VIEW v_review_queue AS
SELECT comparison, region, period_year, target_subject, target_quote, result_subject, result_quote,
       match_score, paired, reason, region_key,
       target_report_sha256, target_metric_seq, result_report_sha256, result_metric_seq
FROM out_review_queue;

CREATE OR REPLACE VIEW v_correction_log AS
SELECT line, action, region, period_year, matched_rows, note, reason
FROM out_correction_log;
