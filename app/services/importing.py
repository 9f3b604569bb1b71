"""Importing a gradebook, as the CLI and the window both do it: read and check, preview, store (no Qt).

A file with a 班级 column becomes one class per value (all of them in one transaction, or only
the ones asked for); a file without one goes into the class the teacher names, else the one its
file name names (`八年级6班_2026-11-20_单元测验.xlsx`). Its questions are set from a paper: the one
given (a 细目表, or the tagging step's), else a stored paper of the same exam, so an exam is
tagged once for every class and every year.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.links import parent_pairs
from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.progress import NullProgress, Progress, checkpoint
from app.core.text import command_word
from app.core.vocabulary import listed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.gradebook import ParsedGradebook
    from app.core.paper import Paper
    from app.importer import ImportOptions, Layout
    from app.storage import Database, ImportSummary


@dataclass(frozen=True)
class ImportRequest:
    """A parsed gradebook to store, and how (from the wizard or the CLI).

    `class_name`: the class for a file without a 班级 column; with one, the only class to keep
    (None: every class, or those in `classes`). `paper`: the paper the questions were set from (a
    细目表 or the tagging step), stored and linked; `paper_id`: a stored paper to link instead.
    `same_as`: file number -> class number of students the teacher said are one ("looks like the same student").
    """

    parsed: ParsedGradebook
    class_name: str | None = None
    prerequisites: list[tuple[str, str]] | None = None
    parents: list[tuple[str, str]] | None = None  # (knowledge point, its unit) of the prerequisite file's parent column
    path: str = ""
    paper: Paper | None = None
    paper_id: int | None = None
    match_by_name: bool = False
    classes: tuple[str, ...] | None = None
    same_as: dict[str, str] | None = None
    named_by_file: bool = False  # `class_name` was read off the file's name (八(1)班_周测.xlsx), not given


@dataclass(frozen=True)
class Preview:
    """How a file would be imported: its layout, what was read, every problem, the prerequisite links,
    the classes it holds with their student counts, and a stored paper of the same exam if there is one.

    With the store: `imported`, the classes of a whole-grade file whose part the store already holds (the
    other classes can still come in, so those parts are not errors then: the wizard leaves them unticked),
    `stored`, the stored paper itself, and `known_points`, the store's knowledge points to complete from."""

    layout: Layout | None
    parsed: ParsedGradebook | None
    problems: list[Problem] = field(default_factory=list)
    prerequisites: list[tuple[str, str]] | None = None
    classes: dict[str, int] = field(default_factory=dict)
    stored_paper: int | None = None
    imported: tuple[str, ...] = ()
    stored: Paper | None = None
    known_points: list[str] = field(default_factory=list)
    parents: list[tuple[str, str]] | None = None  # (knowledge point, its unit) from the file's parent column


def read_checked(path: Path, items_path: Path | None = None, options: ImportOptions | None = None) -> ParsedGradebook:
    """The gradebook read from `path` (and its paper file); GradebookError with every problem if any is an error."""
    from app.importer import read_gradebook

    parsed = read_gradebook(path, items_path, options)
    if parsed.errors:
        raise GradebookError(parsed.problems)
    return parsed


def preview_import(
    path: Path,
    items_path: Path | None = None,
    options: ImportOptions | None = None,
    prerequisites_path: Path | None = None,
    progress: Progress | None = None,
    db: Database | None = None,
) -> Preview:
    """Read the file as the import would, collecting every problem instead of raising (the wizard's preview, the
    one service call its every read makes); with `db`, a file already imported is an error here, before the
    wizard closes, unless other classes of a whole-grade file can still come in."""
    from app.importer import detect_layout, read_gradebook
    from app.importer.prerequisites import read_prerequisites
    from app.insight.graph import validate_graph

    progress = progress or NullProgress()
    problems: list[Problem] = []
    layout = parsed = links = parents = None
    stored, paper, known = None, None, []
    imported: tuple[str, ...] = ()
    try:
        layout = detect_layout(path, items_path, options)
        checkpoint(progress, 0.4, "read")
        parsed = read_gradebook(path, items_path, options)
        problems += parsed.problems
    except GradebookError as error:
        problems += error.problems
    if parsed is not None and db is not None:
        from app.services.tagging import known_knowledge_points, stored_paper

        with db.session() as session:
            parsed, dated = dated_from_store(session, parsed, parsed.class_names)
        problems += dated
        duplicates = already_imported(db, parsed)
        imported = tuple(name for name, part in duplicates.items() if part and name)
        if not parsed.class_names or len(imported) == len(parsed.class_names):
            problems += [p for part in duplicates.values() for p in part]
        stored = stored_paper_for(db, parsed)
        paper = stored_paper(db, stored) if stored is not None else None
        known = known_knowledge_points(db)
    if prerequisites_path is not None:
        found, graph_problems = read_prerequisites(prerequisites_path)
        problems += graph_problems
        if parsed is not None:
            problems += validate_graph(found, parsed.knowledge_points)
        links, parents = [link.pair for link in found], parent_pairs(found)
    classes = dict(Counter(s.class_name for s in parsed.students if s.class_name)) if parsed else {}
    return Preview(layout, parsed, problems, links, classes, stored, imported, paper, known, parents)


