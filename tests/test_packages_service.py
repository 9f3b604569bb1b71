"""Exam packages between two stores: export from one teacher's, import into a colleague's. The same paper and tags,
the same scores; anonymised scores name no one; the colleague's own classes and students are never touched; a
package imported twice changes nothing; undo takes its classes back; a refused import changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from sample_stores import copy_store

from app.core.exam_package import PackageExam
from app.core.paper import Paper, PaperQuestion
from app.core.problems import GradebookError
from app.services.importing import ImportRequest, import_parsed, read_checked
from app.services.packages import (
    GraphFate,
    PackageImportedBefore,
    PackageImportRequest,
    PackageRequest,
    ScoresFate,
    exams_for,
    export_package,
    import_package,
    package_classes,
    preview_package,
)
from app.services.store import undo_import
from app.storage import (
    Database,
    NotFound,
    StoredExam,
    assessment_ids,
    implied_paper,
    list_classes,
    list_imports,
    list_papers,
    load_paper,
    load_parents,
    load_prerequisites,
    open_database,
    paper_id_of,
    save_prerequisites,
    score_rows,
    store_summary,
)

CLASS = "八年级(3)班"
EXAM = "2026年11月八年级数学第二次月考"  # the sample's grade exam: four classes, its 双向细目表, choice letters
GRADE = ["八年级(3)班", "八年级(1)班", "八年级(2)班", "八年级(4)班"]


@pytest.fixture
def source(sample_store: Path, tmp_path: Path):
    """The teacher's store: a copy of the sample (four classes of a grade)."""
    (tmp_path / "teacher").mkdir()
    with open_database(copy_store(sample_store, tmp_path / "teacher")) as db:
        yield db


def _store(tmp_path: Path, name: str) -> Database:
    (tmp_path / name).mkdir(exist_ok=True)
    return open_database(tmp_path / name / "zhidian.db")


def _export(db: Database, tmp_path: Path, **options) -> Path:
    return export_package(db, PackageRequest(CLASS, EXAM, tmp_path / "月考.zhidian", **options)).path


def _exam_tags(db: Database, class_name: str, exam: str) -> list[tuple]:
    """What the exam's questions say now: (label, full marks, knowledge points, kind, key) in order."""
    with db.session() as session:
        (found,) = assessment_ids(session, exam, class_name)
        paper = implied_paper(session, found)
    return [(q.label, q.max_score, q.knowledge_points, q.kind, q.answer_key) for q in paper.questions]


def _rows(db: Database, class_name: str, exam: str | None = None) -> list[tuple]:
    with db.session() as session:
        return [r for r in score_rows(session, class_name) if exam is None or r[2] == exam]


def _totals(db: Database):
    with db.session() as session:
        return store_summary(session), [c.name for c in list_classes(session)], len(list_papers(session))


def _colleague_class(
    source: Database,
    db: Database,
    tmp_path: Path,
    class_name: str,
    *,
    exam: str = EXAM,
    date: dt.date | None = None,
    full: float | None = None,
) -> None:
    """A class of the colleague's own that sat the exam, imported from a file without tags: 八年级(3)班's scores under
    other student numbers and names (on `date`, every full mark `full` and the first score that, when given)."""
    from app.export.scores import export_scores

    prefix = f"{sum(map(ord, class_name)) % 90 + 10}"
    rows = [
        (
            f"{prefix}{sid}",
            f"同事学生{n}",
            exam,
            date or day,
            label,
            full if full and n == 0 else points,
            full or top,
            "",
        )
        for n, (sid, _, _, day, label, points, top, _) in enumerate(_rows(source, CLASS, EXAM))
    ]
    path = export_scores(rows, tmp_path / f"{class_name}.csv", "csv", class_name)
    import_parsed(db, ImportRequest(read_checked(path), class_name, path=str(path)))


# ---------------------------------------------------------------- the round trip


