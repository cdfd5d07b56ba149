"""Judging every target against the results reported a year later, and each target beside last year's.

The statements, their blocks and rule metric_key's candidates come from the SQL models
(warehouse/models/); pairing by words is pipeline/match.py; the verdict on one pair is
pipeline/verdict.py. `build_comparison` applies the analysts' corrections, decides what no figure
can from the next review's sentences (pipeline/evidence.py) and replaces the out_ tables in one
transaction.
"""
from __future__ import annotations

import logging
from typing import Mapping

import pandas as pd

from reportcmp.pipeline import catalog, evidence, match, predicates
from reportcmp.pipeline import corrections as corrections_mod
from reportcmp.pipeline.config import CompareSettings
from reportcmp.pipeline.grammar import strip_measure_words
from reportcmp.pipeline.verdict import Verdict, direction_of, result_in_target_unit, status_of

log = logging.getLogger("reportcmp")
log = logging.getLogger("reportcmp")


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain values; much faster than DataFrame.to_dict on object columns."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def _rows_by_sid(frame: pd.DataFrame, sids: set) -> dict[str, dict]:
    """sid -> row of the statements among `sids` only: the rest are never looked at."""
    return {row["sid"]: row for row in records(frame[frame["sid"].isin(sids)])}


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns with None for missing values: rows then read as plain Python values."""
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def load_statements(con) -> tuple[pd.DataFrame, pd.DataFrame, dict[tuple[str, int], str]]:
    """(targets, results, reports) of the comparison target_vs_result, as the SQL models give them
    (warehouse/models/: the year rule, one target per restated figure, the blocks); reports:
    (region_key, report_year) -> report_sha256 of every report."""
    targets = _plain(con.execute("SELECT * FROM int_targets ORDER BY region_key, report_year, metric_seq").df())
    results = _plain(con.execute("SELECT * FROM int_results ORDER BY region_key, report_year, metric_seq").df())
    reports = {(key, year): sha for key, year, sha in
               con.execute("SELECT region_key, report_year, report_sha256 FROM core_reports").fetchall()}
    return targets, results, reports


def load_ambition_statements(con) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The annual figure targets of each report and the same report's results for the year before
    (warehouse/models/40_int_comparisons.sql), each with its block: the report."""
    frames = []
    for kind in ("targets", "results"):
        frames.append(_plain(con.execute(
            f"SELECT s.* REPLACE (c.block AS block) FROM int_{kind} s "
            f"JOIN int_comparison_{kind} c ON c.sid = s.sid AND c.comparison = 'ambition' "
            f"ORDER BY s.region_key, s.report_year, s.metric_seq").df()))
    return frames[0], frames[1]


def refresh_pairable_keys(con) -> None:
    """meta_pairable_keys from the knowledge of this run: which keys name a particular thing
    (match.is_unnamed needs jieba and the generic words, which SQL has not)."""
    keys = [key for (key,) in con.execute("SELECT DISTINCT metric_key FROM core_metrics").fetchall()]
    frame = pd.DataFrame({"metric_key": keys, "pairable": [not match.is_unnamed(k) for k in keys]})
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM meta_pairable_keys")
        if not frame.empty:
            con.execute("INSERT INTO meta_pairable_keys SELECT metric_key, pairable FROM frame")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def key_candidates(con, comparison: str) -> pd.DataFrame:
    """Rule metric_key's candidates of one comparison, best first (warehouse/models/50_int_key_candidates.sql)."""
    return con.execute("SELECT target_sid, result_sid, candidate_rank FROM int_key_candidates "
                       "WHERE comparison = ? ORDER BY target_sid, candidate_rank", [comparison]).df()


def _compare_settings(settings) -> CompareSettings:
    """Accept the whole Settings (flows pass it) or just its CompareSettings."""
    return getattr(settings, "compare", settings)


class _Applied:
    """What the corrections did: forced and forbidden pairs, notes per statement, log lines."""

    def __init__(self) -> None:
        self.forced: list[tuple[str, str]] = []
        self.forbidden: set[tuple[str, str]] = set()
        self.statuses: dict[str, tuple[str, object]] = {}
        self.notes: dict[str, list[str]] = {}
        self.log: list[dict] = []

    def note(self, sids, fix) -> None:
        for sid in sids:
            self.notes.setdefault(sid, []).append(fix.note)

    def logged(self, fix, matched: int, note: str) -> None:
        self.log.append({"line": fix.line, "action": fix.action, "region": fix.region,
                         "period_year": fix.period_year, "matched_rows": matched, "note": note,
                         "reason": fix.reason})
        if matched == 0:
            log.warning("corrections line %d (%s) matched nothing: %s", fix.line, fix.action, note)


