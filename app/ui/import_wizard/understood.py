"""How the import wizard's preview says a file was understood: column roles, the first rows, the summary.

The role colours only tell the columns apart; they are not statuses. Strings keep the preview page's
translation context ("PreviewPage").
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from app.core.text import question_key
from app.ui.base import i18n

if TYPE_CHECKING:
    from app.core.gradebook import ParsedGradebook
    from app.importer import Layout

translate = QCoreApplication.translate  # strings keep the preview page's context, "PreviewPage"
ROLE_COLOURS = {
    "student_id": "#cfe2ff",
    "student_name": "#e2d9f3",
    "item": "#d1e7dd",
    "score": "#d1e7dd",
    "max_score": "#fff3cd",
    "knowledge_points": "#fff3cd",
    "answer_key": "#fff3cd",
    "assessment": "#f8d7da",
    "date": "#f8d7da",
    "class": "#f8d7da",
}


def role_name(role: str) -> str:
    """A column role in the current language."""
    names = {
        "student_id": translate("ImportWizard", "Student ID"),
        "student_name": translate("ImportWizard", "Name"),
        "item": translate("ImportWizard", "Question"),
        "score": translate("ImportWizard", "Score"),
        "max_score": translate("ImportWizard", "Max score"),
        "knowledge_points": translate("ImportWizard", "Knowledge points"),
        "answer_key": translate("ImportWizard", "Answer key"),
        "assessment": translate("ImportWizard", "Assessment"),
        "date": translate("ImportWizard", "Date"),
        "class": translate("ImportWizard", "Class"),
        "total_ignored": translate("ImportWizard", "Total (ignored)"),
        "rank_ignored": translate("ImportWizard", "Rank (ignored)"),
        "ignored": translate("ImportWizard", "Ignored"),
    }
    return names.get(str(role), str(role))


def fill_preview(table: QTableWidget, layout: Layout | None) -> None:
    """Show the sheet's first rows in `table`, each column headed by its letter and role."""
    table.clear()
    if layout is None:
        table.setRowCount(0)
        table.setColumnCount(0)
        return
    rows = layout.preview
    width = max((len(r) for r in rows), default=0)
    table.setColumnCount(width)
    table.setRowCount(len(rows))
    by_index = {c.index: c for c in layout.columns}
    dropped = {c.index for c in layout.dropped_parents}
    headers = []
    for j in range(width):
        column = by_index.get(j)
        letter = column.letter if column else _letter(j)
        role = role_name(column.role) if column else ""
        if j in dropped:
            role = translate("PreviewPage", "Left out")
        headers.append(f"{letter}\n{role}")
    table.setHorizontalHeaderLabels(headers)
    special = {
        layout.header_row: translate("PreviewPage", "header"),
        layout.sub_header_row: translate("PreviewPage", "header"),
        layout.max_score_row: translate("PreviewPage", "max scores"),
        layout.knowledge_points_row: translate("PreviewPage", "knowledge points"),
        layout.answer_row: translate("PreviewPage", "answer key"),
    }
    table.setVerticalHeaderLabels(
        [f"{r + 1} · {special[r + 1]}" if special.get(r + 1) else str(r + 1) for r in range(len(rows))]
    )
    bold_rows = {layout.header_row, layout.sub_header_row, *layout.meta_rows}
    for i, row in enumerate(rows):
        for j in range(width):
            text = str(row[j]) if j < len(row) and row[j] is not None else ""
            item = QTableWidgetItem(text)
            column = by_index.get(j)
            colour = ROLE_COLOURS.get(str(column.role)) if column else None
            if i + 1 in bold_rows:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if colour and i + 1 >= layout.header_row and j not in dropped:
                item.setBackground(QBrush(QColor(colour)))
            elif column is not None and (str(column.role).endswith("ignored") or j in dropped):
                item.setForeground(QBrush(QColor("#888888")))
            table.setItem(i, j, item)
    table.resizeColumnsToContents()
    for j in range(width):
        table.setColumnWidth(j, min(table.columnWidth(j), 140))