def test_the_same_paper_tags_scores_and_graph_arrive_in_a_second_store(
    store_location, source: Database, tmp_path: Path
) -> None:
    with source.writing() as session:  # the graph with its units (a parent column)
        save_prerequisites(session, "", load_prerequisites(session, ""), [("一次函数", "函数"), ("勾股定理", "三角形")])
    path = _export(source, tmp_path, with_scores=True)
    with open_database(store_location) as colleague:
        done = import_package(colleague, PackageImportRequest(path))
        assert [s.class_name for s in done.imports] == GRADE
        assert done.tagged is None  # no exam of the colleague's own to tag
        for name in GRADE:
            assert _rows(colleague, name) == _rows(source, name, EXAM)
            assert _exam_tags(colleague, name, EXAM) == _exam_tags(source, name, EXAM)
        with source.session() as s, colleague.session() as c:
            sent = load_paper(s, paper_id_of(s, assessment_ids(s, EXAM, CLASS)[0]))
            got = load_paper(c, done.paper_id)
            assert got == dataclasses.replace(sent, name=EXAM, source="月考.zhidian")  # named as its exam
            assert all(paper_id_of(c, a) == done.paper_id for a in assessment_ids(c, EXAM))
            assert load_prerequisites(c, "") == load_prerequisites(s, "") != []
            assert load_parents(c, "") == load_parents(s, "") == {"一次函数": "函数", "勾股定理": "三角形"}
        assert done.plan.graph is GraphFate.NEW


def test_anonymised_scores_hold_no_real_name_or_number_and_read_back_under_pseudonyms(
    store_location, source: Database, tmp_path: Path
) -> None:
    from app.export.anonymise import People, default_secret

    path = _export(source, tmp_path, with_scores=True, anonymise=True)
    with zipfile.ZipFile(path) as archive:
        everything = "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    real = {text for name in GRADE for row in _rows(source, name) for text in row[:2] if text}
    assert len(real) > 300  # 158 numbers and names
    assert [text for text in real if text in everything] == []
    with open_database(store_location) as colleague:
        import_package(colleague, PackageImportRequest(path))
        for name in GRADE:
            sent = _rows(source, name, EXAM)
            ids = list(dict.fromkeys(r[0] for r in sent))
            people = People(ids, [None] * len(ids), anonymise=True, secret=default_secret())
            expected = sorted(
                ((people.code(sid), people.name(sid), *rest) for sid, _, *rest in sent), key=lambda r: (r[0], r[4])
            )
            assert sorted(_rows(colleague, name), key=lambda r: (r[0], r[4])) == expected
            assert all(r[1].startswith("Student ") for r in expected)


def test_a_paper_alone_tags_the_colleagues_exam_and_leaves_its_students_and_scores(
    store_location, source: Database, tmp_path: Path
) -> None:
    path = _export(source, tmp_path)  # no scores
    with open_database(store_location) as colleague:
        _colleague_class(source, colleague, tmp_path, "八年级(7)班")
        before_rows = _rows(colleague, "八年级(7)班")
        before = _totals(colleague)
        assert all(not kps for _, _, kps, _, _ in _exam_tags(colleague, "八年级(7)班", EXAM))
        plan = preview_package(colleague, PackageImportRequest(path))
        assert [(e.class_name, e.assessment, e.already) for e in plan.exams] == [("八年级(7)班", EXAM, False)]
        assert _totals(colleague) == before  # a preview changes nothing
        done = import_package(colleague, PackageImportRequest(path))
        assert done.tagged is not None and done.tagged.assessments == (("八年级(7)班", EXAM),)
        assert done.tagged.questions == 20 and done.imports == []
        assert _exam_tags(colleague, "八年级(7)班", EXAM) == _exam_tags(source, CLASS, EXAM)
        assert _rows(colleague, "八年级(7)班") == [(*r[:7], t) for r, t in zip(before_rows, _tags_of(source))]
        assert _totals(colleague)[0].students == before[0].students
        if colleague.path is not None:  # a file is copied first; a server is backed up by the school (pg_dump)
            assert colleague.backups[-1].reason == "before-package"


