-- Staging: every statement with its report's columns, renamed and typed for the comparison.
-- family: growth and decrease are one quantity of opposite signs; dimension: what the value counts
-- (the base unit, else the unit as written); pairable: the key names a particular thing
-- (meta_pairable_keys, filled from knowledge by pipeline/compare.py before each build).
CREATE OR REPLACE VIEW stg_statements AS
SELECT m.report_sha256 || ':' || m.metric_seq AS sid,
       m.report_sha256, m.metric_seq, r.region, r.region_key, r.level, r.report_year,
       m.kind, m.period_year, m.period_start, m.period_end,
       m.metric_key, m.metric_name, m.subject, m.measure,
       m.value, m.value_high, m.unit, m.value_base, m.base_unit,
       m.qualifier, m.comparator, m.target_kind, m.reference_metric_key,
       m.quote, m.predicate, m.char_start, m.char_end,
       p.part,
       CASE WHEN m.measure IN ('growth', 'decrease') THEN 'change' ELSE m.measure END AS family,
       m.period_year IS NULL AS is_span,
       trim(coalesce(nullif(m.base_unit, ''), nullif(m.unit, ''), '')) AS dimension,
       coalesce(k.pairable, false) AS pairable
FROM core_metrics m
JOIN core_reports r USING (report_sha256)
LEFT JOIN core_paragraphs p ON p.report_sha256 = m.report_sha256 AND p.paragraph = m.paragraph
LEFT JOIN meta_pairable_keys k ON k.metric_key = m.metric_key;
