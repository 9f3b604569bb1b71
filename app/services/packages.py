"""Exam packages (考试包): one file per exam that passes its paper and tagging, and optionally its scores, to a
colleague without a server (no Qt). The format is `app.core.exam_package` (docs/EXAM_PACKAGE.md).

Export: a class's exam, its paper (the stored one, else what its questions imply), the subject's knowledge graph,
and with scores those of every class in the store that sat that exam (`storage.same_exam`), named or anonymised.

Import, in one transaction after a backup: the paper is stored once (an equal stored paper is reused) and set on
the colleague's exams it belongs on (`exams_for`: those of the exam's name, else those of its date whose questions
are all on the paper; or the exam chosen), else kept, so that the gradebook of that exam imported later takes its
tags (`storage.find_paper`). The scores land as classes of their own, one undoable import each (the package's
classes are one file: undoing one takes back all of them). A class the store already has is never touched; a
package imported before is recognised, and nothing is done twice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.problems import Refused, Text
from app.core.progress import NullProgress, Progress, checkpoint
from app.core.text import question_key
from app.core.vocabulary import listed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.exam_package import PackageExam
    from app.core.paper import Paper
    from app.importer.exam_package import ExamPackage
    from app.storage import Database, StoredExam, TagSummary
    from app.storage import ImportSummary as ImportSummary  # what the faces get, through this module


class PackageImportedBefore(Refused):
    """Everything the package holds is in the store already: nothing was changed."""


@dataclass(frozen=True)
class PackageRequest:
    """Which exam to package, where, and with what (the dialog and `python -m app package export` alike)."""

    class_name: str
    assessment: str
    out: Path
    with_scores: bool = False  # the scores of every class that sat the exam
    anonymise: bool = False  # those scores under pseudonyms: no name, no number
    lang: str = "en"  # of the pseudonyms ("学生 K7QX" / "Student K7QX")


@dataclass(frozen=True)
class PackageExport:
    """What an export wrote: the file, its exam, the paper's questions, the classes whose scores it holds (and
    their students), and what the teacher should know."""

    path: Path
    exam: str
    questions: int
    classes: tuple[str, ...]
    students: int
    notes: list[Text] = field(default_factory=list)


class ScoresFate(StrEnum):
    """What an import does with one class's scores in a package."""

    NEW = "new"  # lands as a class of its own
    IMPORTED = "imported"  # the same scores are in the store already (imported before)
    KEPT = "kept"  # the store has a class of that name: it is never touched, so these scores stay out


class GraphFate(StrEnum):
    """What an import does with the package's knowledge graph."""

    NONE = "none"  # the package has none
    NEW = "new"  # taken: the store has no graph for the subject
    SAME = "same"  # the store has these very edges
    KEPT = "kept"  # the store's own graph is kept


@dataclass(frozen=True)
class ExamTarget:
    """A colleague's exam the paper goes on, and whether it is set from that paper already (a paper of the same
    questions, under whatever name: it is not tagged again, so its diagnoses stay current)."""

    class_name: str
    assessment: str
    already: bool


@dataclass(frozen=True)
class ClassScores:
    """A class's scores in a package and what the import does with them."""

    class_name: str
    assessment: str
    students: int
    scores: int
    fate: ScoresFate


@dataclass(frozen=True)
class PackagePlan:
    """What importing a package does, seen before it is done (the dialog's preview, `package show`)."""

    source: str
    exam: PackageExam
    exported: str
    paper_stored: bool  # an equal paper is in the store already
    exams: tuple[ExamTarget, ...]  # where the paper goes (none: kept for a later import of the exam)
    classes: tuple[ClassScores, ...]
    graph: GraphFate
    tag: bool  # False: the teacher asked for no exam to be tagged

    @property
    def nothing_to_do(self) -> bool:
        """True when the store holds everything the package brings (it was imported before)."""
        return (
            self.paper_stored
            and all(e.already for e in self.exams)
            and all(c.fate is not ScoresFate.NEW for c in self.classes)
            and self.graph is not GraphFate.NEW
        )


@dataclass(frozen=True)
class PackageImport:
    """What an import did: its plan, the tagging of the colleague's exams, one import per new class."""

    plan: PackagePlan
    tagged: TagSummary | None
    imports: list[ImportSummary]
    paper_id: int


@dataclass(frozen=True)
class PackageImportRequest:
    """Which package to import, and where its paper goes: `class_name` / `assessment` choose the exam (else the
    exams `exams_for` finds); `tag` False keeps the paper for a later import and tags no exam now."""

    path: Path
    class_name: str | None = None
    assessment: str | None = None
    tag: bool = True


def package_classes(db: Database, class_name: str, assessment: str) -> list[str]:
    """The classes whose scores a package of this exam carries with scores: the class, then the others that sat it."""
    from app.storage import assessment_ids, same_exam

    with db.session() as session:
        assessment_ids(session, assessment, class_name)  # NotFound, naming the exams there are
        return [name for name, _ in same_exam(session, class_name, assessment)]