def _tags_of(source: Database) -> list[str]:
    """The knowledge points of each of 八年级(3)班's score rows of the exam, as score_rows joins them."""
    return [r[7] for r in _rows(source, CLASS, EXAM)]


def test_the_paper_goes_on_the_exam_chosen_only(store_location, source: Database, tmp_path: Path) -> None:
    path = _export(source, tmp_path)
    with open_database(store_location) as colleague:
        _colleague_class(source, colleague, tmp_path, "八年级(7)班")
        _colleague_class(source, colleague, tmp_path, "八年级(8)班", exam="月考二")
        chosen = PackageImportRequest(path, class_name="八年级(8)班", assessment="月考二")
        done = import_package(colleague, chosen)
        assert done.tagged is not None and done.tagged.assessments == (("八年级(8)班", "月考二"),)
        assert all(not kps for _, _, kps, _, _ in _exam_tags(colleague, "八年级(7)班", EXAM))
        with pytest.raises(NotFound, match="Its exams: 2026年11月八年级数学第二次月考"):
            preview_package(colleague, PackageImportRequest(path, class_name="八年级(7)班", assessment="期末"))
        with pytest.raises(NotFound, match="There is no class named '九年级'"):
            preview_package(colleague, PackageImportRequest(path, class_name="九年级"))


def test_a_class_chosen_without_the_exam_is_refused_naming_its_exams(
    store_location, source: Database, tmp_path: Path
) -> None:
    path = _export(source, tmp_path)
    with open_database(store_location) as colleague:
        _colleague_class(source, colleague, tmp_path, "八年级(8)班", exam="月考二", date=dt.date(2026, 12, 1))
        before = _totals(colleague)
        with pytest.raises(
            NotFound,
            match=re.escape("no assessment '2026年11月八年级数学第二次月考' in class '八年级(8)班'. Its exams: 月考二"),
        ):
            import_package(colleague, PackageImportRequest(path, class_name="八年级(8)班"))
        assert _totals(colleague) == before


def test_without_tagging_the_paper_waits_for_the_exams_gradebook(
    store_location, source: Database, tmp_path: Path
) -> None:
    path = _export(source, tmp_path)
    with open_database(store_location) as colleague:
        _colleague_class(source, colleague, tmp_path, "八年级(7)班")
        done = import_package(colleague, PackageImportRequest(path, tag=False))
        assert done.tagged is None and done.plan.exams == ()
        assert all(not kps for _, _, kps, _, _ in _exam_tags(colleague, "八年级(7)班", EXAM))
        _colleague_class(source, colleague, tmp_path, "八年级(9)班")  # the exam's gradebook, imported later
        assert _exam_tags(colleague, "八年级(9)班", EXAM) == _exam_tags(source, CLASS, EXAM)


def test_an_empty_store_keeps_the_paper_for_a_later_import(store_location, source: Database, tmp_path: Path) -> None:
    path = _export(source, tmp_path)
    with open_database(store_location) as colleague:
        plan = preview_package(colleague, PackageImportRequest(path))
        assert (plan.exams, plan.classes, plan.paper_stored) == ((), (), False)
        import_package(colleague, PackageImportRequest(path))
        with colleague.session() as session:
            assert [p.name for p in list_papers(session)] == [EXAM]
        _colleague_class(source, colleague, tmp_path, "八年级(7)班")
        assert _exam_tags(colleague, "八年级(7)班", EXAM) == _exam_tags(source, CLASS, EXAM)