def apply_corrections(targets: pd.DataFrame, results: pd.DataFrame, fixes) -> _Applied:
    """Fix values in place and collect forced/forbidden pairs and hand-set statuses."""
    applied = _Applied()
    for fix in fixes:
        if fix.action not in corrections_mod.PAIR_ACTIONS:
            continue
        t_mask = corrections_mod.select_targets(targets, fix)
        if fix.action == "fix_value":
            frame = targets if fix.target_quote_contains else results
            mask = t_mask if fix.target_quote_contains else corrections_mod.select_results(results, fix)
            for index in frame.index[mask]:
                old, base = frame.at[index, "value"], frame.at[index, "value_base"]
                frame.at[index, "value"] = fix.value
                if old and base is not None:
                    frame.at[index, "value_base"] = base * fix.value / old
            applied.note(frame.loc[mask, "sid"], fix)
            applied.logged(fix, int(mask.sum()), f"value set to {fix.value:g}" if mask.any() else "no statement matched")
        elif fix.action == "set_status":
            for sid in targets.loc[t_mask, "sid"]:
                applied.statuses[sid] = (fix.status, fix)
            applied.logged(fix, int(t_mask.sum()), f"status set to {fix.status}" if t_mask.any() else "no target matched")
        else:
            r_mask = corrections_mod.select_results(results, fix)
            t_sids, r_sids = list(targets.loc[t_mask, "sid"]), list(results.loc[r_mask, "sid"])
            if fix.action == "force_pair" and r_sids:
                applied.forced += [(t, r_sids[0]) for t in t_sids]
            elif fix.action == "forbid_pair":
                applied.forbidden |= {(t, r) for t in t_sids for r in r_sids}
            matched = len(t_sids) if r_sids else 0
            applied.note(t_sids if r_sids else [], fix)
            what = f"{len(t_sids)} target(s), {len(r_sids)} result(s)"
            applied.logged(fix, matched, what if matched else f"nothing to pair: {what}")
    return applied


def _best_references(results: pd.DataFrame) -> dict[tuple[str, str], dict]:
    """(block, metric_key) -> the result a relative target refers to: the growth in percent (never the
    level: 2370.3亿元 is no growth), single-year, review, first."""
    results = results[(results["measure"] == "growth") & (results["unit"] == "%")]
    ranked = results.assign(
        _span=results["period_year"].isna(), _not_review=results["part"] != "review",
    ).sort_values(["_span", "_not_review", "metric_seq"])
    first = ranked.drop_duplicates(["block", "metric_key"])
    return {(b, k): row for b, k, row in zip(first["block"], first["metric_key"], records(first))}


class PairedPopulations:
    """A target for a pair written as one (城乡居民人均可支配收入增长7%) when the next report states
    each of the pair instead (城镇…增长5.8%, 农村…增长6.8%): both are judged, and the target gets their
    status when they agree; when they do not, it is unverifiable, both figures in the rationale. The
    pairs are knowledge/pair_words.csv."""

    def __init__(self, results: pd.DataFrame) -> None:
        self.index: dict[tuple, dict] = {}
        ranked = results.sort_values(["metric_seq"]) if not results.empty else results
        for row in records(ranked) if not ranked.empty else []:
            key = (row["block"], row["metric_key"], match.measure_family(row["measure"]), row["period_year"] is None)
            self.index.setdefault(key, row)

    def judge(self, target: Mapping, direction: str, settings: CompareSettings) -> tuple[Verdict, dict] | None:
        from reportcmp.pipeline.lists import paired_parts

        parts = paired_parts(target["subject"] or "")
        if not parts:
            return None
        family = match.measure_family(target["measure"])
        found = []
        for part in parts:
            key, _ = catalog.metric_for(part, target["measure"], "percent" if target["unit"] == "%" else None)
            row = self.index.get((target["block"], key, family, target["period_year"] is None))
            if row is None:
                return None
            found.append((part, row, status_of(target, row, direction, settings)))
        statuses = {verdict.status for _, _, verdict in found}
        said = "; ".join(f"{part}: {verdict.rationale}" for part, _, verdict in found)
        quote = "；".join(dict.fromkeys(row["quote"] for _, row, _ in found))
        first = found[0][1]
        result = {**first, "quote": quote, "value": None if len(statuses) > 1 else first["value"]}
        if len(statuses) == 1:
            verdict = found[0][2]._replace(rationale=f"set for both of the pair, judged on each — {said}")
        else:
            verdict = Verdict("unverifiable", found[0][2].comparator_applied, None, None,
                              f"set for both of the pair, which the next report gives apart and which "
                              f"disagree — {said}")
        return verdict, result