def export_package(db: Database, request: PackageRequest, progress: Progress | None = None) -> PackageExport:
    """Write the exam package of `request` (whole or not at all)."""
    from app.core.exam_package import PackageExam
    from app.export.anonymise import People, pseudonym_secret
    from app.export.exam_package import ClassScores as Written
    from app.export.exam_package import write_exam_package
    from app.storage import (
        assessment_ids,
        get_class,
        implied_paper,
        load_paper,
        load_parents,
        load_prerequisites,
        paper_id_of,
        same_exam,
        score_rows,
        stored_exams,
    )

    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "read")
    with db.session() as session:
        (found,) = assessment_ids(session, request.assessment, request.class_name)
        paper_id = paper_id_of(session, found)
        paper = load_paper(session, paper_id) if paper_id is not None else implied_paper(session, found)
        (stored,) = stored_exams(session, [found])
        subject = get_class(session, request.class_name).subject
        exam = PackageExam(
            request.assessment,
            stored.date,
            paper,
            subject,
            tuple(load_prerequisites(session, subject)),
            request.with_scores and request.anonymise,
            tuple(load_parents(session, subject).items()),
        )
        taken = same_exam(session, request.class_name, request.assessment) if request.with_scores else []
        rows = {name: [r for r in score_rows(session, name) if r[2] == exam_name] for name, exam_name in taken}
    checkpoint(progress, 0.5, "write")
    secret, note = pseudonym_secret() if exam.anonymised else (None, None)
    classes = []
    for name, exam_name in taken:
        names = dict((row[0], row[1]) for row in rows[name])
        people = People(list(names), list(names.values()), anonymise=exam.anonymised, secret=secret, lang=request.lang)
        classes.append(Written(name, exam_name, rows[name], people))
    path = write_exam_package(exam, classes, request.out)
    notes = [note] if note else []
    if not any(q.knowledge_points for q in paper.questions):
        notes.append(
            Text(
                "这份试卷还没有标注知识点：同事导入后也没有。可先在“编辑试卷”中标注再导出。",
                "The paper has no knowledge points yet, so the colleague gets none: tag it (Edit the exam's paper) "
                "and export again.",
            )
        )
    progress.report(1.0, "done")
    students = sum(len({row[0] for row in rows[name]}) for name, _ in taken)
    return PackageExport(path, request.assessment, len(paper.questions), tuple(n for n, _ in taken), students, notes)


def read_package(path: Path) -> ExamPackage:
    """The exam package at `path`, checked (GradebookError naming the file and the part where it is none)."""
    from app.importer.exam_package import read_exam_package

    return read_exam_package(path)


def preview_package(db: Database, request: PackageImportRequest, progress: Progress | None = None) -> PackagePlan:
    """What importing the package would do, the store unchanged (the window's dialog, `package show`)."""
    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "read")
    package = read_package(request.path)
    checkpoint(progress, 0.8, "plan")
    with db.session() as session:
        return _planned(session, package, request)[1]


def import_package(db: Database, request: PackageImportRequest, progress: Progress | None = None) -> PackageImport:
    """Import the package in one transaction (after a backup); PackageImportedBefore when it brings nothing new."""
    from app.storage import attach_paper, import_gradebook, save_prerequisites

    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "read")
    package = read_package(request.path)
    with db.session() as session:  # a package imported before is told so before a backup is made for nothing
        plan = _planned(session, package, request)[1]
    if plan.nothing_to_do:
        raise PackageImportedBefore(_imported_before(plan))
    checkpoint(progress, 0.5, "store")
    with db.writing(backup="before-package") as session:
        targets, plan = _planned(session, package, request)  # again: the store may have changed meanwhile
        if plan.nothing_to_do:
            raise PackageImportedBefore(_imported_before(plan))
        paper_id = _stored_paper_id(session, package)
        changed = [t.assessment_id for t, e in zip(targets, plan.exams) if not e.already]
        tagged = attach_paper(session, paper_id, changed) if changed else None
        fates = {c.class_name: c.fate for c in plan.classes}
        imports = [
            import_gradebook(session, part.scores, part.class_name, paper_id=paper_id)
            for part in package.classes
            if fates[part.class_name] is ScoresFate.NEW
        ]
        if plan.graph is GraphFate.NEW:
            save_prerequisites(session, _subject(session, plan), package.exam.prerequisites, package.exam.parents)
    progress.report(1.0, "done")  # committed: too late to cancel
    return PackageImport(plan, tagged, imports, paper_id)


