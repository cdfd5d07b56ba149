"""The knowledge files themselves: every row readable as its header says, and no word of theirs written
in the pipeline's code instead."""
from __future__ import annotations

import ast
import csv
import re
from functools import cache
from importlib import resources
from pathlib import Path

import pytest

from reportcmp import pipeline
from reportcmp.pipeline import clean, grammar, knowledge, numbers, periods, segment

CSV_FILES = sorted(p.name for p in resources.files("reportcmp.pipeline.knowledge").iterdir() if p.name.endswith(".csv"))
WORD_FILES = sorted(p.name for p in resources.files("reportcmp.pipeline.knowledge").iterdir() if p.name.endswith(".txt"))
PIPELINE_MODULES = sorted(Path(pipeline.__file__).parent.glob("*.py"))


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_row_has_exactly_the_header_s_fields(name):
    """A pattern with an unquoted comma ({0,4}) would split into one field too many and be read cut
    short without a word: every row must have exactly as many fields as the header."""
    lines = [line for line in resources.files("reportcmp.pipeline.knowledge").joinpath(name).read_text(encoding="utf-8")
             .splitlines() if line.strip() and not line.startswith("#")]
    header, *rows = list(csv.reader(lines))
    bad = [(number, row) for number, row in enumerate(rows, start=2) if len(row) != len(header)]
    assert bad == [], f"{name}: rows with another number of fields than {header}"


@pytest.mark.parametrize("name", [n for n in CSV_FILES if n in (
    "target_passage.csv", "target_predicates.csv", "scope_words.csv", "subject_leads.csv", "catalog_affixes.csv",
    "part_words.csv", "heading_words.csv", "page_clutter.csv", "figure_words.csv")])
def test_every_pattern_compiles(name):
    for row in knowledge.rows(name):
        re.compile(row["pattern"])


@pytest.mark.parametrize("read", [
    grammar.figure_words, grammar.movement_words, numbers.rank_words, periods.period_words,
    segment.heading_pattern, clean._clutter,
], ids=["figure_words", "movement_words", "rank_words", "period_words", "heading_words", "page_clutter"])
def test_a_role_no_file_row_has_is_an_error(read):
    """A mistyped role (in code or in a file) is an error, not a list of no words read in silence."""
    with pytest.raises(ValueError, match="unknown role"):
        read("no_such_role")


# --- no knowledge word as a literal in code ---------------------------------------------------------
#
# A word of a knowledge file (two characters or more, at least one Chinese) must not stand in a string
# constant of pipeline/*.py: vocabulary an expert edits lives in pipeline/knowledge/, and the code builds
# its patterns from there. Docstrings and comments may name words (they explain, they do not decide).
# A word is a run of letters and digits between the marks of a pattern or of prose: 增长 in
# "(?:增长|下降)到" is one, 增长 in "全年增长" is not; a character class ([一二三]) holds letters, no word.

# The workbook's texts (workbook_texts.csv: text) are prose shown to the analyst, not words that decide.
PROSE_COLUMNS = frozenset({"note", "description", "text"})
CHARACTER_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")
REGEX_ESCAPE = re.compile(r"\\[A-Za-z]")
BETWEEN_WORDS = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")
CHINESE = re.compile(r"[\u4e00-\u9fff]")

NUMBER_GRAMMAR = ("number grammar: the magnitudes and percent units a value's arithmetic is written for "
                  "(万亿 is 1e12; 个百分点 is compared as a point change), not vocabulary (units.csv is)")
REPORT_FORM = ("the report's fixed form, set by the organic law of congresses and governments, that detection "
               "and line joining are written against (各位代表, 人民政府, 人民代表大会第N次会议上): no open list")
CONSTRUCTION = "the marker of a construction the code is built around, like 、/和/均 beside it"

# (module, the top-level name whose literal holds the word) -> (why, the words allowed; None: any).
# Keep it short: move vocabulary to pipeline/knowledge/, allow only grammar.
ALLOWED: dict[tuple[str, str | None], tuple[str, frozenset[str] | None]] = {
    ("numbers.py", "MAGNITUDES"): (NUMBER_GRAMMAR, frozenset({"千亿", "百亿"})),
    ("numbers.py", "BARE_MAGNITUDES"): (NUMBER_GRAMMAR, frozenset({"千亿", "百亿"})),
    ("clean.py", "_UNIT_AT_START"): (NUMBER_GRAMMAR + "; a figure broken from its unit by a line break "
                                     "(74.4 / 万亿元) is joined before any unit is read", frozenset({"个百分点"})),
    ("verdict.py", "PERCENT_UNITS"): (NUMBER_GRAMMAR + "; 成 is not one (三成 is written 3)",
                                      frozenset({"个百分点", "百分点"})),
    ("statements.py", "sentence_statements"): (CONSTRUCTION + ": the 分别-list (城乡居民收入分别增长5%、7%)",
                                               frozenset({"分别"})),
    ("passage.py", "SUBJECT_LIST_BREAK"): (CONSTRUCTION + ": a conjunction", frozenset({"以及"})),
    ("metadata.py", "OPENING"): (REPORT_FORM, frozenset({"人民", "政府"})),
    ("metadata.py", "NPC_SESSION"): (REPORT_FORM, frozenset({"次会议"})),
    ("metadata.py", "REPORT_SIGNALS"): (REPORT_FORM, frozenset({"各位代表"})),
    ("metadata.py", "detect_meta"): (REPORT_FORM + "; named in a message to the user", frozenset({"各位代表"})),
    ("metadata.py", "opening_level_word"): (REPORT_FORM, frozenset({"政府"})),
    ("clean.py", "_HEADING_START"): (REPORT_FORM, frozenset({"各位代表", "各位委员"})),
    ("clean.py", "_SESSION_LINE_HEAD"): (REPORT_FORM, frozenset({"大会"})),
    ("clean.py", "_SESSION_LINE_TAIL"): (REPORT_FORM, frozenset({"会议上"})),
    ("records.py", "NATIONAL_REGION"): ("the national region's name as the product writes it in region columns "
                                        "(CONTRACT.md)", frozenset({"全国"})),
    ("cli_help.py", "EXAMPLES"): ("example commands in --help, written for a user to copy: prose, not words the "
                                  "product decides by", None),
    ("evaluate_match.py", "THING_LEAD_WORDS"): ("the evaluator's own rule, kept apart from the product's knowledge so "
                                          "that the measure does not move with what it measures", None),
    ("evaluate_match.py", "THING_TAIL_WORDS"): ("the evaluator's own rule, as THING_LEAD_WORDS", None),
    ("evaluate_match.py", "same_quantity"): ("the evaluator's own unit rule (labels give a fall in points unsigned), "
                                       "apart from the product's knowledge", frozenset({"个百分点"})),
}


