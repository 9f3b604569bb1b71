"""The bundled sample loads into a store in one call, once: a class's two exams and the grade's third."""

from app.services.sample import SAMPLE_CLASS, load_sample, sample_files
from app.storage import list_classes, list_papers, load_prerequisites, load_score_matrix, open_database

GRADE_EXAM = "2026年11月八年级数学第二次月考"  # named by the export's title row


def test_sample_files_are_bundled() -> None:
    files = sample_files()
    assert len(files.gradebooks) == 2
    assert files.grade_export is not None and files.paper is not None
    assert files.prerequisites is not None and files.prerequisites.exists()


def test_load_sample_imports_the_class_the_grade_and_the_graph_once(tmp_path) -> None:
    with open_database(tmp_path / "z.db") as db:
        summaries = load_sample(db)
        assert [(s.class_name, s.students) for s in summaries] == [
            (SAMPLE_CLASS, 40),
            (SAMPLE_CLASS, 40),
            ("八年级(1)班", 38),
            ("八年级(2)班", 41),
            (SAMPLE_CLASS, 40),
            ("八年级(4)班", 39),
        ]
        assert load_sample(db) == []  # already there: nothing new
        with db.session() as session:
            classes = {c.name: c for c in list_classes(session)}
            record = classes[SAMPLE_CLASS]
            assert sorted(classes) == ["八年级(1)班", "八年级(2)班", SAMPLE_CLASS, "八年级(4)班"]
            assert record.assessments == ("第一次月考", "期中考试", GRADE_EXAM)
            assert classes["八年级(1)班"].assessments == (GRADE_EXAM,)
            matrix = load_score_matrix(session, SAMPLE_CLASS)
            assert matrix.points.shape == (40, 60)
            assert len(matrix.knowledge_points) == 10
            grade = load_score_matrix(session, SAMPLE_CLASS, [GRADE_EXAM])
            assert grade.max_scores.sum() == 94  # full marks from the 细目表, 17 (their sum) left out
            assert ("一次函数", "平面直角坐标系") in load_prerequisites(session, record.subject)
            (paper,) = list_papers(session)
            assert len(paper.used_by) == 4