class ReviewSentences:
    """The verdict clauses of each report's review of one year (or of a span). The review paragraphs'
    texts are read in one query when a target first needs them (one query per report cost ~13 ms:
    DuckDB scans the text columns for a point lookup)."""

    def __init__(self, con) -> None:
        self.con = con
        self.paragraphs: dict[tuple, list[tuple[int, str]]] | None = None
        self.cache: dict[tuple, list[evidence.Clause]] = {}

    def of(self, report_sha256: str, period_start: int, period_end: int) -> list[evidence.Clause]:
        key = (report_sha256, period_start, period_end)
        if key not in self.cache:
            self.cache[key] = evidence.verdict_clauses(self.texts(report_sha256, period_start, period_end))
        return self.cache[key]

    def texts(self, report_sha256: str, period_start: int, period_end: int) -> list[tuple[int, str]]:
        """(char_start, text) of each review paragraph of that report about that year or span."""
        if self.paragraphs is None:
            self.paragraphs = {}
            rows = self.con.execute(
                "SELECT p.report_sha256, p.period_start, p.period_end, p.char_start, "
                "       substr(r.clean_text, p.char_start + 1, p.char_end - p.char_start) "
                "FROM core_paragraphs p JOIN core_reports r USING (report_sha256) "
                "WHERE p.part = 'review' AND p.period_start = p.period_end "
                "   OR p.part = 'five_year_review' ORDER BY p.report_sha256, p.paragraph").fetchall()
            for sha, start, end, char_start, text in rows:
                self.paragraphs.setdefault((sha, start, end), []).append((char_start, text))
        return self.paragraphs.get((report_sha256, period_start, period_end), [])


def _states_subject(result: Mapping, target: Mapping) -> bool:
    """The result is of the target's metric, its subject without the words of the promised change names the result's
    catalog metric (细颗粒物（PM2.5）浓度|下降 of PM2.5浓度), or the two subjects are one spelled alike (利用省外资金,
    实际利用省外资金: knowledge/subject_aliases.csv); not a part of it (生产总值 of 单位生产总值能耗), nor a subject
    holding it (人均生产总值 of 生产总值, 对美出口 of 出口)."""
    if target["metric_key"] and result["metric_key"] == target["metric_key"]:
        return True
    promised = strip_measure_words(target["subject"] or "")[0]
    key = catalog.catalog_metric(promised, result["measure"], None)
    if key is not None and key == result["metric_key"]:
        return True
    said, promised = (match.normalize_subject(catalog.normalize_subject(s)) for s in (result["subject"] or "", promised))
    return bool(promised) and said == promised


def decide_by_sentence(target: Mapping, verdict: Verdict, next_sha: str, year: int,
                       reviews: ReviewSentences) -> evidence.Evidence | None:
    """A sentence of the next report's review that decides what no figure did: a completion or a
    place held (qualitative targets), or a target said not to be reached (a figure not repeated)."""
    kind = target["target_kind"]
    if kind == "qualitative" and verdict.status == "unverifiable":
        judged = predicates.judged(target["predicate"])
        if judged not in ("completion", "maintain"):
            return _stated(target, next_sha, year, reviews)
        object_words = evidence.distinctive_words(target["predicate"]) if judged == "maintain" else ()
        negative_only = False
    elif kind == "numeric" and verdict.status == "not_reported":
        judged, object_words, negative_only = "completion", (), True
    else:
        return None
    subject_words = evidence.distinctive_words(target["subject"] or "", match.normalize_subject(target["subject"] or ""))
    start = target["period_start"] if target["period_year"] is None else year
    clauses = reviews.of(next_sha, start, year)
    if not clauses:
        return None
    return evidence.find(clauses, subject_words, object_words, judged, negative_only=negative_only,
                         spelled=match.normalize_subject)


