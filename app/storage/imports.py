"""Importing a parsed gradebook as one undoable batch: checks, then students, questions, Q-matrix and scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import cast

import numpy as np
from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from app.core.gradebook import ParsedGradebook
from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.text import command_word
from app.storage.engines import insert_tuples, is_shared
from app.storage.errors import DuplicateImport
from app.storage.identities import LookAlike, match_students
from app.storage.knowledge import add_knowledge_points
from app.storage.models import (
    Assessment,
    ImportBatch,
    Question,
    QuestionKnowledgePoint,
    SchoolClass,
    Score,
    Student,
)
from app.storage.records import ImportSummary


def import_gradebook(
    session: Session,
    parsed: ParsedGradebook,
    class_name: str,
    *,
    match_by_name: bool = False,
    paper_id: int | None = None,
    same_as: Mapping[str, str] | None = None,
) -> ImportSummary:
    """Store `parsed` in class `class_name` as one batch, its assessments set from paper `paper_id` if given;
    on any refusal or failure nothing changes. See `identities.match_students` for `match_by_name` and `same_as`
    (file number -> class number: students the teacher said are one)."""
    if parsed.errors:
        raise GradebookError(parsed.problems)
    inconsistent = _inconsistencies(parsed)
    if inconsistent:
        raise GradebookError(inconsistent)
    refuse_duplicate(session, parsed)
    with session.begin_nested():
        school_class = session.scalars(select(SchoolClass).filter_by(name=class_name)).one_or_none()
        owns_class = school_class is None
        if school_class is None:
            school_class = SchoolClass(name=class_name, subject="", created=dt.datetime.now())
            session.add(school_class)
            session.flush()
        else:
            _refuse_assessment_clash(session, school_class, parsed)
        dates = [a.date for a in parsed.assessments if a.date is not None]
        roster = match_students(
            session, school_class.id, parsed, by_name=match_by_name, same_as=same_as, on=min(dates, default=None)
        )
        parsed = roster.parsed
        batch = ImportBatch(
            class_id=school_class.id,
            owns_class=owns_class,
            source=parsed.source,
            content_hash=parsed.content_hash,
            file_hash=parsed.file_hash or parsed.content_hash,
            imported_at=dt.datetime.now(),
            students=len(parsed.students),
            items=len(parsed.items),
            scores=0,
            missing=0,
            knowledge_points=len(parsed.knowledge_points),
            warnings=0,
        )
        session.add(batch)
        session.flush()
        students, renamed = _store_students(session, batch, school_class.id, parsed)
        questions = _store_items(session, batch, school_class, parsed, paper_id)
        batch.scores, batch.missing, unscored = _store_scores(session, parsed, students, questions)
        warnings = (*parsed.warnings, *roster.notes, *renamed, *_look_alikes(parsed, roster.look_alikes, class_name))
        batch.warnings = len(warnings)
        session.flush()
    return ImportSummary(
        batch_id=batch.id,
        class_name=class_name,
        students=batch.students,
        items=batch.items,
        scores=batch.scores,
        missing=batch.missing,
        unscored=unscored,
        knowledge_points=batch.knowledge_points,
        assessments=len(parsed.assessments),
        warnings=warnings,
        new_students=roster.new_students if not owns_class else (),
        absent_students=roster.absent_students,
        paper_id=paper_id,
        look_alikes=tuple((alike.file_number, alike.class_number) for alike in roster.look_alikes),
    )


def _look_alikes(parsed: ParsedGradebook, alikes: Sequence[LookAlike], class_name: str) -> list[Problem]:
    """Each look-alike's hint, with the command that merges them (the CLI has no wizard to ask in)."""
    return [
        Problem(Severity.WARNING, alike.describe().joined(_merge_command(alike, class_name)), parsed.source)
        for alike in alikes
    ]


def _merge_command(alike: LookAlike, class_name: str) -> Text:
    words = " ".join(command_word(w) for w in (alike.class_number, alike.file_number, "--class", class_name))
    return Text(f"命令行：python -m app merge {words}。", f"On the command line: python -m app merge {words}.")


