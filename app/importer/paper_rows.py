"""A paper's 双向细目表 as rows: per question its label, type, points, knowledge points, key, ability, difficulty.

One reader for every table describing questions: a 细目表 file, a gradebook's item sheet or a
separate item file (a `题号, 满分, 知识点` table is a paper with fewer columns). Each question keeps
where it is written, so problems about it are located.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.core.choices import kind_of, normalize_answer
from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.core.problems import Severity
from app.core.text import normalize_header
from app.importer import messages
from app.importer.headers import ColumnRole, names_of, role_of
from app.importer.keyed_tables import KeyedTable, find_keyed_table
from app.importer.limits import MAX_LABEL_CHARS
from app.importer.problem_log import Location, ProblemLog
from app.importer.question_cells import knowledge_points, parse_max
from app.importer.question_labels import label_key
from app.importer.tables import SourceFile, TextTable
from app.importer.titles import find_title, name_from_stem
from app.importer.two_way import LEVELS, TwoWay, find_two_way
from app.importer.values import to_number

PAPER_HEADERS: dict[str, tuple[str, ...]] = {
    "label": (
        "题号",
        "小题号",
        "小题",
        "题目",
        "题目编号",
        "试题",
        "item_id",
        "item",
        "question",
        "question_id",
        "qid",
    ),
    "max": ("分值", "满分", "分数", "满分值", "max_score", "max", "points", "score", "full marks"),
    "kp": ("考查知识点", "知识内容", "考查内容", *names_of(ColumnRole.KNOWLEDGE_POINTS)),
    "kind": ("题型", "题目类型", "题类", "type", "question type", "kind"),
    "key": ("答案", "标准答案", "参考答案", "正确答案", "answer", "answer key", "key"),
    "ability": (
        "能力要求",
        "认知层次",
        "能力层次",
        "能力层级",
        "认知层级",
        "层级",
        "考查能力",
        "ability",
        "cognitive level",
    ),
    "difficulty": ("难度", "预估难度", "难度系数", "预估难度系数", "预设难度", "difficulty"),
    "exam": names_of(ColumnRole.ASSESSMENT),
    "student": names_of(ColumnRole.STUDENT_ID),  # a header naming students is a gradebook, not a paper
}
_DESCRIBING = ("max", "kp", "kind", "key")
_SECTION = re.compile(r"[一二三四五六七八九十]+\s*[、.．]\s*(?!(?:第)?\s*\d)")  # 一、选择题 (not 一、1): a heading
# 难度 as a word: the middle of the bands teachers use (容易 ≥ 0.7, 中档 0.4–0.7, 难 < 0.4, as an expected score rate).
DIFFICULTY_WORDS = {"易": 0.8, "容易": 0.8, "较易": 0.7, "中": 0.55, "中等": 0.55, "适中": 0.55, "中档": 0.55}
DIFFICULTY_WORDS |= {"较难": 0.4, "难": 0.3, "困难": 0.3}
_MARKS = frozenset("✓√✔☑●■★vVxX×1")  # a tick in a 了解 / 理解 … or 易 / 中 / 难 column
_MULTIPLE = ("多选", "多项", "不定项", "multiple")
_SINGLE = ("单选", "单项", "single")
_CHOICE = ("选择", "判断", "choice")


@dataclass(frozen=True)
class PaperRows:
    """A paper as read from a table, with where each question and field is written."""

    paper: Paper
    where: Location  # the table
    rows: tuple[Location, ...]  # each question's row, at its label cell
    columns: dict[str, str | None]  # field -> its header as written
    exams: tuple[str, ...]  # the exam a 考试 column names (empty: any)

    def at(self, index: int, field: str) -> Location:
        """Where question `index` gives `field` (its label cell when the table has no such column)."""
        where = self.rows[index]
        return where.at(where.row, self.columns.get(field) or where.column)


def find_paper_table(source: SourceFile, sheet: str | None = None, skip: TextTable | None = None) -> KeyedTable | None:
    """The first table (of `sheet`, if given; never `skip`) whose header describes questions."""
    return find_keyed_table(source, PAPER_HEADERS, _describes_questions, sheet, skip)


def read_paper_rows(source: SourceFile, sheet: str | None, log: ProblemLog) -> PaperRows | None:
    """The paper in `source` (its sheet `sheet`, if given), logging every bad cell; None (logged) without one."""
    found = find_paper_table(source, sheet)
    if found is None:
        two_way = find_two_way(source, sheet)
        if two_way is not None:
            return _two_way_rows(source, two_way)
        table = source.table(sheet)
        log.add(messages.NO_PAPER_HEADER, Severity.ERROR, table.where(1 if not table.cells.empty else None))
        return None
    table = found.table
    log.keep(table.notes)
    label = found.label("label")
    questions: list[PaperQuestion] = []
    rows: list[Location] = []
    first_rows: dict[str, int] = {}
    exams: list[str] = []
    for row, cells in found.rows():
        text = found.get(cells, "label")
        if not text or _SECTION.match(text) or role_of(text) is ColumnRole.TOTAL or text == label:
            continue  # a blank row, a 大题 heading, the 合计 row, or the second row of a header merged over two
        exams.append(found.get(cells, "exam"))
        where = table.where(row, label)
        key = label_key(text)
        if key in first_rows:
            log.add(messages.DUPLICATE_ITEM, Severity.ERROR, where, messages.duplicate_item(text, first_rows[key]))
            continue
        first_rows[key] = row
        questions.append(_question(found, row, cells, text, log))
        rows.append(where)
    named = list(dict.fromkeys(exam for exam in exams if exam))
    if len(named) > 1:
        where = table.where(found.header_row, found.label("exam"))
        log.add(messages.PAPER_SEVERAL_EXAMS, Severity.ERROR, where, messages.paper_several_exams(named))
    title = find_title(table, found.header_row)
    stem = Path(source.name).stem
    name = named[0] if named else (title.name if title else None) or name_from_stem(stem) or stem
    paper = Paper(name, tuple(questions), title.rest if title else "", source.name)
    columns = {field: found.label(field) for field in PAPER_HEADERS}
    return PaperRows(paper, table.where(), tuple(rows), columns, tuple(named))


def _two_way_rows(source: SourceFile, found: TwoWay) -> PaperRows:
    """A paper read from a two-way table: each question with its knowledge points and level, no full marks."""
    title = find_title(found.table, found.header_row)
    stem = Path(source.name).stem
    name = (title.name if title else None) or name_from_stem(stem) or stem
    paper = Paper(name, found.questions, title.rest if title else "", source.name)
    return PaperRows(paper, found.table.where(), found.rows, {}, ())


def _tick_words(found: KeyedTable) -> list[str]:
    """Each column's level or difficulty word (了解 … 易 / 中 / 难), in the header or the row under it (a 难度 cell
    merged over 易 中 难); "" for other columns."""
    below = found.table.row_texts(found.header_row + 1) if found.header_row < len(found.table.cells) else []
    words = []
    for j, header in enumerate(found.header):
        under = below[j] if j < len(below) else ""
        words.append(next((w for w in (under, header) if w in LEVELS or w in DIFFICULTY_WORDS), ""))
    return words


def _ticked(words: list[str], cells: list[str]) -> tuple[str | None, float | None]:
    """The level and the difficulty a row ticks in columns headed 了解 / 理解 … and 易 / 中 / 难."""
    level = difficulty = None
    for j, word in enumerate(words):
        if not word or j >= len(cells) or not cells[j] or not set(cells[j]) <= _MARKS:
            continue
        if word in LEVELS and level is None:
            level = word
        elif word in DIFFICULTY_WORDS and difficulty is None:
            difficulty = DIFFICULTY_WORDS[word]
    return level, difficulty


def stored_paper_rows(paper: Paper) -> PaperRows:
    """A stored paper as rows: problems about it name the paper (its file, else its name), not a cell."""
    where = Location(paper.source or paper.name)
    return PaperRows(paper, where, tuple(where for _ in paper.questions), {}, ())


def _describes_questions(columns: dict[str, int | None]) -> bool:
    return (
        columns["label"] is not None
        and columns["student"] is None
        and any(columns[field] is not None for field in _DESCRIBING)
    )


def _question(found: KeyedTable, row: int, cells: list[str], label: str, log: ProblemLog) -> PaperQuestion:
    table = found.table
    key = normalize_answer(found.get(cells, "key"))
    difficulty_text = found.get(cells, "difficulty")
    ticked_level, ticked_difficulty = _ticked(_tick_words(found), cells)
    if difficulty_text and set(difficulty_text) <= _MARKS:  # a tick under 难度 merged over 易 中 难
        difficulty_text = ""
    ability = found.get(cells, "ability")
    if set(ability) <= _MARKS:  # blank, or a tick under 能力层级 merged over 了解 理解 掌握
        ability = ""
    if len(label) > MAX_LABEL_CHARS:
        too_long = messages.too_long(messages.QUESTION_LABEL, len(label), MAX_LABEL_CHARS)
        log.add(messages.TOO_LONG, Severity.ERROR, table.where(row, found.label("label")), too_long)
    return PaperQuestion(
        label,
        parse_max(found.get(cells, "max"), table.where(row, found.label("max")), log),
        knowledge_points(found.get(cells, "kp"), table.where(row, found.label("kp")), log),
        _kind(found.get(cells, "kind"), key),
        key,
        ability or ticked_level,
        _difficulty(difficulty_text, table.where(row, found.label("difficulty")), log)
        if difficulty_text
        else ticked_difficulty,
    )


def _kind(text: str, key: str | None) -> QuestionKind:
    """A 题型 as a kind: 单选 / 单项选择 single, 多选 / 多项选择 / 不定项 multiple; a letter key under a plain
    选择题 (or no 题型) by its length; anything else is scored as written."""
    words = normalize_header(text)
    if any(word in words for word in _MULTIPLE):
        return QuestionKind.MULTIPLE
    if any(word in words for word in _SINGLE):
        return QuestionKind.SINGLE
    if key and (not words or any(word in words for word in _CHOICE)):
        return kind_of(key)
    return QuestionKind.OTHER


def _difficulty(text: str, where: Location, log: ProblemLog) -> float | None:
    """A 预估难度 as a score rate: 0.65, 65% and 65 are one difficulty; 易 / 中 / 难 the middle of their band;
    anything else is logged and dropped."""
    if text in DIFFICULTY_WORDS:
        return DIFFICULTY_WORDS[text]
    percent = text.endswith(("%", "％"))
    number = to_number(text.rstrip("%％"))
    if percent or 1 < number <= 100:
        number /= 100
    if 0 <= number <= 1:
        return number
    log.add(messages.BAD_DIFFICULTY, Severity.WARNING, where, messages.bad_difficulty(text))
    return None
