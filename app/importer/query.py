"""Reading a predict QUERY file: the (student, item) pairs whose scores are asked for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.problems import GradebookError, Problem, Severity, Text
from app.importer import messages
from app.importer.files import read_source
from app.importer.headers import ColumnRole, role_of
from app.importer.identity import student_id
from app.importer.limits import MAX_ID_CHARS, MAX_LABEL_CHARS


@dataclass(frozen=True)
class Query:
    """The (student, item) pairs asked for, as written in the query file."""

    student_ids: list[str]  # read as the importer reads ids (full-width, invisible characters, 2024001.0 …)
    item_ids: list[str]
    rows: list[int]  # Excel-style row number of each pair in the query file
    problems: tuple[Problem, ...] = ()  # warnings about reading the file (control characters removed …)
    written: tuple[tuple[str, str], ...] = ()  # each pair's cells as the file wrote them, for PRED to repeat
    sheet: str | None = None  # the sheet read, for a workbook
    headers: tuple[str, str] = ("student_id", "item_id")  # the headers of the two columns as written


def read_query(path: Path) -> Query:
    """Read a QUERY file (`student_id,item_id`, header names as the importer knows them; with an `assessment`
    column each item is read as `EXAM/LABEL` of its row's exam); GradebookError naming each id or label too long."""
    table = read_source(path).searched[0]
    header = [text.strip() for text in table.row_texts(1)]
    roles = [role_of(text) for text in header]
    missing = [
        name
        for name, role in (("student_id", ColumnRole.STUDENT_ID), ("item_id", ColumnRole.ITEM))
        if role not in roles
    ]
    if missing:
        raise GradebookError(
            [
                Problem(
                    Severity.ERROR,
                    Text(
                        f"查询文件缺少列：{'、'.join(missing)}", f"the query file lacks column(s): {', '.join(missing)}"
                    ),
                    path.name,
                    row=1,
                )
            ]
        )
    id_column, item_column = roles.index(ColumnRole.STUDENT_ID), roles.index(ColumnRole.ITEM)
    body = table.cells.iloc[1:]
    cells = [(str(a), str(b)) for a, b in zip(body.iloc[:, id_column], body.iloc[:, item_column])]
    read = [(r + 2, student_id(a), b.strip(), (a, b)) for r, (a, b) in enumerate(cells)]
    read = [pair for pair in read if pair[1] or pair[2]]
    pairs = [pair[:3] for pair in read]
    limits = ((messages.STUDENT_ID, MAX_ID_CHARS, id_column), (messages.QUESTION_LABEL, MAX_LABEL_CHARS, item_column))
    too_long = [
        Problem(Severity.ERROR, messages.too_long(what, len(text), limit), path.name, table.sheet, row, header[j])
        for row, *texts in pairs
        for text, (what, limit, j) in zip(texts, limits)
        if len(text) > limit
    ]
    if too_long:
        raise GradebookError(too_long)
    items = [p[2] for p in pairs]
    if ColumnRole.ASSESSMENT in roles:  # an exam column: each item is its exam's, as EXAM/LABEL says it
        exams = [str(e).strip() for e in body.iloc[:, roles.index(ColumnRole.ASSESSMENT)]]
        at = [exams[row - 2] for row, _, _ in pairs]
        items = [f"{e}/{i}" if e and not i.startswith(f"{e}/") else i for e, i in zip(at, items)]
    return Query(
        [p[1] for p in pairs],
        items,
        [p[0] for p in pairs],
        table.notes,
        tuple(p[3] for p in read),
        table.sheet,
        (header[id_column], header[item_column]),
    )
