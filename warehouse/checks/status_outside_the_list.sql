-- Every status is one of CONTRACT.md's.
SELECT region, period_year, target_quote, status
FROM out_target_vs_result
WHERE status NOT IN ('exceeded', 'met', 'missed', 'not_reported', 'pending', 'no_next_report', 'unverifiable');
