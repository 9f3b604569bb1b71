"""Who is who when a file comes into an existing class: the same students by 学号, or by name when asked.

Exam systems key the same class by different numbers (学号 in one export, 考号 or 准考证号 in the
next): matching on the number alone would double every student. When none of the file's numbers
is in the class but its names are, the import is refused with a message that offers matching by
name. Students new to the class (transfer-ins) and students of the class the file lacks
(absent from this exam) are listed for the teacher.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.gradebook import GradebookStudent, IdentityMismatch, ParsedGradebook
from app.core.problems import Problem, Severity, Text
from app.storage.models import Student

NAME_MATCH_SHARE = 0.5
"""Refuse when no number matches but at least this share of the file's named students are in the class."""


@dataclass(frozen=True)
class Roster:
    """The file's students as the class will know them, and who is new or missing."""

    parsed: ParsedGradebook  # student ids rewritten to the class's where matched by name
    new_students: tuple[str, ...]  # "姓名（学号）" of students the class did not have
    absent_students: tuple[str, ...]  # "姓名（学号）" of the class's students the file lacks


def _who(name: str | None, number: str) -> str:
    return f"{name}（{number}）" if name else number


def match_students(session: Session, class_id: int, parsed: ParsedGradebook, *, by_name: bool = False) -> Roster:
    """The file's students matched to the class's: by number, or (with `by_name`) by unique name where the
    number is new. Raises IdentityMismatch when no number matches but the names do (and not `by_name`)."""
    existing = dict(session.execute(select(Student.number, Student.name).where(Student.class_id == class_id)).all())
    if not existing:
        return Roster(parsed, (), ())
    mapping: dict[str, str] = {}
    if by_name:
        mapping = _by_name(existing, parsed.students)
    elif not any(s.student_id in existing for s in parsed.students):
        _refuse_if_same_names(existing, parsed)
    if mapping:
        parsed = _renumbered(parsed, mapping)
    numbers = {s.student_id for s in parsed.students}
    new = tuple(_who(s.name, s.student_id) for s in parsed.students if s.student_id not in existing)
    absent = tuple(_who(name, number) for number, name in existing.items() if number not in numbers)
    return Roster(parsed, new, absent)


def _by_name(existing: dict[str, str | None], students: list[GradebookStudent]) -> dict[str, str]:
    """File number -> class number for students whose number is new but whose name is the class's (once)."""
    in_class = Counter(name for name in existing.values() if name)
    in_file = Counter(s.name for s in students if s.name)
    number_of = {name: number for number, name in existing.items() if name and in_class[name] == 1}
    taken = {s.student_id for s in students if s.student_id in existing}
    mapping = {}
    for s in students:
        target = number_of.get(s.name or "")
        if s.student_id not in existing and target and in_file[s.name or ""] == 1 and target not in taken:
            mapping[s.student_id] = target
            taken.add(target)
    return mapping


def _refuse_if_same_names(existing: dict[str, str | None], parsed: ParsedGradebook) -> None:
    names = {name for name in existing.values() if name}
    named = [s for s in parsed.students if s.name]
    same = [s for s in named if s.name in names]
    if named and len(same) >= max(1, NAME_MATCH_SHARE * len(named)):
        example = same[0]
        known = next(number for number, name in existing.items() if name == example.name)
        raise IdentityMismatch(
            [
                Problem(
                    Severity.ERROR,
                    Text(
                        f"文件中的学号与班级里的学生都对不上，但有 {len(same)} 个姓名相同（例如“{example.name}”："
                        f"班级中是 {known}，文件中是 {example.student_id}）。这份成绩可能用的是考号或准考证号。"
                        "如果是同一批学生，请选择“按姓名匹配”导入（命令行加 --match-by-name）；否则请换一个班级名称。",
                        f"None of the file's student numbers is in the class, but {len(same)} names are (e.g. "
                        f"'{example.name}': {known} in the class, {example.student_id} in the file). The file may "
                        "use exam numbers (考号/准考证号). If these are the same students, import matching by name "
                        "(--match-by-name on the command line); otherwise choose another class name.",
                    ),
                    parsed.source,
                )
            ]
        )


def _renumbered(parsed: ParsedGradebook, mapping: dict[str, str]) -> ParsedGradebook:
    students = [dataclasses.replace(s, student_id=mapping.get(s.student_id, s.student_id)) for s in parsed.students]
    scores = parsed.scores.assign(student_id=parsed.scores["student_id"].replace(mapping))
    return dataclasses.replace(parsed, students=students, scores=scores)
