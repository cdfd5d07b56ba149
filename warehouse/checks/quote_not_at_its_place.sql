-- Every figure's quote is the stored text at its offsets (an analyst finds it in seconds).
SELECT r.region, r.report_year, m.metric_seq, m.quote
FROM core_metrics m
JOIN core_reports r USING (report_sha256)
WHERE substr(r.clean_text, m.char_start + 1, m.char_end - m.char_start) <> m.quote;
