"""A class within its grade (diagnosis, check, predict) and the school's own prior, through the services."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from app.core.problems import GradebookError, Refused
from app.engine.diagnose import predict
from app.engine.local import LocalPrior, LocalSettings, PriorComparison
from app.engine.prior import Prior
from app.services.checking import check_class
from app.services.diagnosing import diagnose_stored_class
from app.services.importing import read_checked
from app.services.predicting import predict_file
from app.services.priors import (
    TooFewClasses,
    active_prior,
    keep_local_prior,
    prior_state,
    train_local_prior,
    use_local_prior,
)
from app.storage import import_gradebook, load_score_matrix, load_stored_prior, open_database

CLASSES = ("1班", "2班", "3班", "4班")
POINTS = ("代数", "几何", "统计")


def _grade_file(folder: Path, classes: tuple[str, ...] = CLASSES, students: int = 10) -> Path:
    """One exam of a whole grade in one sheet: a 班级 column, 8 questions over 3 points, partial credit."""
    rng = np.random.default_rng(5)
    rows = ["学号,姓名,班级,题号,得分,满分,知识点"]
    for c, name in enumerate(classes):
        for s in range(students):
            ability = rng.normal(0.4 * c - 0.6)
            for i in range(8):
                p = 1 / (1 + np.exp(-(ability - (i - 4) / 3)))
                rows.append(f"S{c}{s:02d},学生{c}{s},{name},Q{i + 1},{rng.binomial(4, p)},4,{POINTS[i % 3]}")
    path = folder / "期中考试.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _store(folder: Path, classes: tuple[str, ...] = CLASSES, location: Path | str | None = None) -> Path | str:
    """The grade's classes imported into the store at `location` (a file or a server's URL), else `folder`'s file."""
    parsed = read_checked(_grade_file(folder, classes))
    path = location or folder / "zhidian.db"
    with open_database(path) as db, db.writing() as session:
        for name in classes:
            import_gradebook(session, parsed.for_class(name), name)
    return path


def test_a_class_is_diagnosed_and_checked_within_its_grade(store_location, tmp_path) -> None:
    with open_database(_store(tmp_path, location=store_location)) as db:
        (_, within), *_ = diagnose_stored_class(db, "2班", device="cpu")
        check = check_class(db, "2班")
        with db.session() as session:
            matrices = [load_score_matrix(session, name) for name in CLASSES]
    assert within.settings["peer_classes"] == 3 and within.settings["grade_students"] == 40
    assert within.settings["prior"] == "shipped"
    alone_dir = tmp_path / "alone"
    alone_dir.mkdir()
    with open_database(_store(alone_dir, ("2班",))) as db:
        (_, alone), *_ = diagnose_stored_class(db, "2班", device="cpu")
    assert alone.settings["peer_classes"] == 0
    # the grade calibrates the questions: the same class's scores read differently
    assert not np.allclose(within.item_params["difficulty"], alone.item_params["difficulty"])
    assert check.peer_classes == 3 and check.reliability is not None and check.reliability.cells > 0
    assert matrices[1].student_ids == within.student_ids


def test_predict_takes_a_class_column_as_one_grade(tmp_path) -> None:
    train = _grade_file(tmp_path)
    query = tmp_path / "query.csv"
    pairs = [("S100", "Q3"), ("S305", "Q8"), ("S001", "Q1"), ("S100", "Q3")]
    query.write_text("student_id,item_id\n" + "".join(f"{s},{i}\n" for s, i in pairs), encoding="utf-8")
    out = tmp_path / "pred.csv"

    assert predict_file(train, query, out, device="cpu").rows == 4

    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["student_id"], r["item_id"]) for r in rows] == pairs
    folder = tmp_path / "store"
    folder.mkdir()
    with open_database(_store(folder)) as db, db.session() as session:
        a, b, c, d = (load_score_matrix(session, name) for name in CLASSES)
    # the row of class 1 is read off the same joint fit as a diagnosis of class 1 within its grade
    expected = predict(a, np.array([1]), np.array([0]), peers=[b, c, d], device="cpu")
    assert float(rows[2]["p"]) == pytest.approx(float(expected[0]), abs=2e-6)
    assert rows[0]["p"] == rows[3]["p"]


def test_predict_on_a_grade_names_students_and_items_without_a_score_by_row(tmp_path) -> None:
    query = tmp_path / "query.csv"
    query.write_text("student_id,item_id\nS100,Q1\nX99,Q1\nS200,Q42\n", encoding="utf-8")

    done = predict_file(_grade_file(tmp_path), query, tmp_path / "pred.csv", device="cpu")

    assert [(p.row, p.column) for p in done.warnings] == [(3, "student_id"), (4, "item_id")]
    assert "predicted as a new student of class '" in done.warnings[0].text.en


def test_predict_on_a_grade_refuses_a_query_of_no_student_of_train(tmp_path) -> None:
    query = tmp_path / "query.csv"
    query.write_text("student_id,item_id\nX98,Q1\nX99,Q1\n", encoding="utf-8")
    with pytest.raises(GradebookError) as raised:
        predict_file(_grade_file(tmp_path), query, tmp_path / "pred.csv", device="cpu")
    assert [(p.row, p.column) for p in raised.value.problems] == [(2, "student_id"), (3, "student_id")]
    assert not (tmp_path / "pred.csv").exists()


