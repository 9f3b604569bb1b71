"""Diagnose the grade: every class of the shown class's grade in one background op, and the grade comparison
naming the classes whose diagnoses it uses and those it leaves out."""

from __future__ import annotations

import dataclasses

import pytest
from sample_stores import copy_store
from ui_fixtures import showing_diagnosis

from app.core.progress import Cancelled
from app.services.sample import SAMPLE_CLASS

OTHERS = ["八年级(1)班", "八年级(2)班", "八年级(4)班"]


def test_the_comparison_names_the_classes_out_of_date_and_not_diagnosed(qtbot, ui_language) -> None:
    from test_ui_lessons import _class_data

    from app.ui.views.grade_view import GradeView

    view = GradeView()
    qtbot.addWidget(view)
    data = _class_data(grade=True)
    view.set_data(data)
    assert "Not compared" not in view.note.text() and "Out of date" not in view.note.text()
    view.set_data(dataclasses.replace(data, grade_stale=("八年级(1)班",), grade_undiagnosed=("八年级(2)班",)))
    assert view.note.text().endswith(
        "Out of date, scores changed since: 八年级(1)班. Not compared, not diagnosed yet: 八年级(2)班. "
        "Analysis → Diagnose the grade diagnoses them all."
    )


def test_the_grade_classes_are_the_class_first_then_those_that_sat_its_exams(sample_store, tmp_path) -> None:
    from app.services.diagnosing import grade_classes
    from app.services.store import open_store

    db, _ = open_store(copy_store(sample_store, tmp_path))
    try:
        assert grade_classes(db, SAMPLE_CLASS) == [SAMPLE_CLASS, *OTHERS]
    finally:
        db.close()


def test_a_cancel_keeps_the_classes_diagnosed_before_it(sample_store, tmp_path) -> None:
    from app.services.diagnosing import diagnose_grade
    from app.services.store import open_store
    from app.storage import list_diagnosis_runs

    class CancelAtSecondClass:
        """Asks to stop once the second class is begun."""

        def __init__(self) -> None:
            self.second = False

        def report(self, fraction: float, message: str = "") -> None:
            self.second = self.second or message.startswith(f"{OTHERS[0]} (2/4)")

        def cancelled(self) -> bool:
            return self.second

    progress = CancelAtSecondClass()
    db, _ = open_store(copy_store(sample_store, tmp_path))
    try:
        with pytest.raises(Cancelled):
            diagnose_grade(db, SAMPLE_CLASS, progress=progress)
        with db.session() as session:
            assert list_diagnosis_runs(session, SAMPLE_CLASS)  # the first class: diagnosed and kept
            assert not list_diagnosis_runs(session, OTHERS[0])
    finally:
        db.close()


@pytest.mark.slow
def test_diagnose_the_grade_diagnoses_every_class_then_the_comparison_names_them(
    make_window, qtbot, diagnosed_store, tmp_path
) -> None:
    window = showing_diagnosis(make_window(db=copy_store(diagnosed_store, tmp_path)), qtbot)
    grade = window.workspace.class_view.grade_view
    assert window.state.data.grade_undiagnosed == tuple(OTHERS) and not window.state.data.grade_classes
    assert grade.note.text() == (
        f"To compare {SAMPLE_CLASS} with its grade, diagnose its other classes ({', '.join(OTHERS)}): "
        "Analysis → Diagnose the grade does them all in one go."
    )
    assert window.menus.act_diagnose_grade.isEnabled()
    window.menus.act_diagnose_grade.trigger()
    qtbot.waitUntil(lambda: "Diagnosed 4 classes" in window.statusBar().currentMessage(), timeout=300_000)
    qtbot.waitUntil(lambda: window.runner.task is None, timeout=10_000)
    assert window.statusBar().currentMessage() == (
        f"Diagnosed 4 classes of the grade: {SAMPLE_CLASS}, {', '.join(OTHERS)}."
    )
    data = window.state.data
    assert data.grade_classes == tuple(OTHERS) and data.grade_undiagnosed == () and data.grade
    assert all(c in grade.note.text() for c in OTHERS) and "Not compared" not in grade.note.text()


def test_cancel_the_grade_s_diagnosis_says_what_was_kept(make_window, qtbot, sample_store, tmp_path) -> None:
    window = make_window(db=copy_store(sample_store, tmp_path))
    window.task_started.connect(lambda task: task.progress.connect(lambda *_: window.runner.cancel()))
    with qtbot.waitSignal(window.task_ended, timeout=60_000) as ended:
        window.menus.act_diagnose_grade.trigger()
    assert ended.args == ["cancelled"]
    assert window.statusBar().currentMessage() == (
        "Diagnosis of the grade cancelled; the classes diagnosed before were kept."
    )
    assert window.menus.act_diagnose_grade.isEnabled()


def test_one_action_reads_each_other_class_of_the_grade_once(sample_store, tmp_path, monkeypatch) -> None:
    """Diagnosing classes of a grade in one action reads a peer class's scores once, not once per class diagnosed
    (40 classes read 1,600 times took most of a whole grade's time: benchmarks/RESULTS.md)."""
    from collections import Counter

    import app.storage
    from app.services.diagnosing import diagnose_classes
    from app.services.store import open_store

    reads: Counter[tuple[str, tuple[str, ...] | None]] = Counter()
    load = app.storage.load_score_matrix

    def counted(session, class_name, assessments=None):
        reads[(class_name, None if assessments is None else tuple(assessments))] += 1
        return load(session, class_name, assessments)

    monkeypatch.setattr(app.storage, "load_score_matrix", counted)
    db, _ = open_store(copy_store(sample_store, tmp_path))
    try:
        done = diagnose_classes(db, [SAMPLE_CLASS, OTHERS[0]])
    finally:
        db.close()
    assert [name for name, _, _ in done] == [SAMPLE_CLASS, OTHERS[0]]
    peers_read = {key: n for key, n in reads.items() if key[0] in OTHERS[1:] and key[1] is not None}
    assert peers_read and set(peers_read.values()) == {1}


def test_a_grade_partly_diagnosed_says_which_and_shows_the_class_again(
    make_window, qtbot, sample_store, tmp_path, monkeypatch
) -> None:
    import app.services.diagnosing as diagnosing
    from app.core.problems import Text
    from app.ui.controllers import analysis

    window = make_window(db=copy_store(sample_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None)
    said = Text("甲、乙已保存；丙没有", "The diagnoses of A, B were saved; those of C were not: not tagged")

    def partly(db, class_name, *, device=None, progress=None):
        raise diagnosing.PartlySaved(said, ["A", "B"])

    warnings: list[str] = []
    monkeypatch.setattr(diagnosing, "diagnose_grade", partly)
    monkeypatch.setattr(analysis.QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    shown: list[str] = []
    real = window.loader.show_class
    monkeypatch.setattr(window.loader, "show_class", lambda name, *a, **k: (shown.append(name), real(name, *a, **k)))
    window.menus.act_diagnose_grade.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    assert warnings == [said.en] and shown == [SAMPLE_CLASS]
    qtbot.waitUntil(lambda: window.runner.task is None, timeout=30_000)  # the class read again
