"""Papers' calibrations in the store (both engines): kept newest per paper and set of classes, never given back to
a class whose own fit made them, found by a fingerprint that ids do not enter; migration 0009 up and down."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect
from storage_helpers import fresh_store, gradebook

from app.storage import (
    CalibrationRecord,
    QuestionCalibration,
    class_ids,
    find_calibration,
    import_gradebook,
    paper_fingerprint,
    save_calibration,
)
from app.storage.database import alembic_config

PAPER = paper_fingerprint(["Q1", "Q2"], [1.0, 2.0], [("加法",), ("加法", "减法")])


def _record(classes: tuple[int, ...], day: int, difficulty: float = 0.5, version: str = "m1") -> CalibrationRecord:
    questions = (
        QuestionCalibration("Q1", -difficulty, 1.2, 0.1, 0.05, 80),
        QuestionCalibration("Q2", difficulty, 0.9, 0.02, 0.1, 79),
    )
    return CalibrationRecord(PAPER, version, dt.datetime(2026, 1, day), 80, classes, questions)


def test_the_fingerprint_is_the_papers_labels_marks_and_tags_not_their_order_of_tags() -> None:
    assert paper_fingerprint(["Q1", "Q2"], [1, 2], [("减法", "加法"), ("加法",)]) == paper_fingerprint(
        ["Q1", "Q2"], [1.0, 2.0], [("加法", "减法"), ("加法",)]
    )
    base = (["Q1", "Q2"], [1.0, 2.0], [("加法",), ("减法",)])
    changed = [
        (["Q2", "Q1"], [2.0, 1.0], [("减法",), ("加法",)]),  # the order of the questions
        (["Q1", "Q2"], [1.0, 3.0], [("加法",), ("减法",)]),  # a full mark
        (["Q1", "Q2"], [1.0, 2.0], [("加法",), ("乘法",)]),  # a tag
        (["Q1", "Q3"], [1.0, 2.0], [("加法",), ("减法",)]),  # a label
    ]
    assert len({paper_fingerprint(*base), *(paper_fingerprint(*c) for c in changed)}) == 5


def test_a_calibration_comes_back_newest_first_and_never_to_its_own_classes(store_location) -> None:
    db = fresh_store(store_location)
    with db.writing() as session:
        save_calibration(session, _record((1, 2), day=1, difficulty=0.5))
        save_calibration(session, _record((3,), day=2, difficulty=0.7))
    with db.session() as session:
        newest = find_calibration(session, PAPER, "m1", exclude=())
        assert newest == _record((3,), day=2, difficulty=0.7)
        assert find_calibration(session, PAPER, "m1", exclude=(3, 9)) == _record((1, 2), day=1, difficulty=0.5)
        assert find_calibration(session, PAPER, "m1", exclude=(2, 3)) is None
        assert find_calibration(session, PAPER, "m2", exclude=()) is None  # another model's parameters
        assert find_calibration(session, "0" * 64, "m1", exclude=()) is None


def test_a_new_fit_of_the_same_classes_replaces_theirs_and_keeps_the_others(store_location) -> None:
    db = fresh_store(store_location)
    with db.writing() as session:
        save_calibration(session, _record((1, 2), day=1))
        save_calibration(session, _record((5,), day=2))
        save_calibration(session, _record((2, 4), day=3, difficulty=0.9))
    with db.session() as session:
        assert find_calibration(session, PAPER, "m1", exclude=(5,)) == _record((2, 4), day=3, difficulty=0.9)
        assert find_calibration(session, PAPER, "m1", exclude=(4,)) == _record((5,), day=2)
        assert find_calibration(session, PAPER, "m1", exclude=(4, 5)) is None  # (1, 2)'s fit was replaced


def test_class_ids_name_the_classes_of_the_store(store_location) -> None:
    db = fresh_store(store_location)
    with db.writing() as session:
        import_gradebook(session, gradebook(), "一班")
        import_gradebook(session, gradebook(source="b.csv", missing=()), "二班")
    with db.session() as session:
        ids = class_ids(session, ["一班", "二班", "三班"])
    assert sorted(ids) == ["一班", "二班"] and len(set(ids.values())) == 2


def test_migration_0009_goes_up_and_down_on_sqlite(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'z.db'}")
    tables = {"paper_calibrations", "paper_calibration_items"}
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0009")
        assert tables <= set(inspect(connection).get_table_names())
        command.downgrade(alembic_config(connection), "0008")
        assert not tables & set(inspect(connection).get_table_names())
        command.upgrade(alembic_config(connection), "0009")
        assert tables <= set(inspect(connection).get_table_names())
    engine.dispose()