def _stated(target: Mapping, next_sha: str, year: int, reviews: ReviewSentences) -> evidence.Evidence | None:
    """A figureless target promising a state (国际收支基本平衡, 生态环境质量持续改善: knowledge/state_words.csv)
    that the next report's review of its year writes of the same subject, held or not (evidence.find_state)."""
    states = evidence.state_promised(target["predicate"])
    if states is None or target["period_year"] is None:
        return None
    return evidence.find_state(reviews.texts(next_sha, year, year), target["subject"] or "", *states,
                               spelled=match.normalize_subject)


def judge_targets(targets, results, reports, pairing: match.Pairing, applied: _Applied,
                  settings: CompareSettings, reviews: ReviewSentences | None = None,
                  next_reports: dict[str, str] | None = None) -> pd.DataFrame:
    """One row of out_target_vs_result per target. next_reports: target sid -> present, pending or
    missing (the model int_next_report); without it, a target whose next report is absent is pending."""
    next_reports = next_reports or {}
    paired = dict(zip(pairing.pairs["target_sid"], zip(pairing.pairs["result_sid"], pairing.pairs["match_rule"],
                                                       pairing.pairs["match_score"])))
    nearest = dict(zip(pairing.nearest["target_sid"], pairing.nearest["result_sid"]))
    result_rows = _rows_by_sid(results, set(pairing.pairs["result_sid"]) | set(nearest.values()))
    referenced = set(targets.loc[targets["target_kind"] == "relative", "reference_metric_key"])
    references = _best_references(results[results["metric_key"].isin(referenced)])
    by_pair = PairedPopulations(results)
    rows = []
    for target in records(targets):
        sid, year = target["sid"], int(target["target_year"])
        direction = direction_of(target["metric_key"], target["measure"])
        result_sid, rule, score = paired.get(sid, (None, None, None))
        result = result_rows.get(result_sid)
        next_report = next_reports.get(sid) or (
            "present" if (target["region_key"], year + 1) in reports else "pending")
        if next_report == "pending":
            verdict = Verdict("pending", None, None, None, f"no report of {year + 1} for {target['region']} yet")
        elif next_report == "missing":
            verdict = Verdict("no_next_report", None, None, None,
                              f"the report of {year + 1} for {target['region']} is missing from the series "
                              f"(later years are in): ingest it to judge this target")
        else:
            if target["target_kind"] == "relative":
                ref = references.get((target["block"], target["reference_metric_key"]))
                target = {**target, "reference_value": ref and ref["value"],
                          "reference_name": ref and (ref["metric_name"] or ref["subject"])}
            # the nearest statement of an unpaired qualitative target decides a promised rise or fall, and is shown
            # as its result, only when it states the target's subject: 全市生产总值…年均增长12% decides no
            # 高新技术产业增加值占GDP的比重不断提高, and 生产总值增长6% is no result of 单位生产总值能耗
            near = result_rows.get(nearest.get(sid)) if result is None else None
            if near is not None and not _states_subject(near, target):
                near, other = None, near
            else:
                other = None
            if target["target_kind"] == "qualitative" and near is not None:
                result = near
            verdict = status_of(target, result, direction, settings)
            if verdict.status == "unverifiable" and result is None:
                result = near
            if verdict.status == "unverifiable" and other is not None:
                verdict = verdict._replace(rationale=f"{verdict.rationale}; nearest statement, of another subject: "
                                                     f"{other['quote']}")
            if verdict.status == "not_reported" and target["target_kind"] == "numeric":
                both = by_pair.judge(target, direction, settings)
                if both is not None:
                    verdict, result = both
                    rule, score, result_sid = "pair", None, result["sid"]
            found = reviews and decide_by_sentence(target, verdict, reports[(target["region_key"], year + 1)],
                                                   year, reviews)
            if found:
                said = "done" if found.status == "met" else "not done"
                if found.state:
                    said = f"{'held' if found.status == 'met' else 'not held'} ({found.state})"
                verdict = Verdict(found.status, verdict.comparator_applied, None, None,
                                  f"the {year + 1} report's review says it was {said}, naming {found.word}: "
                                  f"「{found.quote}」")
                result = {"quote": found.quote, "value": None, "unit": None, "report_year": year + 1,
                          "report_sha256": reports[(target["region_key"], year + 1)], "metric_seq": None,
                          "char_start": found.char_start, "char_end": found.char_end, "sid": None}
                result_sid, rule, score = None, "sentence", None
        notes = list(applied.notes.get(sid, []))
        if result is not None:
            notes += [n for n in applied.notes.get(result["sid"], []) if n not in notes]
        if sid in applied.statuses:
            status, fix = applied.statuses[sid]
            verdict = verdict._replace(status=status, rationale=f"set by hand: {fix.reason} (the machine said: "
                                                                 f"{verdict.status}; {verdict.rationale})")
            notes.append(fix.note)
        rows.append({
            "region": target["region"], "period_year": year, "metric_key": target["metric_key"],
            "metric_name": target["metric_name"], "target_quote": target["quote"],
            "target_value": target["value"], "target_value_high": target["value_high"],
            "target_unit": target["unit"], "target_qualifier": target["qualifier"],
            "comparator": verdict.comparator_applied, "target_kind": target["target_kind"],
            "result_quote": result and result["quote"], "result_value": result and result["value"],
            "result_unit": result and result["unit"], "status": verdict.status, "gap": verdict.gap,
            "completion_ratio": verdict.completion_ratio, "rationale": verdict.rationale,
            "match_rule": rule if result_sid or rule == "sentence" else None,
            "match_score": score if result_sid else None,
            "region_key": target["region_key"], "level": target["level"], "measure": target["measure"],
            "direction": direction, "period_start": target["period_start"], "period_end": target["period_end"],
            "target_report_year": target["report_year"], "result_report_year": result and result["report_year"],
            "target_report_sha256": target["report_sha256"],
            "result_report_sha256": result and result["report_sha256"],
            "target_metric_seq": target["metric_seq"], "result_metric_seq": result and result["metric_seq"],
            "corrected": bool(notes), "correction_note": "; ".join(notes) or None,
            "result_char_start": result and result["char_start"], "result_char_end": result and result["char_end"],
        })
    return pd.DataFrame(rows, columns=OUT_TARGET_VS_RESULT)


