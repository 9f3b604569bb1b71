"""The bundled sample class loads into a store in one call, once."""

from app.services.sample import SAMPLE_CLASS, load_sample, sample_files
from app.storage import list_classes, load_prerequisites, load_score_matrix, open_database


def test_sample_files_are_bundled() -> None:
    files = sample_files()
    assert len(files.gradebooks) == 2
    assert files.prerequisites is not None and files.prerequisites.exists()


def test_load_sample_imports_both_exams_and_the_graph_once(tmp_path) -> None:
    with open_database(tmp_path / "z.db") as db:
        summaries = load_sample(db)
        assert [s.students for s in summaries] == [40, 40]
        assert load_sample(db) == []  # already there: nothing new
        with db.session() as session:
            (record,) = list_classes(session)
            assert record.name == SAMPLE_CLASS
            assert record.assessments == ("第一次月考", "期中考试")
            matrix = load_score_matrix(session, SAMPLE_CLASS)
            assert matrix.points.shape == (40, 40)
            assert len(matrix.knowledge_points) == 10
            assert ("一次函数", "平面直角坐标系") in load_prerequisites(session, record.subject)
