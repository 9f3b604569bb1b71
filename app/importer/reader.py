"""Reading a gradebook file into a ParsedGradebook: one pass that collects every problem, located."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.core.gradebook import SCORE_COLUMNS, ParsedGradebook
from app.importer import long_format, validation, wide_format
from app.importer.files import read_source
from app.importer.items import apply_item_table, read_item_table, resolve_items
from app.importer.layout import ItemSource, understand
from app.importer.options import ImportOptions, LayoutKind
from app.importer.problem_log import ProblemLog


def read_gradebook(path: Path, items_path: Path | None = None, options: ImportOptions | None = None) -> ParsedGradebook:
    """Read a gradebook (and its optional item file); data problems come back located in `.problems`.

    Raises GradebookError only for a file that cannot be read at all (missing, empty, damaged, unknown type)
    or for options naming a sheet, column or row the file lacks.
    """
    source = read_source(path)
    item_file = read_source(items_path) if items_path is not None else None
    layout = understand(source, item_file, options or ImportOptions())
    table = source.table(layout.sheet)
    log = ProblemLog()
    read_sheet = long_format.read if layout.kind is LayoutKind.LONG else wide_format.read
    sheet = read_sheet(table, layout, log)
    specs = sheet.items
    if layout.item_header_row is not None:
        holder = source
        if layout.item_source is ItemSource.ITEM_FILE:
            assert item_file is not None  # the layout takes its items from a file only when one was given
            holder = item_file
        described = read_item_table(holder.table(layout.item_sheet), layout.item_header_row, log)
        specs = apply_item_table(specs, described, log)
    students = validation.students(sheet.students, table, layout, log)
    assessments = validation.assessments(sheet.students, table, layout, log)
    points = validation.points(sheet.scores, table, log)
    items = resolve_items(specs, validation.observed(sheet.scores, points), log)
    validation.check_max(sheet.scores, points, items, table, log)
    scores = sheet.scores.assign(score=points, answer=None)[list(SCORE_COLUMNS)]
    digest = hashlib.sha256(source.data)
    if item_file is not None:
        digest.update(item_file.data)
    return ParsedGradebook(
        source=source.name,
        content_hash=digest.hexdigest(),
        assessments=assessments,
        students=students,
        items=items,
        scores=scores.reset_index(drop=True),
        problems=log.problems(),
    )