def _saved(db_path: Path | str, better: bool) -> None:
    """A local prior kept in the store with a comparison that says `better`."""
    metrics = {"auc": 0.7, "rmse": 0.4, "log_loss": 0.6, "ece": 0.03, "n": 10.0}
    comparison = PriorComparison(metrics, metrics, 1, 10, better)
    card = {"kind": "local", "held_out_comparison": {"better": better}}
    with open_database(db_path) as db:
        keep_local_prior(db, LocalPrior(Prior.default(), card, comparison))


def test_a_better_local_prior_is_used_until_the_teacher_switches_back(store_location, tmp_path) -> None:
    path = _store(tmp_path, location=store_location)
    with open_database(path) as db:
        assert prior_state(db).trained is False and active_prior(db) == (None, "shipped")
    _saved(path, better=True)
    with open_database(path) as db:
        assert prior_state(db).in_use and active_prior(db)[1] == "local"
        (_, run), *_ = diagnose_stored_class(db, "1班", device="cpu")
        assert run.settings["prior"] == "local"
        assert use_local_prior(db, False).in_use is False and active_prior(db) == (None, "shipped")
        assert use_local_prior(db, True).in_use is True


def test_a_local_prior_that_is_not_better_cannot_be_switched_on(store_location, tmp_path) -> None:
    path = _store(tmp_path, location=store_location)
    _saved(path, better=False)
    with open_database(path) as db:
        state = prior_state(db)
        assert state.trained and not state.in_use
        with pytest.raises(Refused):
            use_local_prior(db, True)
        assert active_prior(db) == (None, "shipped")


def test_a_damaged_local_prior_falls_back_to_the_shipped_one(store_location, tmp_path) -> None:
    path = _store(tmp_path, location=store_location)
    _saved(path, better=True)
    with open_database(path) as db, db.writing() as session:
        session.execute(text("UPDATE local_prior SET weights = :w"), {"w": b"not a prior"})
    with open_database(path) as db:
        assert prior_state(db).in_use and active_prior(db) == (None, "shipped")


def test_training_on_the_store_saves_a_prior_with_its_card_and_choice(store_location, tmp_path) -> None:
    path = _store(tmp_path, location=store_location)
    result = train_local_prior(path, device="cpu", settings=LocalSettings(steps=2, meta_batch=2))
    with open_database(path) as db:
        state = prior_state(db)
        with db.session() as session:
            stored = load_stored_prior(session)
    assert stored is not None
    card = json.loads(stored.card)
    assert card["data"]["classes"] == 4 and card["data"]["training_classes"] + card["data"]["held_out_classes"] == 4
    assert card["settings"]["steps"] == 2 and card["kind"] == "local"
    assert state.trained and state.better == result.comparison.better == state.in_use == stored.in_use
    assert not (tmp_path / "local_prior").exists()  # nothing beside the store


def test_training_refuses_a_store_with_too_few_classes(store_location, tmp_path) -> None:
    path = _store(tmp_path, ("1班", "2班"), location=store_location)
    with pytest.raises(TooFewClasses):
        train_local_prior(path, settings=LocalSettings(steps=1))
    with open_database(path) as db:
        assert not prior_state(db).trained


def test_the_training_command_trains_from_a_store_and_prints_the_comparison(store_location, tmp_path, capsys) -> None:
    from app.cli import main

    path = _store(tmp_path, location=store_location)
    assert main(["train-prior", "--db", str(path), "--steps", "1", "--device", "cpu", "--json"]) == 0

    out = json.loads(capsys.readouterr().out)
    assert out["held_out_classes"] == 1 and out["hidden_scores"] > 0 and isinstance(out["better"], bool)
    assert set(out["local"]) >= {"auc", "rmse", "log_loss"} and set(out["shipped"]) >= {"auc", "rmse", "log_loss"}
    with open_database(path) as db:  # the card kept in the store says what the command printed
        state = prior_state(db)
        assert state.trained and state.comparison["held_out_classes"] == out["held_out_classes"]


def test_the_training_command_refuses_a_store_with_too_few_classes(store_location, tmp_path, capsys) -> None:
    from app.cli import main

    path = _store(tmp_path, ("1班", "2班"), location=store_location)
    assert main(["train-prior", "--db", str(path), "--steps", "1", "--device", "cpu"]) == 2
    assert "needs at least" in capsys.readouterr().err


def test_the_class_data_split_weak_overall_from_weak_relative(store_location, tmp_path) -> None:
    from app.services.class_data import load_class_data

    with open_database(_store(tmp_path, location=store_location)) as db:
        before = load_class_data(db, "1班")
        diagnose_stored_class(db, "1班", device="cpu")
        data = load_class_data(db, "1班")
    assert before.weak_kinds is None  # nothing diagnosed yet
    kinds = data.weak_kinds
    assert kinds is not None and data.diagnosis is not None
    assert kinds.overall.shape == (10,) and kinds.relative.shape == data.diagnosis.mastery.shape
    assert (kinds.overall_weak == (kinds.overall < data.diagnosis.settings["weak_below"])).all()
    assert not kinds.relative_weak.any() or kinds.reliability.supports_relative