def class_parts(
    parsed: ParsedGradebook, class_name: str | None, classes: tuple[str, ...] | None = None
) -> list[tuple[str, ParsedGradebook]]:
    """(class, its part of the file) for every class the import goes into."""
    found = parsed.class_names
    if not found:
        if not class_name:
            raise GradebookError(
                [
                    _problem(
                        parsed,
                        Text(
                            "请指定班级：文件中没有“班级”列，文件名里也没有班级名称。",
                            "Name the class: the file has no 班级 column and its name names no class.",
                        ),
                    )
                ]
            )
        return [(class_name, parsed)]
    wanted = [class_name] if class_name else list(classes or found)
    unknown = [name for name in wanted if name not in found]
    if unknown:
        raise GradebookError(
            [
                _problem(
                    parsed,
                    Text(
                        f"文件的“班级”列中没有“{unknown[0]}”（有：{listed(found, 'zh')}）。",
                        f"The file's 班级 column has no class '{unknown[0]}' (it has: {listed(found, 'en')}).",
                    ),
                )
            ]
        )
    return [(name, parsed.for_class(name)) for name in wanted]


def import_parsed(db: Database, request: ImportRequest, progress: Progress | None = None) -> list[ImportSummary]:
    """Store the gradebook, one import per class, all in one transaction (with its paper and prerequisites)."""
    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "import")
    with db.writing(backup="before-import") as session:
        summaries = store_request(session, request)
    progress.report(1.0, "done")  # committed: too late to cancel
    return summaries


def store_request(session: Session, request: ImportRequest) -> list[ImportSummary]:
    """`import_parsed` inside the caller's transaction (the sample loads several files in one)."""
    from app.storage import get_class, import_gradebook, load_paper, save_paper, save_prerequisites

    parsed = request.parsed
    paper_id = request.paper_id
    if request.paper is not None:
        paper_id = save_paper(session, request.paper)
    elif paper_id is None and not parsed.knowledge_points:
        paper_id = _stored_paper(session, parsed)
        if paper_id is not None:  # an untagged file of an exam tagged before: the stored tags
            from app.importer.paper import apply_paper

            parsed = apply_paper(parsed, load_paper(session, paper_id))
            if parsed.errors:
                raise GradebookError(parsed.problems)
    parts = class_parts(parsed, request.class_name, request.classes)
    # a file's 班级 column, or its name, as its exam system or teacher writes it
    if (parsed.class_names and request.class_name is None) or request.named_by_file:
        from app.storage.roster import numbers_by_class

        stored = numbers_by_class(session)
        parts = [same_class(stored, class_name, part) for class_name, part in parts]
    parts = [
        (class_name, undated_noted(session, dated_from_store(session, part, [class_name])[0], class_name))
        for class_name, part in parts
    ]
    parts = [(class_name, moved_noted(session, parsed, class_name, part)) for class_name, part in parts]
    summaries = [
        import_gradebook(
            session, part, class_name, match_by_name=request.match_by_name, paper_id=paper_id, same_as=request.same_as
        )
        for class_name, part in parts
    ]
    if request.prerequisites:
        for class_name, _ in parts:
            save_prerequisites(
                session, get_class(session, class_name).subject, request.prerequisites, request.parents or ()
            )
    return summaries