def words_of(text: str) -> set[str]:
    """The words of a pattern, a literal or a knowledge value: two characters or more, one Chinese."""
    text = REGEX_ESCAPE.sub(" ", CHARACTER_CLASS.sub(" ", text))
    return {word for word in BETWEEN_WORDS.split(text) if len(word) >= 2 and CHINESE.search(word)}


@cache
def knowledge_words() -> dict[str, str]:
    """Every word of the knowledge files (prose columns left out) -> the first file that has it."""
    found: dict[str, str] = {}
    for name in WORD_FILES:
        for value in knowledge.words(name):
            for word in words_of(value):
                found.setdefault(word, name)
    for name in CSV_FILES:
        for row in knowledge.rows(name):
            for column, value in row.items():
                if column not in PROSE_COLUMNS and value:
                    for word in words_of(value):
                        found.setdefault(word, name)
    return found


def literal_words(source: str) -> list[tuple[str | None, int, str]]:
    """(top-level name, line, word) of the words of every string constant that is no docstring.
    The name is the function, class or assigned name the constant belongs to (None for others)."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for top in tree.body:
        owner = getattr(top, "name", None)
        if isinstance(top, (ast.Assign, ast.AnnAssign)):
            targets = top.targets if isinstance(top, ast.Assign) else [top.target]
            owner = next((t.id for t in targets if isinstance(t, ast.Name)), None)
        for node in ast.walk(top):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found += [(owner, node.lineno, word) for word in sorted(words_of(node.value))]
    return found


def knowledge_in_code(module: str, source: str) -> list[str]:
    """The knowledge words of a module's literals that the allow-list does not allow, as messages."""
    vocabulary = knowledge_words()
    bad = []
    for owner, line, word in literal_words(source):
        if word not in vocabulary:
            continue
        allowed = ALLOWED.get((module, owner)) or ALLOWED.get((module, None))
        if allowed is not None and (allowed[1] is None or word in allowed[1]):
            continue
        bad.append(f"{module}:{line} ({owner}): {word} is a word of knowledge/{vocabulary[word]}")
    return bad


@pytest.mark.parametrize("path", PIPELINE_MODULES, ids=lambda p: p.name)
def test_no_knowledge_word_is_a_literal_in_code(path):
    """Vocabulary moves to pipeline/knowledge/ and the code builds its patterns from there (as
    pipeline/periods.py does); grammar the code is written around may stay, named in ALLOWED."""
    assert knowledge_in_code(path.name, path.read_text(encoding="utf-8")) == []


def test_every_allowed_literal_is_still_there():
    """An entry of ALLOWED (or a word of one) that left the code goes too: the list stays short."""
    vocabulary = knowledge_words()
    used: dict[tuple[str, str | None], set[str]] = {key: set() for key in ALLOWED}
    for path in PIPELINE_MODULES:
        for owner, _, word in literal_words(path.read_text(encoding="utf-8")):
            for key in ((path.name, owner), (path.name, None)):
                if key in used and word in vocabulary:
                    used[key].add(word)
    stale = {key: sorted((words or set()) - used[key]) or "no word left"
             for key, (_, words) in ALLOWED.items() if not used[key] or (words and words - used[key])}
    assert stale == {}


LEAKY_MODULE = '''"""A docstring may name 增长 and 下降."""
import re

# so may a comment: 增长
CHANGE = re.compile(r"(?:增长|下降)(?:到|至)")
YEAR = re.compile(r"(?:19|20)\\d\\d年[一二三]")


def lead(subject):
    """全年增长 is one word here, and a docstring."""
    return subject.removeprefix("全年") + "增长率"
'''


def test_a_knowledge_word_in_a_pattern_or_a_literal_is_found():
    """The check above can fail: 增长 and 下降 in a pattern and 全年 in a literal are found; the
    docstrings, the comment, a character class and a regex escape are not."""
    found = knowledge_in_code("leaky.py", LEAKY_MODULE)
    assert sorted(message.split(" is a word")[0] for message in found) == [
        "leaky.py:11 (lead): 全年", "leaky.py:11 (lead): 增长率", "leaky.py:5 (CHANGE): 下降", "leaky.py:5 (CHANGE): 增长"]


@pytest.mark.parametrize("text, words", [
    (r"(?:增长|下降)(?:到|至)", {"增长", "下降"}),
    (r"(?:19|20)\d\d年(?!以来|以前)", {"以来", "以前"}),
    (r"“?十[一二三四五六七八九]?五”?(?:时期|期间)", {"时期", "期间"}),
    ("全年增长", {"全年增长"}),
    ("PM2.5|5G基站", {"5G基站"}),
])
def test_the_words_of_a_pattern(text, words):
    assert words_of(text) == words
