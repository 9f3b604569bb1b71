"""`python -m app diagnose|predict`: the stored run, the prediction contract and its refusals."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from app import storage
from app.cli import main
from app.storage import list_diagnosis_runs, load_diagnosis, open_database

HEADER = "student_id,student_name,item_id,score,max_score,knowledge_points"


def _gradebook(folder: Path) -> Path:
    """12 students × 8 questions over 3 knowledge points, partial credit, one blank score."""
    rng = np.random.default_rng(3)
    rows = [HEADER]
    for s in range(12):
        ability = rng.normal()
        for i in range(8):
            score = "" if (s, i) == (4, 2) else str(int(rng.binomial(4, 1 / (1 + np.exp(-(ability - i / 4))))))
            rows.append(
                f"S{s:02d},学生{s},Q{i + 1},{score},4,{['代数', '几何', '统计'][i % 3]};{'代数' if i > 5 else ''}"
            )
    path = folder / "期中.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_diagnose_stores_a_run_and_reports_it(tmp_path, capsys) -> None:
    db = tmp_path / "zhidian.db"
    assert _run(capsys, "import", str(_gradebook(tmp_path)), "--class", "七(1)班", "--db", str(db))[0] == 0

    code, out, err = _run(capsys, "diagnose", "--db", str(db), "--json", "--device", "cpu")

    assert (code, err) == (0, "")
    record = json.loads(out)
    with open_database(db) as store, store.session() as session:
        runs = list_diagnosis_runs(session, "七(1)班")
        stored = load_diagnosis(session, runs[0].run_id)
    assert len(runs) == 1 and record["runs"][0]["run_id"] == runs[0].run_id
    assert (record["classes"], record["students"], record["knowledge_points"], record["device"]) == (1, 12, 3, "CPU")
    assert record["weak"] == int((stored.status == "weak").sum())
    assert record["runs"][0]["weak_by_knowledge_point"] == {
        kp: int((stored.status[:, k] == "weak").sum()) for k, kp in enumerate(stored.knowledge_points)
    }
    assert stored.device == "CPU" and record["seconds"] > 0


def test_diagnose_refuses_an_unknown_class_and_an_absent_device(tmp_path, capsys) -> None:
    db = tmp_path / "zhidian.db"
    _run(capsys, "import", str(_gradebook(tmp_path)), "--db", str(db))

    code, out, err = _run(capsys, "--lang", "en", "diagnose", "--class", "九(9)班", "--db", str(db))
    assert (code, out, err.strip()) == (2, "", "There is no class named '九(9)班'; the store holds 期中.")
    if not torch.cuda.is_available():
        code, _, err = _run(capsys, "--lang", "en", "diagnose", "--device", "cuda", "--db", str(db))
        assert code == 2 and "device 'cuda' is not available" in err
    with open_database(db) as store, store.session() as session:
        assert list_diagnosis_runs(session, "期中") == []


def test_predict_writes_one_probability_per_query_row_without_touching_the_users_store(
    tmp_path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(storage, "default_db_path", lambda: pytest.fail("predict opened the user's store"))
    query = tmp_path / "query.csv"
    pairs = [("S03", "Q2"), ("S00", "Q8"), ("S04", "Q3"), ("S03", "Q2")]  # repeats and a hidden score kept
    query.write_text("student_id,item_id\n" + "".join(f"{s},{i}\n" for s, i in pairs), encoding="utf-8")
    out = tmp_path / "pred.csv"

    code, _, _ = _run(capsys, "predict", str(_gradebook(tmp_path)), "--query", str(query), "--out", str(out))

    assert code == 0
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["student_id"], r["item_id"]) for r in rows] == pairs
    p = np.array([float(r["p"]) for r in rows])
    assert ((p >= 0) & (p <= 1)).all() and p[0] == p[3]


def test_predict_names_each_student_and_item_without_a_score_in_train_by_row(tmp_path, capsys) -> None:
    query = tmp_path / "query.csv"
    query.write_text("student_id,item_id\nS01,Q1\nX99,Q1\nS02,Q42\n", encoding="utf-8")
    out = tmp_path / "pred.csv"

    code, _, err = _run(
        capsys, "--lang", "en", "predict", str(_gradebook(tmp_path)), "--query", str(query), "--out", str(out)
    )

    assert code == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert err.splitlines() == [
        "warning: query.csv, row 3, column 'student_id': student 'X99' has no score in TRAIN: "
        "predicted as a new student of the class",
        "warning: query.csv, row 4, column 'item_id': item 'Q42' has no score in TRAIN: "
        "predicted as an untagged question of exam '期中'",
        f"Wrote 3 predictions to {out}",
    ]


def test_predict_refuses_a_query_without_an_item_column(tmp_path, capsys) -> None:
    query = tmp_path / "query.csv"
    query.write_text("student_id,foo\nS01,Q1\n", encoding="utf-8")

    code, _, err = _run(
        capsys,
        "--lang",
        "en",
        "predict",
        str(_gradebook(tmp_path)),
        "--query",
        str(query),
        "--out",
        str(tmp_path / "p.csv"),
    )

    assert code == 2
    assert err.strip() == "error: query.csv, row 1: the query file lacks column(s): item_id"


def test_diagnose_says_when_the_grade_calibrated_the_questions(tmp_path, capsys) -> None:
    db = tmp_path / "zhidian.db"
    first = _gradebook(tmp_path)
    (tmp_path / "2").mkdir()
    second = tmp_path / "2" / first.name  # the same exam sat by another class: other students
    second.write_text(first.read_text(encoding="utf-8").replace("S", "T").replace("学生", "同学"), encoding="utf-8")
    for name, path in (("七(1)班", first), ("七(2)班", second)):
        assert _run(capsys, "import", str(path), "--class", name, "--db", str(db))[0] == 0

    code, out, _ = _run(capsys, "--lang", "en", "diagnose", "--class", "七(1)班", "--db", str(db), "--device", "cpu")

    assert code == 0
    assert "; questions calibrated with 1 other class of the grade." in out.splitlines()[0]
    assert _run(capsys, "diagnose", "--db", str(db), "--json", "--device", "cpu")[1].count('"grade_classes": 1') == 2


TERM_HEADER = "student_id,student_name,assessment,date,item_id,score,max_score,knowledge_points"


def _term_gradebook(folder: Path, dates: dict[str, str]) -> Path:
    """16 students × 3 exams (A, B, C) of the same labels Q1-Q6; S00 wrong on all of A, right on all of B and
    without a score on C (blank cells); the others at random."""
    rng = np.random.default_rng(5)
    rows = [TERM_HEADER]
    for exam in ("A", "B", "C"):
        for s in range(16):
            ability = rng.normal()
            for i in range(6):
                if s == 0:
                    score = {"A": "0", "B": "2", "C": ""}[exam]
                else:
                    score = str(int(rng.binomial(2, 1 / (1 + np.exp(-(ability - i / 3))))))
                kp = ["代数", "几何"][i % 2]
                rows.append(f"S{s:02d},学生{s},{exam},{dates[exam]},Q{i + 1},{score},2,{kp}")
    path = folder / f"term-{'-'.join(dates.values())}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _predict(capsys, folder: Path, train: Path, pairs: list[tuple[str, str]]) -> tuple[int, str, np.ndarray]:
    query = folder / "query.csv"
    query.write_text("student_id,item_id\n" + "".join(f"{s},{i}\n" for s, i in pairs), encoding="utf-8")
    out = folder / "pred.csv"
    out.unlink(missing_ok=True)
    code, _, err = _run(capsys, "--lang", "en", "predict", str(train), "--query", str(query), "--out", str(out))
    if code != 0:
        return code, err, np.array([])
    with open(out, encoding="utf-8", newline="") as f:
        return code, err, np.array([float(r["p"]) for r in csv.DictReader(f)])


def test_predict_on_a_term_follows_the_order_of_its_exams(tmp_path, capsys) -> None:
    pairs = [("S00", "C/Q1"), ("S00", "C/Q4")]
    improving = _term_gradebook(tmp_path, {"A": "2024-09-10", "B": "2024-11-10", "C": "2024-12-10"})
    declining = _term_gradebook(tmp_path, {"A": "2024-11-10", "B": "2024-09-10", "C": "2024-12-10"})

    code_up, _, up = _predict(capsys, tmp_path, improving, pairs)
    code_down, _, down = _predict(capsys, tmp_path, declining, pairs)

    assert (code_up, code_down) == (0, 0)
    assert (up > down + 0.05).all()  # the latest exam before C weighs more: B (all right) in the first term


def test_predict_on_a_term_refuses_a_bare_label_of_several_exams_and_takes_exam_slash_label(tmp_path, capsys) -> None:
    train = _term_gradebook(tmp_path, {"A": "2024-09-10", "B": "2024-11-10", "C": "2024-12-10"})

    code, err, _ = _predict(capsys, tmp_path, train, [("S01", "Q2"), ("S01", "B/Q2")])
    assert code == 2
    assert err.splitlines() == [
        "error: query.csv, row 2, column 'item_id': item 'Q2' occurs in several exams (A, B, C): "
        "write it as EXAM/LABEL, e.g. 'C/Q2'"
    ]
    code, _, p = _predict(capsys, tmp_path, train, [("S01", "B/Q2"), ("S01", "C/Q2"), ("S02", "A/Q6")])
    assert code == 0 and p.shape == (3,) and ((p > 0) & (p < 1)).all()


def test_predict_on_one_exam_is_the_grade_fit_and_takes_exam_slash_label_too(tmp_path, capsys) -> None:
    from app.engine.diagnose import predict_grade
    from app.services.importing import class_parts, read_checked
    from app.storage import import_gradebook, load_score_matrix

    train = _gradebook(tmp_path)
    code, _, p = _predict(capsys, tmp_path, train, [("S03", "Q2"), ("S00", "期中/Q8")])

    with open_database(tmp_path / "ref.db") as db, db.writing() as session:
        for name, part in class_parts(read_checked(train, None), "predict"):
            import_gradebook(session, part, name)
        matrix = load_score_matrix(session, "predict")
    expected = predict_grade([matrix], [(np.array([3, 0]), np.array([1, 7]))])[0]
    assert code == 0
    np.testing.assert_allclose(p, expected, atol=1e-6)


def test_predict_on_a_term_with_a_class_column_is_one_grade_over_its_exams(tmp_path, capsys) -> None:
    one = _term_gradebook(tmp_path, {"A": "2024-09-10", "B": "2024-11-10", "C": "2024-12-10"})
    lines = one.read_text(encoding="utf-8").splitlines()
    rows = ["class," + lines[0]]
    for line in lines[1:]:
        rows += [f"七(1)班,{line}", "七(2)班," + line.replace("S", "T", 1)]
    train = tmp_path / "grade.csv"
    train.write_text("\n".join(rows) + "\n", encoding="utf-8")

    code, err, p = _predict(capsys, tmp_path, train, [("S00", "C/Q1"), ("T00", "C/Q1"), ("T03", "A/Q2")])

    assert code == 0, err
    assert p.shape == (3,) and ((p > 0) & (p < 1)).all()
    assert abs(p[0] - p[1]) < 0.05  # the same scores in both classes: the same state now


def test_term_days_put_an_undated_exam_a_month_after_the_one_before() -> None:
    import datetime as dt

    from app.engine.term import term_days

    first = dt.date(2024, 9, 10)
    assert term_days([first, None, dt.date(2024, 12, 1)]) == [
        float(first.toordinal()),
        float(first.toordinal()) + 30.0,
        float(dt.date(2024, 12, 1).toordinal()),
    ]
    assert term_days([None, None]) == [0.0, 30.0]
