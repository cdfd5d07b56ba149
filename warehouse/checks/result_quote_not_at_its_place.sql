-- A result's quote is the next report's text at its offsets (figures and deciding sentences alike).
SELECT c.region, c.period_year, c.result_quote
FROM out_target_vs_result c
JOIN core_reports r ON r.report_sha256 = c.result_report_sha256
WHERE c.result_char_start IS NOT NULL
  AND substr(r.clean_text, c.result_char_start + 1, c.result_char_end - c.result_char_start) <> c.result_quote;