OUT_TARGET_VS_RESULT = [
    "region", "period_year", "metric_key", "metric_name", "target_quote", "target_value", "target_value_high",
    "target_unit", "target_qualifier", "comparator", "target_kind", "result_quote", "result_value", "result_unit",
    "status", "gap", "completion_ratio", "rationale", "match_rule", "match_score", "region_key", "level",
    "measure", "direction", "period_start", "period_end", "target_report_year", "result_report_year",
    "target_report_sha256", "result_report_sha256", "target_metric_seq", "result_metric_seq",
    "corrected", "correction_note", "result_char_start", "result_char_end",
]
OUT_AMBITION = [
    "region", "region_key", "report_year", "metric_key", "metric_name", "measure", "target_quote", "target_value",
    "target_value_high", "target_unit", "target_qualifier", "previous_result_quote", "previous_result_value",
    "previous_result_unit", "change", "change_ratio", "match_rule", "match_score", "report_sha256",
    "target_metric_seq", "result_metric_seq",
]
OUT_REVIEW = [
    "comparison", "region", "region_key", "period_year", "target_subject", "target_quote", "result_subject",
    "result_quote", "match_score", "reason", "target_report_sha256", "target_metric_seq",
    "result_report_sha256", "result_metric_seq", "paired",
]


def build_ambition(targets: pd.DataFrame, results: pd.DataFrame, pairing: match.Pairing) -> pd.DataFrame:
    paired = dict(zip(pairing.pairs["target_sid"], zip(pairing.pairs["result_sid"], pairing.pairs["match_rule"],
                                                       pairing.pairs["match_score"])))
    result_rows = _rows_by_sid(results, set(pairing.pairs["result_sid"]))
    rows = []
    for target in records(targets):
        result_sid, rule, score = paired.get(target["sid"], (None, None, None))
        result = result_rows.get(result_sid)
        previous = result_in_target_unit(target, result) if result is not None else None
        change = None if previous is None or target["value"] is None else round(target["value"] - previous, 6)
        ratio = (round(target["value"] / previous, 4)
                 if previous and target["value"] is not None and target["measure"] == "level" else None)
        rows.append({
            "region": target["region"], "region_key": target["region_key"], "report_year": target["report_year"],
            "metric_key": target["metric_key"], "metric_name": target["metric_name"], "measure": target["measure"],
            "target_quote": target["quote"], "target_value": target["value"],
            "target_value_high": target["value_high"], "target_unit": target["unit"],
            "target_qualifier": target["qualifier"], "previous_result_quote": result and result["quote"],
            "previous_result_value": result and result["value"], "previous_result_unit": result and result["unit"],
            "change": change, "change_ratio": ratio, "match_rule": rule, "match_score": score,
            "report_sha256": target["report_sha256"], "target_metric_seq": target["metric_seq"],
            "result_metric_seq": result and result["metric_seq"],
        })
    return pd.DataFrame(rows, columns=OUT_AMBITION)


