"""Reading a prerequisite file: `knowledge_point, prerequisite` rows, or a hierarchy with a parent column.

Several prerequisites in one cell may be separated by `;` `,` `；` `，` `、` `|`; a blank prerequisite
just declares the point. A parent is a broader point made of its children, so each child is learnt
before its parent (the link is `parent ← child`).

    links, problems = read_prerequisites("八年级数学_知识点前置关系.csv")
    problems += validate_graph(links, known_points=matrix.knowledge_points)
"""

from __future__ import annotations

from pathlib import Path

from app.core.links import Link, cycle_text
from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.text import split_knowledge_points
from app.importer import messages
from app.importer.files import read_source
from app.importer.keyed_tables import KeyedTable, find_keyed_table, no_header
from app.importer.limits import MAX_LABEL_CHARS

POINT_HEADERS = (
    "knowledge_point",
    "knowledgepoint",
    "knowledge point",
    "kp",
    "point",
    "skill",
    "知识点",
    "知识点名称",
    "知识点名",
    "名称",
)
PREREQUISITE_HEADERS = (
    "prerequisite",
    "prerequisites",
    "prereq",
    "prereqs",
    "requires",
    "depends_on",
    "前置知识",
    "前置知识点",
    "前置",
    "先修知识",
    "先修知识点",
    "先修",
    "先备知识",
    "前提知识",
)
PARENT_HEADERS = (
    "parent",
    "parent_point",
    "parent point",
    "parent_knowledge_point",
    "上级知识点",
    "父知识点",
    "上级",
    "父节点",
    "所属知识点",
    "上位知识点",
)
_NAMES = {"point": POINT_HEADERS, "prerequisite": PREREQUISITE_HEADERS, "parent": PARENT_HEADERS}


def read_prerequisites(path: Path | str, *, sheet: str | None = None) -> tuple[list[Link], list[Problem]]:
    """Read prerequisite links from a CSV/XLSX/XLS file; every problem located by file, sheet, row, column.

    The header (under any title rows) names a knowledge-point column (`knowledge_point`/`知识点`)
    and a `prerequisite`/`前置知识` column, or a `parent`/`上级知识点` column (a hierarchy), or both.
    """
    try:
        source = read_source(Path(path))
        found = find_keyed_table(
            source, _NAMES, lambda c: c["point"] is not None and (c["prerequisite"], c["parent"]) != (None, None), sheet
        )
    except GradebookError as error:
        return [], list(error.problems)
    if found is None:
        return [], no_header(
            source,
            Text(
                "找不到表头：需要“知识点”列和“前置知识”列（或“上级知识点”列）。",
                "No header found: a 'knowledge_point' column and a 'prerequisite' (or 'parent') column are needed.",
            ),
        )
    return _links(found)


def _links(found: KeyedTable) -> tuple[list[Link], list[Problem]]:
    links: list[Link] = []
    problems: list[Problem] = list(found.table.notes)
    seen: set[tuple[str, str]] = set()
    table = found.table
    for row, cells in found.rows():
        point = found.get(cells, "point")
        for field in _NAMES:
            for name in split_knowledge_points(found.get(cells, field)):
                if len(name) > MAX_LABEL_CHARS:
                    text = messages.too_long(messages.KNOWLEDGE_POINT, len(name), MAX_LABEL_CHARS)
                    problems.append(Problem(Severity.ERROR, text, table.file, table.sheet, row, found.label(field)))
        pairs = [(point, other, "prerequisite") for other in split_knowledge_points(found.get(cells, "prerequisite"))]
        parent = found.get(cells, "parent")
        if parent:
            pairs.append((parent, point, "parent"))  # the child comes before its parent
        if not point:
            if pairs:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        Text("知识点为空，本行已跳过。", "The knowledge point is blank; the row is skipped."),
                        table.file,
                        table.sheet,
                        row,
                        found.label("point"),
                    )
                )
            continue
        for kp, pre, field in pairs:
            if kp == pre:
                problems.append(
                    Problem(Severity.ERROR, cycle_text([kp]), table.file, table.sheet, row, found.label(field))
                )
                continue
            if (kp, pre) not in seen:
                seen.add((kp, pre))
                links.append(Link(kp, pre, table.file, table.sheet, row, unit=field == "parent"))
    return links, problems