def test_an_exam_set_from_the_same_questions_is_not_tagged_again(source: Database, tmp_path: Path) -> None:
    """The grade's exams hold the paper of its 细目表; the package's paper has the same questions under the exam's
    name: nothing is re-tagged, so no diagnosis goes out of date."""
    path = _export(source, tmp_path)
    with source.session() as session:
        before = {c.name: c.last_change for c in list_classes(session)}
    plan = preview_package(source, PackageImportRequest(path))
    assert [(e.class_name, e.already) for e in plan.exams] == [(name, True) for name in sorted(GRADE)]
    assert not plan.paper_stored and not plan.nothing_to_do  # the paper, under the exam's name, is new
    done = import_package(source, PackageImportRequest(path))
    assert done.tagged is None
    with source.session() as session:
        assert {c.name: c.last_change for c in list_classes(session)} == before
        assert list_papers(session)[0].name == EXAM  # kept for the exam's gradebook of next year
    with pytest.raises(PackageImportedBefore):
        import_package(source, PackageImportRequest(path))


# ---------------------------------------------------------------- the colleague's own data


def test_a_class_the_colleague_has_is_never_touched_by_the_packages_scores(
    store_location, source: Database, tmp_path: Path
) -> None:
    path = _export(source, tmp_path, with_scores=True)
    with open_database(store_location) as colleague:
        _colleague_class(source, colleague, tmp_path, CLASS)  # their own 八年级(3)班: other students
        own = _rows(colleague, CLASS)
        plan = preview_package(colleague, PackageImportRequest(path))
        assert {c.class_name: c.fate for c in plan.classes} == {
            CLASS: ScoresFate.KEPT,
            "八年级(1)班": ScoresFate.NEW,
            "八年级(2)班": ScoresFate.NEW,
            "八年级(4)班": ScoresFate.NEW,
        }
        done = import_package(colleague, PackageImportRequest(path))
        assert [s.class_name for s in done.imports] == ["八年级(1)班", "八年级(2)班", "八年级(4)班"]
        after = _rows(colleague, CLASS)
        assert [r[:7] for r in after] == [r[:7] for r in own]  # the same students and points; only tags came
        assert {r[0] for r in after}.isdisjoint(r[0] for r in _rows(source, CLASS))


def test_a_package_imported_twice_changes_nothing_the_second_time(
    store_location, source: Database, tmp_path: Path
) -> None:
    path = _export(source, tmp_path, with_scores=True)
    with open_database(store_location) as colleague:
        _colleague_class(source, colleague, tmp_path, "八年级(7)班")
        import_package(colleague, PackageImportRequest(path))
        before, imports, backups = _totals(colleague), _imports(colleague), len(colleague.backups)
        plan = preview_package(colleague, PackageImportRequest(path))
        assert plan.nothing_to_do and plan.paper_stored
        assert all(e.already for e in plan.exams) and len(plan.exams) == 5
        assert {c.fate for c in plan.classes} == {ScoresFate.IMPORTED}
        assert plan.graph is GraphFate.SAME
        with pytest.raises(PackageImportedBefore, match="was imported before; nothing was changed"):
            import_package(colleague, PackageImportRequest(path))
        assert (_totals(colleague), _imports(colleague), len(colleague.backups)) == (before, imports, backups)
        again = export_package(source, PackageRequest(CLASS, EXAM, tmp_path / "again.zhidian", with_scores=True))
        with pytest.raises(PackageImportedBefore):  # exported again, the same content: recognised too
            import_package(colleague, PackageImportRequest(again.path))


def _imports(db: Database) -> list[tuple]:
    with db.session() as session:
        return [(r.batch_id, r.class_name, r.source) for r in list_imports(session)]


def test_undo_takes_every_class_of_the_package_back(store_location, source: Database, tmp_path: Path) -> None:
    path = _export(source, tmp_path, with_scores=True)
    with open_database(store_location) as colleague:
        _colleague_class(source, colleague, tmp_path, "八年级(7)班")
        before = _totals(colleague)[:2]
        done = import_package(colleague, PackageImportRequest(path))
        assert [r[2] for r in _imports(colleague)[:4]] == ["月考.zhidian"] * 4
        undone = undo_import(colleague)
        assert sorted(u.batch_id for u in undone) == sorted(s.batch_id for s in done.imports)
        assert all(u.class_removed for u in undone)
        after = _totals(colleague)
        assert after[1] == before[1] and (after[0].students, after[0].scores) == (before[0].students, before[0].scores)