def review_rows(comparison: str, targets, results, pairing: match.Pairing) -> pd.DataFrame:
    if pairing.review.empty:
        return pd.DataFrame(columns=OUT_REVIEW)
    t = targets.set_index("sid")
    r = results.set_index("sid")
    rows = []
    for t_sid, r_sid, score, reason, paired in pairing.review.itertuples(index=False):
        target, result = t.loc[t_sid], r.loc[r_sid]
        rows.append({
            "comparison": comparison, "region": target["region"], "region_key": target["region_key"],
            "period_year": target["period_year"] if target["period_year"] is not None else target["period_end"],
            "target_subject": target["subject"] or target["metric_name"], "target_quote": target["quote"],
            "result_subject": result["subject"] or result["metric_name"], "result_quote": result["quote"],
            "match_score": score, "reason": reason, "paired": bool(paired),
            "target_report_sha256": target["report_sha256"], "target_metric_seq": target["metric_seq"],
            "result_report_sha256": result["report_sha256"], "result_metric_seq": result["metric_seq"],
        })
    return pd.DataFrame(rows, columns=OUT_REVIEW)


def _replace(con, table: str, frame: pd.DataFrame) -> None:
    con.execute(f"DELETE FROM {table}")
    if frame.empty:
        return
    con.register("_out", frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _out")
    finally:
        con.unregister("_out")


def build_comparison(con, settings, corrections=()) -> dict:
    """Fill out_target_vs_result, out_ambition, out_review_queue and out_correction_log in one
    transaction. Returns a summary: rows per status and the corrections that matched nothing."""
    settings = _compare_settings(settings)
    refresh_pairable_keys(con)
    targets, results, reports = load_statements(con)
    a_targets, a_results = load_ambition_statements(con)
    applied = apply_corrections(targets, results, corrections)
    pairing = match.pair_statements(targets, results, settings, applied.forced, frozenset(applied.forbidden),
                                    candidates=key_candidates(con, "target_vs_result"))
    next_reports = dict(con.execute("SELECT target_sid, next_report FROM int_next_report").fetchall())
    judged = judge_targets(targets, results, reports, pairing, applied, settings, ReviewSentences(con), next_reports)

    a_pairing = match.pair_statements(a_targets, a_results, settings, candidates=key_candidates(con, "ambition"))
    ambition = build_ambition(a_targets, a_results, a_pairing)
    review = pd.concat([review_rows("target_vs_result", targets, results, pairing),
                        review_rows("ambition", a_targets, a_results, a_pairing)], ignore_index=True)
    log_frame = pd.DataFrame(applied.log, columns=["line", "action", "region", "period_year", "matched_rows",
                                                   "note", "reason"])
    con.execute("BEGIN TRANSACTION")
    try:
        _replace(con, "out_target_vs_result", judged)
        _replace(con, "out_ambition", ambition)
        _replace(con, "out_review_queue", review)
        _replace(con, "out_correction_log", log_frame)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {
        "targets": len(judged),
        "statuses": judged["status"].value_counts().to_dict(),
        "review_queue": len(review),
        "unmatched_corrections": [row["line"] for row in applied.log if row["matched_rows"] == 0],
    }