def dated_from_store(
    session: Session, parsed: ParsedGradebook, class_names: Sequence[str] = ()
) -> tuple[ParsedGradebook, list[Problem]]:
    """`parsed` with each exam the file does not date dated as the store dates an exam of that name (the window's
    prefill and the CLI's import without --date, one rule): the date of `class_names`' own exam of that name, else
    the one date the store's other classes give it (none where they disagree: then the teacher is asked). Each
    date so taken is said in a warning, also added to the returned gradebook's problems."""
    from app.storage import list_classes

    undated = {a.name for a in parsed.assessments if a.date is None}
    if not undated:
        return parsed, []
    known: dict[str, dict[str, dt.date]] = {}  # exam -> class -> its date
    for record in list_classes(session):
        for name, date in zip(record.assessments, record.assessment_dates, strict=True):
            if name in undated and date is not None:
                known.setdefault(name, {})[record.name] = date
    assessments, notes = [], []
    for exam in parsed.assessments:
        dates = known.get(exam.name, {})
        own = {c: d for c, d in dates.items() if c in class_names}
        taken = own or dates
        if exam.date is None and len(set(taken.values())) == 1:
            date = next(iter(taken.values()))
            exam = dataclasses.replace(exam, date=date)
            classes = sorted(c for c, d in taken.items() if d == date)
            notes.append(
                Problem(
                    Severity.WARNING,
                    Text(
                        f"文件没有写“{exam.name}”的日期：按数据库中{listed(classes, 'zh')}的同名考试记为 {date}。",
                        f"The file does not date '{exam.name}': dated {date} as the store's exam of that name in "
                        f"{listed(classes, 'en')}.",
                    ),
                    parsed.source,
                )
            )
        assessments.append(exam)
    if not notes:
        return parsed, []
    return dataclasses.replace(parsed, assessments=assessments, problems=[*parsed.problems, *notes]), notes


# A file's class whose students are this share of a stored class's is that class (or a new school year's).
_SAME_CLASS_SHARE = 0.8


def same_class(
    stored: dict[str, dict[str, str | None]], file_class: str, part: ParsedGradebook
) -> tuple[str, ParsedGradebook]:
    """The class a grade file's class part goes into, of the store's classes `stored` (their student numbers): the
    file's name for it, unless the store has no class so named but one with the same grade and number written
    otherwise (八(1)班 for 八年级1班, as another exam system writes it) that holds at least `_SAME_CLASS_SHARE` of its
    students by 学号; then that class, said in a warning. Where the students match but the names name no such
    class (七年级1班 a year on is 八年级1班), the part keeps its name, with a warning."""
    from app.core.people import lost_zeros
    from app.importer.names import same_class_key

    numbers = [s.student_id for s in part.students]
    if file_class in stored or not numbers:
        return file_class, part
    best, share = None, 0.0
    for name, students in stored.items():
        zeros = lost_zeros(students, numbers, {})
        found = sum(1 for number in numbers if number in students or number in zeros) / len(numbers)
        if found > share:
            best, share = name, found
    if best is None or share < _SAME_CLASS_SHARE:
        return file_class, part
    percent = round(100 * share)
    if same_class_key(file_class, best):
        note = Text(
            f"文件中的班级“{file_class}”就是“{best}”（同一个班号，{percent}% 的学号相同）：已导入“{best}”。",
            f"The file's class '{file_class}' is '{best}' (the same class number, {percent}% of the student numbers "
            f"the same): imported into '{best}'.",
        )
        return best, dataclasses.replace(part, problems=[*part.problems, Problem(Severity.WARNING, note, part.source)])
    note = Text(
        f"文件中的班级“{file_class}”是新班级，但 {percent}% 的学号在“{best}”中：若是同一个班，请撤销这次导入，"
        f"再导入到“{best}”（一个班的文件：--class {command_word(best)}；年级的文件：把班级列改为“{best}”），"
        "否则这些学生的成绩分在两个班里。",
        f"The file's class '{file_class}' is new, but {percent}% of its student numbers are in '{best}': if it is the "
        f"same class, undo this import and import it into '{best}' (a file of one class: --class "
        f"{command_word(best)}; a grade's export: write '{best}' in its class column), or these students' scores are "
        "split between two classes.",
    )
    return file_class, dataclasses.replace(
        part, problems=[*part.problems, Problem(Severity.WARNING, note, part.source)]
    )


def undated_noted(session: Session, parsed: ParsedGradebook, class_name: str) -> ParsedGradebook:
    """`parsed` with a warning for each exam of the class's term (its stored exams and the file's) that nothing
    dates: the term sorts an undated exam by the day it was imported, so one imported late sits after exams it came
    before. A class of one exam has no order to get wrong."""
    from app.storage import NotFound, get_class

    try:
        record = get_class(session, class_name)
        term = dict(zip(record.assessments, record.assessment_dates, strict=True))
    except NotFound:  # a new class
        term = {}
    term.update({exam.name: exam.date for exam in parsed.assessments})
    if len(term) < 2:
        return parsed
    notes = [
        Problem(
            Severity.WARNING,
            Text(
                f"考试“{name}”没有日期：学期中按导入当天排序，可能排在比它晚的考试之后。请给出日期："
                f"python -m app date-exam {command_word(name)} YYYY-MM-DD，或在窗口的“文件 → 管理班级和考试”中设置。",
                f"The exam '{name}' has no date, so the term sorts it by the day it was imported, which can put it after "
                f"exams that came later. Give its date: python -m app date-exam {command_word(name)} YYYY-MM-DD, or "
                "set it in the window (File → Manage classes and exams).",
            ),
            parsed.source,
        )
        for name, date in term.items()
        if date is None
    ]
    return dataclasses.replace(parsed, problems=[*parsed.problems, *notes]) if notes else parsed


