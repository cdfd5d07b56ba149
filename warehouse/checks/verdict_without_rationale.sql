-- Every status has a rationale a person can read; every decided one has the result it was decided on.
SELECT region, period_year, target_quote, status
FROM out_target_vs_result
WHERE coalesce(trim(rationale), '') = ''
   OR (status IN ('exceeded', 'met', 'missed') AND result_quote IS NULL);
