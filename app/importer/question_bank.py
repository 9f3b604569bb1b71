"""Reading a question bank: practice questions (not part of any exam) tagged with knowledge points."""

from __future__ import annotations

import math
from pathlib import Path

from app.core.gradebook import BankQuestion
from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.text import split_knowledge_points
from app.importer import messages
from app.importer.files import read_source
from app.importer.keyed_tables import KeyedTable, find_keyed_table, no_header
from app.importer.limits import MAX_LABEL_CHARS, MAX_POINTS
from app.importer.prerequisites import POINT_HEADERS
from app.importer.values import to_number

BANK_HEADERS = {
    "id": ("question_id", "id", "item_id", "题号", "编号", "题目编号"),
    "text": ("text", "question", "stem", "题目", "题干", "内容", "题目内容"),
    "points": (*POINT_HEADERS[:-1], "knowledge_points"),
    "max_score": ("max_score", "points", "满分", "分值"),
    "difficulty": ("difficulty", "难度", "难度系数", "p_value"),
    "source": ("source", "出处", "来源"),
}


def read_question_bank(path: Path | str) -> tuple[list[BankQuestion], list[Problem]]:
    """Read a question bank (CSV/XLSX/XLS): `question_id, text, knowledge_points[, max_score, difficulty, source]`.

    `difficulty` is the 难度系数 (typical score rate, 0–1); a value above 1 is read as a percentage.
    """
    try:
        source = read_source(Path(path))
    except GradebookError as error:
        return [], list(error.problems)
    found = find_keyed_table(source, BANK_HEADERS, lambda c: c["text"] is not None and c["points"] is not None)
    if found is None:
        return [], no_header(
            source,
            Text(
                "找不到表头：题库需要“题目”列和“知识点”列。",
                "No header found: a question bank needs a 'text' column and a 'knowledge_points' column.",
            ),
        )
    return _bank_rows(found)


def _bank_rows(found: KeyedTable) -> tuple[list[BankQuestion], list[Problem]]:
    questions: list[BankQuestion] = []
    problems: list[Problem] = list(found.table.notes)
    ids: set[str] = set()
    name, sheet = found.table.file, found.table.sheet
    for row, cells in found.rows():
        text, points = found.get(cells, "text"), split_knowledge_points(found.get(cells, "points"))
        if not text or not points:
            problems.append(
                Problem(
                    Severity.WARNING,
                    Text(
                        "题目或知识点为空，本行已跳过。",
                        "The question text or its knowledge points are blank; row skipped.",
                    ),
                    name,
                    sheet,
                    row,
                )
            )
            continue
        qid = found.get(cells, "id") or f"#{row}"
        labels = [("id", messages.QUESTION_LABEL, qid), *(("points", messages.KNOWLEDGE_POINT, p) for p in points)]
        too_long = [(field, what, text) for field, what, text in labels if len(text) > MAX_LABEL_CHARS]
        for field, what, text in too_long:
            message = messages.too_long(what, len(text), MAX_LABEL_CHARS)
            problems.append(Problem(Severity.ERROR, message, name, sheet, row, found.label(field)))
        if too_long:
            continue
        if qid in ids:
            problems.append(
                Problem(
                    Severity.WARNING,
                    Text(f"题号“{qid}”重复，本行已跳过。", f"Duplicate question id '{qid}'; row skipped."),
                    name,
                    sheet,
                    row,
                    found.label("id"),
                )
            )
            continue
        max_score, difficulty = 1.0, None
        for key in ("max_score", "difficulty"):
            raw = found.get(cells, key)
            if not raw:
                continue
            value = to_number(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
            if math.isnan(value) or (key == "max_score" and value > MAX_POINTS):
                problems.append(
                    Problem(
                        Severity.WARNING,
                        Text(f"“{raw}”不是合理的数字，已忽略。", f"'{raw}' is not a plausible number; ignored."),
                        name,
                        sheet,
                        row,
                        found.label(key),
                    )
                )
                continue
            if key == "max_score" and value > 0:
                max_score = value
            elif key == "difficulty":
                value = value / 100 if value > 1 else value
                if 0 < value < 1:
                    difficulty = value
        ids.add(qid)
        questions.append(BankQuestion(qid, text, points, max_score, difficulty, found.get(cells, "source") or None))
    return questions, problems