def moved_noted(session: Session, parsed: ParsedGradebook, class_name: str, part: ParsedGradebook) -> ParsedGradebook:
    """`part`, the class's part of grade file `parsed`, with a warning for each student of the class that the file
    puts in another of its classes, and (a file of several classes: the whole grade's export) for each one it lists
    in none: a student who moved class or left is otherwise only "without scores" in the class, and stays in its
    diagnosis, plans and groups until marked 转出."""
    from app.core.people import lost_zeros
    from app.storage import NotFound
    from app.storage.roster import roster

    if not parsed.class_names:
        return part
    try:
        entries = roster(session, class_name)
    except NotFound:  # a new class
        return part
    on = min((exam.date for exam in part.assessments if exam.date is not None), default=None)
    here = {
        e.number: e.name
        for e in entries
        if (e.left_on is None or (on is not None and e.left_on > on))
        and (e.joined_on is None or on is None or e.joined_on <= on)
    }
    zeros = lost_zeros(here, [s.student_id for s in parsed.students], {})
    kept = {s.student_id: s.student_id if s.student_id in here else zeros.get(s.student_id) for s in parsed.students}
    own = {s.student_id for s in part.students}  # the part may go into a class the file names otherwise (八(1)班)
    notes = [
        _moved(f"{here[number] or s.name or number}（{number}）", number, str(s.class_name), class_name, parsed.source)
        for s in parsed.students
        if s.student_id not in own and (number := kept[s.student_id]) is not None
    ]
    if len(parsed.class_names) > 1:
        listed_numbers = set(kept.values())
        notes += [
            _left(f"{name or number}（{number}）", number, class_name, parsed.source)
            for number, name in here.items()
            if number not in listed_numbers
        ]
    return dataclasses.replace(part, problems=[*part.problems, *notes]) if notes else part


def _moved(who: str, number: str, other: str, class_name: str, source: str) -> Problem:
    return Problem(
        Severity.WARNING,
        Text(
            f"{who}在本文件中属于“{other}”，不在“{class_name}”：若已转班，",
            f"{who} is in '{other}' in this file, not in '{class_name}': if they moved class,",
        ).joined(_until_marked(number, class_name)),
        source,
    )


def _left(who: str, number: str, class_name: str, source: str) -> Problem:
    return Problem(
        Severity.WARNING,
        Text(
            f"{who}不在本文件的任何班级中：若已转出，", f"{who} is in none of this file's classes: if they left,"
        ).joined(_until_marked(number, class_name)),
        source,
    )


def _until_marked(number: str, class_name: str) -> Text:
    command = f"python -m app transfer {number} --class {command_word(class_name)} --left YYYY-MM-DD"
    return Text(
        f"请在“{class_name}”中把该生标记为转出（{command}；窗口：文件 → 管理班级和考试 → 学生）；"
        f"否则该生仍算作“{class_name}”的学生（本次没有成绩），留在该班的诊断、计划和分组中。",
        f"mark them 转出 in '{class_name}' ({command}; in the window: File → Manage classes and exams → Students); "
        f"until then they count as a student of '{class_name}' without scores this time, in its diagnosis, plans "
        "and groups.",
    )


def already_imported(db: Database, parsed: ParsedGradebook) -> dict[str, list[Problem]]:
    """An error for each class part of the file that the store already holds (the same file imported before), by
    class ("" for a file without a 班级 column); an empty list for a part not imported yet."""
    from app.storage import DuplicateImport, refuse_duplicate

    parts = {name: parsed.for_class(name) for name in parsed.class_names} or {"": parsed}
    found: dict[str, list[Problem]] = {}
    with db.session() as session:
        for name, part in parts.items():
            try:
                refuse_duplicate(session, part)
                found[name] = []
            except DuplicateImport as duplicate:
                found[name] = list(duplicate.problems)
    return found


def stored_paper_for(db: Database, parsed: ParsedGradebook) -> int | None:
    """A stored paper of the same exam (same name, every question of the file), if there is one."""
    with db.session() as session:
        return _stored_paper(session, parsed)


def _stored_paper(session: Session, parsed: ParsedGradebook) -> int | None:
    from app.storage import find_paper

    if len(parsed.assessments) != 1:
        return None
    return find_paper(session, parsed.assessments[0].name, [item.item_id for item in parsed.items])


def _problem(parsed: ParsedGradebook, text: Text) -> Problem:
    return Problem(Severity.ERROR, text, parsed.source)