def _at(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _error(parsed: ParsedGradebook, zh: str, en: str) -> Problem:
    return Problem(Severity.ERROR, Text(zh, en), parsed.source)


def _inconsistencies(parsed: ParsedGradebook) -> list[Problem]:
    """Contract breaches in `parsed` that would break the store's integrity, as problems."""
    numbers = {s.student_id for s in parsed.students}
    items = {(i.assessment, i.item_id) for i in parsed.items}
    assessments = {a.name for a in parsed.assessments}
    scores = parsed.scores
    checks = (
        (not numbers or not items, "文件中没有可导入的成绩。", "The file holds no scores to import."),
        (
            len(numbers) != len(parsed.students),
            "学生名单中有重复的学号。",
            "The student list repeats a student id.",
        ),
        (
            len(items) != len(parsed.items),
            "同一次考试中有重复的题号。",
            "An assessment lists the same question twice.",
        ),
        (
            any(assessment not in assessments for assessment, _ in items),
            "有题目属于未列出的考试。",
            "A question belongs to an unlisted assessment.",
        ),
        (
            any(not i.max_score > 0 for i in parsed.items),
            "有题目的满分不是正数。",
            "A question's max score is not positive.",
        ),
        (
            not scores["student_id"].isin(numbers).all(),
            "成绩中有学号不在学生名单中。",
            "A score names a student not in the student list.",
        ),
        (
            not items.issuperset(zip(scores["assessment"].tolist(), scores["item_id"].tolist())),
            "成绩中有题号不在题目列表中。",
            "A score names a question not in the question list.",
        ),
        (
            scores.duplicated(["student_id", "assessment", "item_id"]).any(),
            "同一学生的同一题有多个成绩。",
            "A student has more than one score for a question.",
        ),
    )
    return [_error(parsed, zh, en) for failed, zh, en in checks if failed]


def refuse_duplicate(session: Session, parsed: ParsedGradebook) -> None:
    """Raise DuplicateImport if a file with the same content was imported before."""
    found = session.execute(
        select(ImportBatch, SchoolClass.name).join(SchoolClass).where(ImportBatch.content_hash == parsed.content_hash)
    ).first()
    if found is None:
        if is_shared(session) and session.scalar(text("SELECT zhidian_imported(:h)"), {"h": parsed.content_hash}):
            raise DuplicateImport(  # into a class of the server's this teacher may not see: say only that
                _error(
                    parsed,
                    "这个文件已导入到学校服务器上你不任教的一个班级。请联系那个班的老师或备课组长。",
                    "This file was already imported into a class on the school server that you do not teach. "
                    "Ask that class's teacher or the grade lead.",
                ),
                0,
            )
        return
    earlier, class_name = found
    ids = _file_imports(session, earlier)
    raise DuplicateImport(
        _error(
            parsed,
            f"这个文件已在 {_at(earlier.imported_at)} 导入过（“{earlier.source}”，班级“{class_name}”，"
            f"{ids.zh}）。如需重新导入，请先撤销那次导入。",
            f"This file was already imported on {_at(earlier.imported_at)} as '{earlier.source}' "
            f"into class '{class_name}' ({ids.en}). Undo that import first to import it again.",
        ),
        earlier.id,
    )


def _file_imports(session: Session, batch: ImportBatch) -> Text:
    """The import ids of `batch`'s file: a grade file is one import per class, and a corrected export is refused
    until every one of them is undone (`undo --batch` takes one)."""
    from app.storage.undo import file_batches

    ids = sorted(file_batches(session, batch.id))
    if len(ids) == 1:
        return Text(f"导入编号 {batch.id}", f"import {batch.id}")
    return Text(
        f"导入编号 {'、'.join(map(str, ids))}，该文件每班一次",
        f"imports {', '.join(map(str, ids))}, one per class of that file",
    )


def _refuse_assessment_clash(session: Session, school_class: SchoolClass, parsed: ParsedGradebook) -> None:
    """Raise GradebookError naming every assessment of `parsed` that the class already has."""
    clashes = session.execute(
        select(Assessment.name, ImportBatch)
        .join(ImportBatch, Assessment.batch_id == ImportBatch.id)
        .where(
            Assessment.class_id == school_class.id,
            Assessment.name.in_([a.name for a in parsed.assessments]),
        )
    ).all()
    if clashes:
        raise GradebookError(
            [
                _error(
                    parsed,
                    f"考试“{name}”在班级“{school_class.name}”中已存在（来自 {_at(earlier.imported_at)} "
                    f"导入的“{earlier.source}”，{ids.zh}）。请先撤销那次导入，或在文件中给这次考试改名。",
                    f"Assessment '{name}' already exists in class '{school_class.name}' (from "
                    f"'{earlier.source}', imported {_at(earlier.imported_at)}, {ids.en}). "
                    "Undo that import first, or rename this assessment in the file.",
                )
                for name, earlier in clashes
                for ids in [_file_imports(session, earlier)]
            ]
        )


def _store_students(
    session: Session, batch: ImportBatch, class_id: int, parsed: ParsedGradebook
) -> tuple[dict[str, int], list[Problem]]:
    """Insert the students the class lacks; returns 学号 -> row id and warnings for changed names."""
    existing = {
        number: name
        for number, name in session.execute(
            select(Student.number, Student.name).where(Student.class_id == class_id)
        ).all()
    }
    new = [s for s in parsed.students if s.student_id not in existing]
    if new:
        session.execute(
            insert(Student),
            [{"class_id": class_id, "number": s.student_id, "name": s.name, "batch_id": batch.id} for s in new],
        )
    renamed = [
        Problem(
            Severity.WARNING,
            Text(
                f"学号 {s.student_id} 在班级中已是“{existing[s.student_id]}”，本文件写作“{s.name}”；保留原姓名。",
                f"Student {s.student_id} is already '{existing[s.student_id]}' in the class; this file "
                f"says '{s.name}'. The earlier name is kept.",
            ),
            parsed.source,
        )
        for s in parsed.students
        if s.name and existing.get(s.student_id) not in (None, s.name)
    ]
    ids = select(Student.number, Student.id).where(Student.class_id == class_id)
    return dict(session.execute(ids).all()), renamed


def _store_items(
    session: Session, batch: ImportBatch, school_class: SchoolClass, parsed: ParsedGradebook, paper_id: int | None
) -> dict[tuple[str, str], int]:
    """Insert assessments, questions, new knowledge points and the Q-matrix; returns question ids."""
    assessments = [
        Assessment(class_id=school_class.id, name=a.name, date=a.date, batch_id=batch.id, paper_id=paper_id)
        for a in parsed.assessments
    ]
    session.add_all(assessments)
    session.flush()
    assessment_ids = {a.name: a.id for a in assessments}
    positions: dict[str, int] = {}
    question_rows = []
    for item in parsed.items:
        position = positions[item.assessment] = positions.get(item.assessment, -1) + 1
        question_rows.append(
            {
                "assessment_id": assessment_ids[item.assessment],
                "label": item.item_id,
                "max_score": float(item.max_score),
                "position": position,
                "kind": str(item.kind),
                "answer_key": item.answer_key,
                "max_guessed": item.max_guessed,
            }
        )
    session.execute(insert(Question), question_rows)
    by_assessment = {aid: name for name, aid in assessment_ids.items()}
    question_ids = {
        (by_assessment[aid], label): qid
        for qid, aid, label in session.execute(
            select(Question.id, Question.assessment_id, Question.label).where(
                Question.assessment_id.in_(assessment_ids.values())
            )
        ).all()
    }
    kp_ids = _store_knowledge_points(session, batch, school_class.subject, parsed.knowledge_points)
    q_matrix = [
        {
            "question_id": question_ids[(item.assessment, item.item_id)],
            "knowledge_point_id": kp_ids[kp],
            "position": position,
        }
        for item in parsed.items
        for position, kp in enumerate(dict.fromkeys(item.knowledge_points))
    ]
    if q_matrix:
        session.execute(insert(QuestionKnowledgePoint), q_matrix)
    return question_ids


def _store_knowledge_points(session: Session, batch: ImportBatch, subject: str, names: Sequence[str]) -> dict[str, int]:
    """Insert the knowledge points the subject lacks; returns name -> row id for `names`."""
    return add_knowledge_points(session, subject, names, batch.id)


def _store_scores(
    session: Session,
    parsed: ParsedGradebook,
    students: dict[str, int],
    questions: dict[tuple[str, str], int],
) -> tuple[int, int, int]:
    """Insert every score cell (NULL where missing) with the letters chosen; returns the counts observed, missing
    (blank or absent) and unscored (letters chosen, waiting for the paper's answer key)."""
    scores = parsed.scores
    points = scores["score"].to_numpy(dtype=float)
    observed = ~np.isnan(points)
    rows = list(
        zip(
            [students[number] for number in scores["student_id"].tolist()],
            [questions[key] for key in zip(scores["assessment"].tolist(), scores["item_id"].tolist())],
            [point if seen else None for point, seen in zip(points.tolist(), observed.tolist())],
            [answer or None for answer in scores["answer"].tolist()],
        )
    )
    _insert_scores(session, rows)
    n_observed = int(observed.sum())
    unscored = sum(1 for _, _, point, answer in rows if point is None and answer is not None)
    return n_observed, len(rows) - n_observed - unscored, unscored


def _insert_scores(session: Session, rows: list[tuple[int, int, float | None, str | None]]) -> None:
    """Insert (student_id, question_id, points, answer) rows, the table's column order, in one executemany."""
    insert_tuples(session, "scores", [column.name for column in cast(Table, Score.__table__).columns], list(rows))
