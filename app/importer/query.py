"""Reading a predict QUERY file: the (student, item) pairs whose scores are asked for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.problems import GradebookError, Problem, Severity, Text
from app.importer.files import read_source
from app.importer.headers import ColumnRole, role_of


@dataclass(frozen=True)
class Query:
    """The (student, item) pairs asked for, as written in the query file."""

    student_ids: list[str]
    item_ids: list[str]
    rows: list[int]  # Excel-style row number of each pair in the query file


def read_query(path: Path) -> Query:
    """Read a QUERY file (`student_id,item_id`, header names as the importer knows them)."""
    table = read_source(path).tables[0]
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
    sid, iid = roles.index(ColumnRole.STUDENT_ID), roles.index(ColumnRole.ITEM)
    body = table.cells.iloc[1:]
    keep = [
        (r + 2, str(a).strip(), str(b).strip()) for r, (a, b) in enumerate(zip(body.iloc[:, sid], body.iloc[:, iid]))
    ]
    keep = [k for k in keep if k[1] or k[2]]
    return Query([k[1] for k in keep], [k[2] for k in keep], [k[0] for k in keep])