def test_an_import_refused_half_way_changes_nothing(store_location, source: Database, tmp_path: Path) -> None:
    """The colleague's exam gives a question more points than the package's paper: tagging it is refused, and
    with it the whole import (no paper stored, no class of the package's scores)."""
    path = _export(source, tmp_path, with_scores=True)
    with open_database(store_location) as colleague:
        _colleague_class(source, colleague, tmp_path, "八年级(7)班", full=20.0)
        with colleague.session() as session:
            papers = len(list_papers(session))
        before = _totals(colleague)
        with pytest.raises(GradebookError, match="above the paper's full marks"):
            import_package(colleague, PackageImportRequest(path))
        assert _totals(colleague) == before and before[2] == papers


# ---------------------------------------------------------------- what is exported, which exam is meant


def test_the_grade_that_sat_the_exam_is_offered_and_an_unknown_exam_refused(source: Database, tmp_path) -> None:
    assert package_classes(source, CLASS, EXAM) == GRADE
    assert package_classes(source, CLASS, "期中考试") == [CLASS]
    with pytest.raises(NotFound, match="Its exams: 第一次月考, 期中考试, 2026年11月八年级数学第二次月考"):
        export_package(source, PackageRequest(CLASS, "期末考试", tmp_path / "x.zhidian"))


def test_an_exam_without_a_stored_paper_goes_with_the_tags_its_file_gave(
    store_location, source: Database, tmp_path: Path
) -> None:
    done = export_package(source, PackageRequest(CLASS, "期中考试", tmp_path / "期中.zhidian", with_scores=True))
    assert (done.classes, done.questions, done.notes) == ((CLASS,), 20, [])
    with open_database(store_location) as colleague:
        import_package(colleague, PackageImportRequest(done.path))
        assert _exam_tags(colleague, CLASS, "期中考试") == _exam_tags(source, CLASS, "期中考试")
        assert _rows(colleague, CLASS) == _rows(source, CLASS, "期中考试")


def test_a_paper_without_knowledge_points_says_so(tmp_path: Path) -> None:
    from storage_helpers import gradebook

    from app.services.importing import store_request

    with _store(tmp_path, "bare") as db:
        with db.writing() as session:
            book = gradebook(items=(("Q1", 1.0, ()), ("Q2", 2.0, ())))
            store_request(session, ImportRequest(book, "高一(1)班"))
        done = export_package(db, PackageRequest("高一(1)班", "Exam 1", tmp_path / "bare.zhidian"))
    assert "no knowledge points" in done.notes[0].en


def _exam(name: str, date: dt.date | None, labels: tuple[str, ...]) -> StoredExam:
    return StoredExam(1, "八年级(7)班", name, date, labels, None)


def test_the_exams_a_paper_belongs_on_are_those_of_its_name_else_of_its_date_on_the_paper() -> None:
    day = dt.date(2026, 11, 25)
    paper = Paper("x", (PaperQuestion("1", 3.0), PaperQuestion("2", 3.0), PaperQuestion("17(1)", 5.0)))
    exam = PackageExam("第二次月考", day, paper)
    same_name = _exam("第二次月考", None, ("9", "10"))
    same_day = _exam("2026秋月考二", day, ("第1题", "2"))
    other_subject = _exam("语文月考", day, ("1", "作文"))
    other_day = _exam("第一次月考", dt.date(2026, 10, 12), ("1", "2"))
    assert exams_for(exam, [same_name, same_day, other_subject]) == [same_name]  # a name wins
    assert exams_for(exam, [same_day, other_subject, other_day]) == [same_day]
    assert exams_for(dataclasses.replace(exam, date=None), [same_day, other_day]) == []
    assert exams_for(exam, [_exam("空", day, ())]) == []
