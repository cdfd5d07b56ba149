-- The year rule for targets: a target is for year N (its period_year, or the end of its span) and
-- was set by the report of N or an earlier one; a target quoted in a later report (年初提出国内生产总值
-- 增长8%左右, in the next year's review) restates an old one and is left out. A report that states one
-- figure for one metric twice (国内生产总值增长6.5%－7% in the passage, again later) gives one target:
-- the first. Statements that name no particular thing are never taken for one another.
-- block: the region and year where its result is looked for.
CREATE OR REPLACE VIEW int_targets AS
WITH dated AS (
    SELECT s.*, coalesce(s.period_year, s.period_end) AS target_year
    FROM stg_statements s
    WHERE s.kind = 'target' AND coalesce(s.period_year, s.period_end) >= s.report_year
)
SELECT dated.*, region_key || '|' || target_year AS block
FROM dated
QUALIFY NOT pairable
     OR row_number() OVER (PARTITION BY report_sha256, target_year, metric_key, family, is_span, value, value_high
                           ORDER BY metric_seq) = 1;
