"""A paper calibrated once and kept for next year (issue 20, item 1): a grade's joint fit of a paper is kept, a
class that sits the same paper later starts from it, and no class is anchored on its own fit (both engines)."""

from __future__ import annotations

import dataclasses
import json
import uuid

import numpy as np
import pandas as pd
from server_helpers import database_url, needs_server, run_as_superuser
from storage_helpers import fresh_store, gradebook

from app.engine.prior import MODEL_VERSION
from app.services.calibrating import MIN_STUDENTS, paper_key, papers
from app.services.diagnosing import diagnose_classes, diagnose_stored_class
from app.storage import find_calibration, import_gradebook, load_score_matrix, open_database

ITEMS = tuple((f"Q{j}", float(1 + j % 3), (("加法", "减法", "乘法")[j % 3],)) for j in range(8))


def _book(exam: str, students: int, seed: int, prefix: str):
    """A class of `students` on the 8-question paper, under the exam name `exam`, with random scores."""
    book = gradebook(exam, tuple((f"{prefix}{i:03d}", None) for i in range(students)), ITEMS, missing=())
    rng = np.random.default_rng(seed)
    tops = np.array([top for _, top, _ in ITEMS] * students)
    scores = book.scores.assign(score=np.floor(rng.random(len(book.scores)) * (tops + 1)))
    return dataclasses.replace(book, scores=scores, source=f"{prefix}.csv", content_hash=f"{prefix}{exam}{seed}")


def test_the_paper_key_survives_a_reimport_under_other_ids(store_location) -> None:
    db = fresh_store(store_location)
    with db.writing() as session:
        import_gradebook(session, _book("期中", 5, 0, "a"), "一班")
        first = paper_key(load_score_matrix(session, "一班"))
        import_gradebook(session, _book("2027期中", 7, 1, "b"), "二班")  # next year: other ids, names and scores
        assert paper_key(load_score_matrix(session, "二班")) == first
    assert first is not None


def test_last_years_grade_anchors_a_class_alone_this_year_but_never_itself(store_location) -> None:
    db = fresh_store(store_location)
    with db.writing() as session:
        import_gradebook(session, _book("期中", 35, 1, "a"), "一班")
        import_gradebook(session, _book("期中", 35, 2, "b"), "二班")
        import_gradebook(session, _book("2027期中", 9, 3, "c"), "三班")  # next year's class, alone
    (_, _, one), (_, _, two) = diagnose_classes(db, ["一班", "二班"], device="cpu")
    assert one.settings["anchored_items"] == two.settings["anchored_items"] == 0  # nothing stored before them
    with db.session() as session:
        key = paper_key(load_score_matrix(session, "一班"))
        assert key is not None
        kept = find_calibration(session, key, MODEL_VERSION, exclude=())
    assert kept is not None and kept.students == 70 >= MIN_STUDENTS
    assert [q.label for q in kept.questions] == [label for label, _, _ in ITEMS]
    assert [q.students for q in kept.questions] == [70] * 8
    b = one.item_params["difficulty"]
    np.testing.assert_allclose([q.difficulty for q in kept.questions], b - b.mean(), atol=1e-12)
    np.testing.assert_allclose([q.slip for q in kept.questions], one.item_params["slip"], atol=1e-12)

    ((_, alone),) = diagnose_stored_class(db, "三班", device="cpu")
    assert alone.settings["anchored_items"] == 8
    ((_, again),) = diagnose_stored_class(db, "一班", device="cpu")  # its own fit is not an anchor
    assert again.settings["anchored_items"] == 0
    np.testing.assert_allclose(again.mastery, one.mastery, atol=1e-5)


def test_a_fit_of_too_few_students_is_not_kept(store_location) -> None:
    db = fresh_store(store_location)
    with db.writing() as session:
        import_gradebook(session, _book("期中", MIN_STUDENTS - 1, 1, "a"), "一班")
        import_gradebook(session, _book("2027期中", 9, 3, "c"), "三班")
    diagnose_stored_class(db, "一班", device="cpu")
    ((_, alone),) = diagnose_stored_class(db, "三班", device="cpu")
    assert alone.settings["anchored_items"] == 0
    with db.session() as session:
        key = paper_key(load_score_matrix(session, "一班"))
        assert key is not None and find_calibration(session, key, MODEL_VERSION, exclude=()) is None


