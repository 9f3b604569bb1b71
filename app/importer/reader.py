"""Reading a gradebook file into a ParsedGradebook: one pass that collects every problem, located."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.core.gradebook import SCORE_COLUMNS, MarkConvention, MarkReading, OptionalGroup, ParsedGradebook
from app.core.problems import Severity
from app.importer import long_format, messages, scoring, validation, wide_format
from app.importer.conventions import optional_groups, read_marks
from app.importer.files import read_source
from app.importer.items import apply_paper_rows, resolve_items
from app.importer.layout import ItemSource, Layout, understand
from app.importer.options import ImportOptions, LayoutKind
from app.importer.paper_rows import read_paper_rows, stored_paper_rows
from app.importer.problem_log import Location, ProblemLog
from app.importer.sheet_choice import SheetChoiceNeeded
from app.importer.sheet_rows import ItemSpec
from app.importer.tables import SourceFile
from app.importer.values import format_number


def read_gradebook(path: Path, items_path: Path | None = None, options: ImportOptions | None = None) -> ParsedGradebook:
    """Read a gradebook (and its optional paper file, a 双向细目表); data problems come back located in `.problems`.

    Raises GradebookError only for a file that cannot be read at all (missing, empty, damaged, unknown type)
    or for options naming a sheet, column or row the file lacks.
    """
    item_file = read_source(items_path) if items_path is not None else None
    return read_gradebook_source(read_source(path), item_file, options)


def read_gradebook_source(
    source: SourceFile, item_file: SourceFile | None = None, options: ImportOptions | None = None
) -> ParsedGradebook:
    """`read_gradebook` of a file already read (`files.read_source`, or a package's part: `files.source_from_bytes`)."""
    options = options or ImportOptions()
    layout = understand(source, item_file, options)
    if layout.sheet_choice:
        raise SheetChoiceNeeded(source.name, list(layout.sheet_choice))
    table = source.table(layout.sheet)
    log = ProblemLog()
    log.keep(layout.notes)
    read_sheet = long_format.read if layout.kind is LayoutKind.LONG else wide_format.read
    sheet = read_sheet(table, layout, log)
    if layout.ids_from_names and len(sheet.students):
        named = int((sheet.students.student_id != "").sum())
        where = table.where(layout.header_row, layout.identity_column.label if layout.identity_column else None)
        log.add(messages.IDS_FROM_NAMES, Severity.WARNING, where, messages.ids_from_names(named))
    specs = _described(sheet.items, source, item_file, layout, options, log)
    students = validation.students(sheet.students, table, layout, log)
    assessments = validation.assessments(sheet.students, table, layout, log)
    values = scoring.cell_values(sheet.scores, log, lambda r: table.where(r.row, r.column))
    items = resolve_items(specs, scoring.observed(sheet.scores, values), log)
    scoring.check_max(
        sheet.scores,
        values.numbers,
        items,
        log,
        lambda r: (messages.above_max(format_number(r.value), format_number(r.limit)), table.where(r.row, r.column)),
    )
    points = scoring.points(sheet.scores, values, items, options.multiple_partial)
    conventions, zero = read_marks(sheet.scores, items, values.answers.notna(), dict(options.mark_readings))
    groups = optional_groups(sheet.scores, items, values.numbers.notna() | values.answers.notna())
    _log_marks(conventions, groups, log, source.name)
    scores = sheet.scores.assign(score=points.mask(zero, 0.0), answer=values.answers)[list(SCORE_COLUMNS)]
    validation.all_zero(scores, sheet.scores.row, table, layout, log)
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
        ids_from_names=layout.ids_from_names,
        conventions=conventions,
        optional_groups=groups,
    )


def _log_marks(conventions: list[MarkConvention], groups: list[OptionalGroup], log: ProblemLog, file: str) -> None:
    """Say how each column's '/' or '—' marks were read, and which questions are choose-one groups."""
    grouped = {(g.assessment, item) for g in groups for item in g.item_ids}
    for c in conventions:
        if (c.assessment, c.item_id) not in grouped or c.reading is not c.default:
            text = messages.not_chosen_read(c.item_id, c.mark, c.count, c.reading is MarkReading.ZERO)
            log.add(messages.MARK_CONVENTION, Severity.WARNING, Location(file, column=c.item_id), text)
    for g in groups:
        text = messages.optional_group(list(g.item_ids), list(g.chosen))
        log.add(messages.OPTIONAL_GROUP, Severity.WARNING, Location(file, column=g.item_ids[0]), text)


def _described(
    specs: list[ItemSpec],
    source: SourceFile,
    item_file: SourceFile | None,
    layout: Layout,
    options: ImportOptions,
    log: ProblemLog,
) -> list[ItemSpec]:
    """The questions as the sheet describes them, then its paper (item sheet or file), then the stored paper."""
    if layout.item_source in (ItemSource.ITEM_SHEET, ItemSource.ITEM_FILE):
        paper = read_paper_rows(item_file or source, layout.item_sheet, log)
        if paper is not None:
            specs = apply_paper_rows(specs, paper, log)
    if options.paper is not None:
        specs = apply_paper_rows(specs, stored_paper_rows(options.paper), log)
    return specs
