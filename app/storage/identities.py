"""Who is who when a file comes into an existing class: the same students by 学号, or by name when asked.

Exam systems key the same class by different numbers (学号 in one export, 考号 or 准考证号 in the
next): matching on the number alone would double every student. When none of the file's numbers
is in the class but its names are, the import is refused with a message that offers matching by
name. Students new to the class (transfer-ins) and students of the class the file lacks
(absent from this exam) are listed for the teacher.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.gradebook import GradebookStudent, IdentityMismatch, ParsedGradebook
from app.core.people import Likeness, likeness, lost_zeros, spaceless
from app.core.problems import Problem, Severity, Text
from app.storage.membership import in_class_on
from app.storage.models import Student

NAME_MATCH_SHARE = 0.5
"""Refuse when no number matches but at least this share of the file's named students are in the class."""


@dataclass(frozen=True)
class LookAlike:
    """A student new to the class whose name looks like that of a class's student the file lacks."""

    file_number: str
    file_name: str
    class_number: str
    class_name: str
    likeness: Likeness

    def describe(self) -> Text:
        """The hint, for the teacher to confirm (merge them) or leave."""
        why = {
            Likeness.VARIANT: ("异体字", "a variant character"),
            Likeness.WIDTH: ("全角/半角或空格", "full/half width or spaces"),
            Likeness.ONE_APART: ("只差一个字", "one character apart"),
        }[self.likeness]
        return Text(
            f"“{self.file_name}”（{self.file_number}）像是班里的“{self.class_name}”（{self.class_number}）"
            f"（{why[0]}）：如果是同一个学生，请在“管理班级”中合并两人。",
            f"'{self.file_name}' ({self.file_number}) looks like the class's '{self.class_name}' "
            f"({self.class_number}) ({why[1]}): if they are one student, merge them in Manage classes.",
        )


@dataclass(frozen=True)
class Roster:
    """The file's students as the class will know them, and who is new or missing."""

    parsed: ParsedGradebook  # student ids rewritten to the class's where matched (by name, zeros, merges, choice)
    new_students: tuple[str, ...]  # "姓名（学号）" of students the class did not have
    absent_students: tuple[str, ...]  # "姓名（学号）" of the class's students the file lacks
    look_alikes: tuple[LookAlike, ...] = ()  # new students whose names look like an absent student's
    notes: tuple[Problem, ...] = ()  # how numbers were matched otherwise than as written (lost zeros)


def _who(name: str | None, number: str) -> str:
    return f"{name}（{number}）" if name else number


def match_students(
    session: Session,
    class_id: int,
    parsed: ParsedGradebook,
    *,
    by_name: bool = False,
    same_as: Mapping[str, str] | None = None,
    on: dt.date | None = None,
) -> Roster:
    """The file's students matched to the class's: by number (a merged record's number finds the student it was
    merged into; a number that lost its leading zeros finds the one number it can be), or (with `by_name`, or for a
    file without numbers) by unique name where the number is new, and as the teacher chose in `same_as` (file
    number -> class number). Raises IdentityMismatch when no number matches but the names do (and not `by_name`).
    `on` is the exam's date: a student who left (转出) or had not joined (转入) then is not absent."""
    rows = session.execute(
        select(Student.number, Student.name, Student.merged_into, Student.id).where(Student.class_id == class_id)
    ).all()
    if not rows:
        return Roster(parsed, (), ())
    numbers_by_id = {pk: number for number, _, _, pk in rows}
    existing = {number: name for number, name, merged, _ in rows if merged is None}
    mapping = {number: numbers_by_id[merged] for number, _, merged, _ in rows if merged is not None}
    mapping.update({k: v for k, v in (same_as or {}).items() if v in existing})
    zeros = lost_zeros(existing, [s.student_id for s in parsed.students], mapping)
    mapping.update(zeros)
    by_name = by_name or parsed.ids_from_names
    if by_name:
        mapping.update(_by_name(existing, parsed.students, mapping))
    elif not any(s.student_id in existing or s.student_id in mapping for s in parsed.students):
        _refuse_if_same_names(existing, parsed)
    in_file = {s.student_id for s in parsed.students}
    mapping = {k: v for k, v in mapping.items() if k != v and k in in_file}
    if mapping:
        parsed = _renumbered(parsed, mapping)
    numbers = {s.student_id for s in parsed.students}
    new = [s for s in parsed.students if s.student_id not in existing]
    present = set(session.scalars(select(Student.number).where(Student.class_id == class_id, in_class_on(on))))
    absent = [(number, name) for number, name in existing.items() if number not in numbers and number in present]
    look_alikes = tuple(
        LookAlike(s.student_id, s.name or "", number, name or "", how)
        for s in new
        for number, name in absent
        if s.name and name and (how := likeness(s.name, name)) is not None
    )
    notes = (Problem(Severity.WARNING, _zeros_note(zeros), parsed.source),) if zeros else ()
    return Roster(
        parsed,
        tuple(_who(s.name, s.student_id) for s in new),
        tuple(_who(name, number) for number, name in absent),
        look_alikes,
        notes,
    )


def _zeros_note(zeros: Mapping[str, str]) -> Text:
    """One note for every number that lost its zeros (a whole export's 学号 stored as numbers is one fact, not one
    line a student burying the other warnings)."""
    (file, kept), count = next(iter(zeros.items())), len(zeros)
    if count == 1:
        return Text(
            f"文件中的学号 {file} 按班里的 {kept} 匹配（前面的 0 丢了）。",
            f"Student number {file} in the file is matched to the class's {kept} (its leading zeros were lost).",
        )
    return Text(
        f"文件中的 {count} 个学号按班里的学号匹配（前面的 0 丢了，例如 {file} 即 {kept}）。",
        f"{count} student numbers in the file are matched to the class's (their leading zeros were lost, e.g. "
        f"{file} is {kept}).",
    )


def _by_name(
    existing: Mapping[str, str | None], students: list[GradebookStudent], taken: Mapping[str, str]
) -> dict[str, str]:
    """File number -> class number for students whose number is new but whose name is the class's (once), spaces
    aside (`spaceless`: 王　敏 is 王敏)."""
    in_class = Counter(spaceless(name) for name in existing.values() if name)
    in_file = Counter(spaceless(s.name) for s in students if s.name)
    number_of = {
        spaceless(name): number for number, name in existing.items() if name and in_class[spaceless(name)] == 1
    }
    used = {s.student_id for s in students if s.student_id in existing} | set(taken.values())
    mapping = {}
    for s in students:
        key = spaceless(s.name or "")
        target = number_of.get(key)
        new = s.student_id not in existing and s.student_id not in taken
        if new and target and in_file[key] == 1 and target not in used:
            mapping[s.student_id] = target
            used.add(target)
    return mapping


def _refuse_if_same_names(existing: Mapping[str, str | None], parsed: ParsedGradebook) -> None:
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