def exams_for(exam: PackageExam, exams: list[StoredExam]) -> list[StoredExam]:
    """The stored exams a package's paper belongs on: those of its name, else those of its date whose questions are
    all questions of the paper (one exam under another name, e.g. 期中考试 and 2026秋期中数学)."""
    named = [e for e in exams if e.name == exam.name]
    if named or exam.date is None:
        return named
    on_paper = {question_key(q.label) for q in exam.paper.questions}
    return [e for e in exams if e.date == exam.date and e.labels and {question_key(x) for x in e.labels} <= on_paper]


def _targets(session: Session, exam: PackageExam, request: PackageImportRequest) -> list[StoredExam]:
    """The exams the paper goes on: the one chosen, or those `exams_for` finds (in the class chosen); none when the
    teacher asked for none. NotFound, naming the class's exams, when a class is chosen and none of them fits."""
    from app.storage import assessment_ids, stored_exams

    if not request.tag:
        return []
    if request.assessment is not None:
        return stored_exams(session, assessment_ids(session, request.assessment, request.class_name))
    exams = stored_exams(session)
    if request.class_name is not None:
        exams = [e for e in exams if e.class_name == request.class_name]
        found = exams_for(exam, exams)
        if not found:
            assessment_ids(session, exam.name, request.class_name)  # NotFound: no such class, or its exams listed
        return found
    return exams_for(exam, exams)


def _planned(
    session: Session, package: ExamPackage, request: PackageImportRequest
) -> tuple[list[StoredExam], PackagePlan]:
    """The exams the paper goes on, and what importing `package` does to the store as it is: the paper on them,
    each class's scores, the graph."""
    from app.storage import DuplicateImport, find_same_paper, load_paper, load_prerequisites, refuse_duplicate

    targets = _targets(session, package.exam, request)
    stored_id = find_same_paper(session, _paper(package))
    questions = package.exam.paper.questions
    papers = {e.paper_id: load_paper(session, e.paper_id).questions for e in targets if e.paper_id is not None}
    exams = tuple(
        ExamTarget(e.class_name, e.name, e.paper_id is not None and papers[e.paper_id] == questions) for e in targets
    )
    existing = set(_class_names(session))
    classes = []
    for part in package.classes:
        try:
            refuse_duplicate(session, part.scores)
            fate = ScoresFate.KEPT if part.class_name in existing else ScoresFate.NEW
        except DuplicateImport:
            fate = ScoresFate.IMPORTED
        observed = int(part.scores.scores["score"].notna().sum())
        classes.append(ClassScores(part.class_name, part.assessment, len(part.scores.students), observed, fate))
    plan = PackagePlan(
        package.source,
        package.exam,
        package.exported,
        stored_id is not None,
        exams,
        tuple(classes),
        GraphFate.NONE,
        request.tag,
    )
    if package.exam.prerequisites:
        own = set(load_prerequisites(session, _subject(session, plan)))
        graph = (
            GraphFate.NEW if not own else GraphFate.SAME if own == set(package.exam.prerequisites) else GraphFate.KEPT
        )
        plan = dataclasses.replace(plan, graph=graph)
    return targets, plan


def _paper(package: ExamPackage) -> Paper:
    """The package's paper as the store keeps it: named as its exam, so that a gradebook of that exam imported later
    takes its tags (`storage.find_paper`), and read from the package."""
    return dataclasses.replace(package.exam.paper, name=package.exam.name, source=package.source)


def _stored_paper_id(session: Session, package: ExamPackage) -> int:
    """The stored paper equal to the package's, else the package's paper stored now."""
    from app.storage import find_same_paper, save_paper

    found = find_same_paper(session, _paper(package))
    return found if found is not None else save_paper(session, _paper(package))


def _subject(session: Session, plan: PackagePlan) -> str:
    """The subject the package's knowledge graph goes under: that of the first exam tagged, else of a new class."""
    from app.storage import get_class

    return get_class(session, plan.exams[0].class_name).subject if plan.exams else ""


def _class_names(session: Session) -> list[str]:
    from app.storage import list_classes

    return [c.name for c in list_classes(session)]


def _imported_before(plan: PackagePlan) -> Text:
    """The package brought nothing new: say what of it the store holds."""
    zh = f"考试包“{plan.source}”已导入过，没有任何改动：试卷“{plan.exam.name}”已在数据库中"
    en = f"The package '{plan.source}' was imported before; nothing was changed: the paper '{plan.exam.name}' is stored"
    if plan.exams:
        zh += "，" + listed((f"{e.class_name}“{e.assessment}”" for e in plan.exams), "zh") + "已按它标注"
        en += ", " + listed((f"{e.class_name} '{e.assessment}'" for e in plan.exams), "en") + " set from it"
    classes = [c.class_name for c in plan.classes if c.fate is ScoresFate.IMPORTED]
    if classes:
        zh += f"，{listed(classes, 'zh')}的成绩已导入"
        en += f", the scores of {listed(classes, 'en')} imported"
    return Text(zh + "。", en + ".")