@needs_server
def test_on_a_postgresql_server_a_teachers_fit_with_anonymous_peers_is_kept_by_class_id(server_store: str) -> None:
    from app.storage import class_ids
    from app.storage.server import add_teacher

    name = f"t_{uuid.uuid4().hex[:8]}"
    add_teacher(server_store, name, ["九班"], "pw-9")
    try:
        with open_database(server_store) as owner, owner.writing() as session:
            import_gradebook(session, _book("期中", 50, 1, "h"), "八班")  # a class the teacher does not teach
        login = database_url(server_store.rsplit("/", 1)[1], name, "pw-9")
        with open_database(login) as db:
            with db.writing() as session:
                import_gradebook(session, _book("期中", 12, 2, "n"), "九班")
            ((_, first),) = diagnose_stored_class(db, "九班", device="cpu")
            ((_, again),) = diagnose_stored_class(db, "九班", device="cpu")  # the peer is `peer-<id>` to this login
        with open_database(server_store) as owner, owner.session() as session:
            ids = class_ids(session, ["八班", "九班"])
            key = paper_key(load_score_matrix(session, "九班"))
            assert key is not None
            kept = find_calibration(session, key, MODEL_VERSION, exclude=())
        assert kept is not None and kept.classes == tuple(sorted(ids.values())) and kept.students == 62
        assert first.settings["anchored_items"] == again.settings["anchored_items"] == 0
    finally:
        run_as_superuser(
            f"DROP DATABASE IF EXISTS {server_store.rsplit('/', 1)[1]} WITH (FORCE)", f'DROP ROLE IF EXISTS "{name}"'
        )


def test_the_cli_says_when_a_class_started_from_an_earlier_calibration(tmp_path, capsys) -> None:
    from app.cli import main

    path = tmp_path / "zhidian.db"
    db = fresh_store(path)
    with db.writing() as session:
        import_gradebook(session, _book("期中", 35, 1, "a"), "一班")
        import_gradebook(session, _book("期中", 35, 2, "b"), "二班")
        import_gradebook(session, _book("2027期中", 9, 3, "c"), "三班")
    diagnose_classes(db, ["一班", "二班"], device="cpu")
    db.close()
    assert main(["--lang", "en", "diagnose", "--class", "三班", "--db", str(path), "--device", "cpu"]) == 0
    assert "; 8 questions started from an earlier grade's calibration of the paper" in capsys.readouterr().out
    assert main(["diagnose", "--class", "一班", "--db", str(path), "--json", "--device", "cpu"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"][0]["anchored_items"] == 0


def _term_book(exams: tuple[str, str], students: int, seed: int, prefix: str):
    """A class of `students` that sat two papers (the 8 questions, then 8 more), under the exam names `exams`."""
    first, second = (_book(exam, students, seed + n, prefix) for n, exam in enumerate(exams))
    more = [dataclasses.replace(i, item_id=f"{i.item_id}b") for i in second.items]
    scores = second.scores.assign(item_id=second.scores["item_id"] + "b")
    return dataclasses.replace(
        first,
        assessments=[*first.assessments, *second.assessments],
        items=[*first.items, *more],
        scores=pd.concat([first.scores, scores], ignore_index=True),
    )


def test_a_terms_papers_are_kept_and_anchor_each_paper_sat_later(store_location) -> None:
    db = fresh_store(store_location)
    with db.writing() as session:
        import_gradebook(session, _term_book(("期中", "期末"), 35, 1, "a"), "一班")
        import_gradebook(session, _term_book(("期中", "期末"), 35, 5, "b"), "二班")
        import_gradebook(session, _term_book(("2027期中", "2027期末"), 9, 9, "c"), "三班")
        import_gradebook(session, _book("2027期中", 9, 3, "d"), "四班")  # next year, the first paper only
    (_, _, one), _ = diagnose_classes(db, ["一班", "二班"], device="cpu")
    assert one.settings["model"] == "term" and one.settings["anchored_items"] == 0
    ((_, single),) = diagnose_stored_class(db, "四班", device="cpu")
    assert single.settings["anchored_items"] == 8
    runs = diagnose_stored_class(db, "三班", device="cpu")
    assert [d.settings["anchored_items"] for _, d in runs] == [16, 16, 16]  # now, and after each exam
    with db.session() as session:
        keys = [key for _, _, key in papers(load_score_matrix(session, "一班"))]
        kept = [find_calibration(session, key, MODEL_VERSION, exclude=()) for key in keys]
        alone = paper_key(load_score_matrix(session, "四班"))
    assert [len(k.questions) if k else 0 for k in kept] == [8, 8] and keys[0] == alone  # labels as the exam names them
