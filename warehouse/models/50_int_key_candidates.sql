-- Rule metric_key: the results of a target's block with the same catalog or long-tail key, the same
-- measure family and the same span-ness, best first: the same unit dimension, then the review part
-- of the target's span (review for one year, five-year review for a span), then the first mention.
-- Only statements that name a particular thing pair. pipeline/match.py takes the first candidate an
-- analyst has not forbidden.
CREATE OR REPLACE VIEW int_key_candidates AS
SELECT t.comparison, t.sid AS target_sid, r.sid AS result_sid,
       row_number() OVER (
           PARTITION BY t.comparison, t.sid
           ORDER BY t.dimension <> r.dimension,
                    r.part IS DISTINCT FROM (CASE WHEN t.is_span THEN 'five_year_review' ELSE 'review' END),
                    r.metric_seq
       ) AS candidate_rank
FROM int_comparison_targets t
JOIN int_comparison_results r
  ON r.comparison = t.comparison AND r.block = t.block AND r.metric_key = t.metric_key
 AND r.family = t.family AND r.is_span = t.is_span
WHERE t.pairable AND r.pairable;