def summary(layout: Layout | None, parsed: ParsedGradebook | None) -> str:
    """What was read, in a few lines: layout, where the questions' settings came from, ids, what was found."""
    if layout is None:
        return ""
    kind = (
        translate("PreviewPage", "one row per student")
        if str(layout.kind) == "wide"
        else translate("PreviewPage", "one row per score")
    )
    sources = {
        "header_rows": translate("PreviewPage", "the 满分/知识点 rows under the header"),
        "item_sheet": translate("PreviewPage", "sheet “{sheet}”").format(sheet=layout.item_sheet),
        "item_file": translate("PreviewPage", "file “{file}”").format(file=layout.item_file),
        "long_columns": translate("PreviewPage", "columns of the sheet"),
        "defaults": translate(
            "PreviewPage", "nowhere: full marks are guessed from the highest score seen, and no question is tagged yet"
        ),
    }
    lines = [
        translate("PreviewPage", "Read as {kind}; header in row {row}.").format(kind=kind, row=layout.header_row),
        translate("PreviewPage", "Max scores and knowledge points from {source}.").format(
            source=sources.get(str(layout.item_source), str(layout.item_source))
        ),
    ]
    if layout.title_name:
        lines.append(translate("PreviewPage", "Exam name from the title row: {name}").format(name=layout.title_name))
    lines += _columns_read(layout)
    if parsed is not None:
        lines += _found(parsed)
    return "\n".join(lines)


def _columns_read(layout: Layout) -> list[str]:
    lines = []
    if layout.id_column is not None:
        line = translate("PreviewPage", "Student id: {column}").format(column=layout.id_column.label)
        others = layout.other_id_columns
        if others:
            line += " " + translate("PreviewPage", "(also {columns}: ignored)").format(
                columns=", ".join(c.label for c in others)
            )
        lines.append(line)
    items = [c.header for c in layout.columns if str(c.role) == "item"]
    for parent in layout.dropped_parents:
        key = question_key(parent.header)
        children = [h for h in items if question_key(h).startswith(f"{key}(")]
        lines.append(
            translate("PreviewPage", "{parent} is the sum of {children}: left out").format(
                parent=parent.label, children=", ".join(children) or "…"
            )
        )
    if layout.answer_row:
        lines.append(translate("PreviewPage", "Answer key in row {row}").format(row=layout.answer_row))
    return lines


def _found(parsed: ParsedGradebook) -> list[str]:
    date = parsed.assessments[0].date if parsed.assessments else None
    missing = int(parsed.scores["score"].isna().sum()) if len(parsed.scores) else 0
    known = [i.max_score for i in parsed.items if not math.isnan(i.max_score)]
    lines = [
        translate(
            "PreviewPage",
            "Found {students} students, {items} questions ({points:g} points), {kps} knowledge points, "
            "{missing} missing scores, in assessment “{assessment}”{date}.",
        ).format(
            students=len(parsed.students),
            items=len(parsed.items),
            points=sum(known),
            kps=len(parsed.knowledge_points),
            missing=missing,
            assessment=i18n.listed(a.name for a in parsed.assessments),
            date=f" ({date.isoformat()})" if date else "",
        )
    ]
    if parsed.items:
        shown = [
            f"{i.item_id} ({_number(i.max_score, i.max_guessed)}: {'、'.join(i.knowledge_points) or '—'})"
            for i in parsed.items[:6]
        ]
        more = len(parsed.items) - len(shown)
        lines.append(
            translate("PreviewPage", "Questions: {list}").format(list="; ".join(shown))
            + (f" … (+{more})" if more > 0 else "")
        )
    return lines


def _number(value: float, guessed: bool) -> str:
    if math.isnan(value):
        return "?"
    return f"{value:g}?" if guessed else f"{value:g}"


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
