-- Public views of the programmes (CONTRACT.md): out_program_timeline (program_links.py) holds one
-- row per mention; an analyst reads one row per programme and report year, or one per programme.

-- One row per programme and report year: the name analysts see (the spelling written in most
-- reports), the stage that year's report gives it (the latest among its mentions, with that
-- mention's quote, rule and score), the spellings written that year, and where the year sits in
-- the programme's run: first and last year seen, reports naming it, the region's report years
-- between first and last that do not.
CREATE OR REPLACE VIEW v_program_timeline AS
WITH mentions AS (
    SELECT *, coalesce(stage_order, 0) * 1000000 - mention_seq AS rank_in_year
    FROM out_program_timeline
),
years AS (
    SELECT program_id, region_key, report_year,
           any_value(display_name) AS program_name,
           arg_max(region, rank_in_year) AS region,
           arg_max(stage, rank_in_year) AS stage,
           arg_max(quote, rank_in_year) AS quote,
           string_agg(DISTINCT program_name, ' | ' ORDER BY program_name) AS names_written,
           arg_max(match_rule, rank_in_year) AS match_rule,
           arg_max(match_score, rank_in_year) AS match_score,
           arg_max(evidence, rank_in_year) AS evidence,
           bool_or(corrected) AS corrected,
           string_agg(DISTINCT correction_note, '; ') AS correction_note,
           arg_max(report_sha256, rank_in_year) AS report_sha256,
           arg_max(mention_seq, rank_in_year) AS mention_seq
    FROM mentions
    GROUP BY program_id, region_key, report_year
),
runs AS (
    SELECT program_id, min(report_year) AS first_year, max(report_year) AS last_year,
           count(*) AS seen_in_reports, list(report_year) AS years_seen
    FROM years
    GROUP BY program_id
),
region_years AS (
    SELECT region_key, list(DISTINCT report_year ORDER BY report_year) AS report_years
    FROM core_reports
    GROUP BY region_key
)
SELECT y.program_id, y.program_name, y.region, y.report_year, y.stage, y.quote,
       r.first_year, r.last_year, r.seen_in_reports,
       array_to_string(list_filter(g.report_years, lambda x: x > r.first_year AND x < r.last_year
                                                      AND NOT list_contains(r.years_seen, x)), ', ')
           AS missing_years,
       y.names_written, y.match_rule, y.match_score, y.evidence, y.region_key,
       y.corrected, y.correction_note, y.report_sha256, y.mention_seq
FROM years y
JOIN runs r USING (program_id)
LEFT JOIN region_years g USING (region_key);

-- One row per programme: its years with the stage of each, the years it is missing in between,
-- and every spelling; `recurring` when seen in at least 3 reports (the workbook lists those first).
CREATE OR REPLACE VIEW v_programs AS
WITH spellings AS (
    SELECT program_id, string_agg(DISTINCT program_name, ' | ' ORDER BY program_name) AS names_written
    FROM out_program_timeline
    GROUP BY program_id
)
SELECT t.program_id, any_value(t.program_name) AS program_name, arg_max(t.region, t.report_year) AS region,
       t.seen_in_reports, t.seen_in_reports >= 3 AS recurring, t.first_year, t.last_year,
       string_agg(t.report_year::VARCHAR || coalesce(' ' || t.stage, ''), ', ' ORDER BY t.report_year) AS years,
       any_value(t.missing_years) AS missing_years,
       arg_max(t.stage, t.report_year) AS latest_stage,
       any_value(s.names_written) AS names_written,
       t.region_key
FROM v_program_timeline t
JOIN spellings s USING (program_id)
GROUP BY t.program_id, t.region_key, t.first_year, t.last_year, t.seen_in_reports;
