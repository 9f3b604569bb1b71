"""Manage classes and exams (issue 12): rename and delete a class, delete one exam, undo any import (a grade file's
classes together), the stored scores of an exam and correcting one; each change asks with Cancel as the default."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sample_stores import copy_store

from app.services.sample import SAMPLE_CLASS

GRADE = ["八年级(1)班", "八年级(2)班", SAMPLE_CLASS, "八年级(4)班"]
SECOND_EXAM = "2026年11月八年级数学第二次月考"  # the grade export's exam: choice questions, some absent


@pytest.fixture
def window(make_window, diagnosed_store, tmp_path):
    """A window on a copy of the sample store (八年级(3)班 diagnosed), showing 八年级(3)班."""
    return make_window(db=copy_store(diagnosed_store, tmp_path))


@pytest.fixture
def manage(window, qtbot):
    """The Manage classes and exams dialog, opened from the File menu."""
    window.menus.act_manage.trigger()
    dialog = window.managing.dialog
    qtbot.addWidget(dialog)
    return dialog


def _tree(dialog) -> dict[str, list[str]]:
    tree = dialog.tree
    out = {}
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out[top.text(0)] = [top.child(j).text(0) for j in range(top.childCount())]
    return out


def _classes(window) -> list[str]:
    return [c.name for c in window.state.store.classes]


# ---------------------------------------------------------------- the list


def test_the_dialog_lists_classes_with_their_exams_and_every_import(window, manage) -> None:
    assert manage.windowTitle() == "Manage classes and exams"
    assert _tree(manage) == {
        "八年级(1)班": [SECOND_EXAM],
        "八年级(2)班": [SECOND_EXAM],
        SAMPLE_CLASS: ["第一次月考", "期中考试", SECOND_EXAM],
        "八年级(4)班": [SECOND_EXAM],
    }
    assert manage.chosen() == (SAMPLE_CLASS, None)  # the class shown is chosen
    top = manage.items[(SAMPLE_CLASS, None)]
    assert [top.text(c) for c in (1, 2)] == ["40", "60"]  # students, questions
    table = manage.imports
    assert table.rowCount() == len(window.state.store.imports) == 6
    rows = [[table.item(r, c).text() for c in range(6)] for r in range(table.rowCount())]
    assert [r[2] for r in rows[-2:]] == [SAMPLE_CLASS, SAMPLE_CLASS]
    assert rows[-1][1] == "八年级3班_2026-10-12_第一次月考.xlsx" and rows[-1][3] == "第一次月考"
    assert rows[-1][4:] == ["40", "20"]  # students, questions
    # what a choice allows
    assert manage.rename_button.isEnabled() and manage.delete_class_button.isEnabled()
    assert not manage.scores_button.isEnabled() and not manage.delete_exam_button.isEnabled()
    manage.choose(SAMPLE_CLASS, "期中考试")
    assert manage.scores_button.isEnabled() and not manage.rename_button.isEnabled()
    assert not manage.undo_button.isEnabled()
    manage.choose_import(window.state.store.imports[-1].batch_id)
    assert manage.undo_button.isEnabled()


# ---------------------------------------------------------------- rename, delete


def test_rename_a_class(window, manage, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args: ("初二(3)班", True)))
    with qtbot.waitSignal(window.managing.changed, timeout=30_000) as changed:
        manage.rename_button.click()
    assert changed.args[0] == "Renamed “八年级(3)班” to “初二(3)班”."
    assert "初二(3)班" in _classes(window) and SAMPLE_CLASS not in _classes(window)
    assert window.state.data.class_name == "初二(3)班" and window.workspace.class_picker.currentText() == "初二(3)班"
    assert "初二(3)班" in _tree(manage) and manage.outcome.text() == changed.args[0]
    assert manage.chosen() == ("初二(3)班", None)  # still chosen under its new name
    assert window.settings.last_class == "初二(3)班"


def test_delete_a_class_asks_first_names_what_goes_and_backs_up(window, manage, qtbot, boxes) -> None:
    boxes.answers.append("Cancel")
    manage.delete_class_button.click()
    asked = boxes.shown[-1]
    assert asked.default == "Cancel" and asked.buttons == ["Delete class", "Cancel"]
    assert "Delete the class “八年级(3)班”?" in asked.text
    assert "its 40 students, its exams (第一次月考, 期中考试, 2026年11月八年级数学第二次月考)" in asked.text
    assert "every diagnosis of the class" in asked.text and "backed up first" in asked.text
    assert _classes(window) == GRADE  # cancelled: nothing went

    boxes.answers.append("Delete class")
    with qtbot.waitSignal(window.managing.changed, timeout=30_000) as changed:
        manage.delete_class_button.click()
    assert _classes(window) == ["八年级(1)班", "八年级(2)班", "八年级(4)班"]
    assert SAMPLE_CLASS not in _tree(manage)
    assert window.state.data.class_name == "八年级(1)班"  # the class shown went: the first one is shown
    backup = window.state.db.backups[-1]
    assert backup.reason == "before-delete" and backup.path.is_file()
    message = changed.args[0]
    assert message.startswith("Deleted the class “八年级(3)班”") and str(backup.path) in message
    assert window.statusBar().currentMessage() == message


def test_delete_one_exam_keeps_the_class_and_its_other_exams(window, manage, qtbot, boxes) -> None:
    manage.choose(SAMPLE_CLASS, "期中考试")
    boxes.answers.append("Delete exam")
    with qtbot.waitSignal(window.managing.changed, timeout=30_000) as changed:
        manage.delete_exam_button.click()
    asked = boxes.shown[-1]
    assert asked.default == "Cancel" and "Delete the exam “期中考试” of 八年级(3)班?" in asked.text
    assert "only exam" not in asked.text
    assert window.state.data.class_name == SAMPLE_CLASS
    assert window.state.data.matrix.assessments == ("第一次月考", SECOND_EXAM)
    assert _tree(manage)[SAMPLE_CLASS] == ["第一次月考", SECOND_EXAM]
    assert "Deleted 期中考试 of “八年级(3)班”" in changed.args[0]
    assert window.workspace.banner.isVisible()  # its diagnosis used the exam: gone, the class is not diagnosed now


def test_deleting_a_class_s_only_exam_says_the_class_goes_too(window, manage, qtbot, boxes) -> None:
    manage.choose("八年级(4)班", SECOND_EXAM)
    boxes.answers.append("Cancel")
    manage.delete_exam_button.click()
    assert "It is the class's only exam: the class goes with it." in boxes.shown[-1].text


# ---------------------------------------------------------------- undo any import


def test_undo_an_older_import_not_only_the_newest(window, manage, qtbot, boxes) -> None:
    oldest = window.state.store.imports[-1]
    assert oldest.assessments == ("第一次月考",)
    manage.choose_import(oldest.batch_id)
    boxes.answers.append("Undo import")
    with qtbot.waitSignal(window.managing.changed, timeout=30_000) as changed:
        manage.undo_button.click()
    asked = boxes.shown[-1]
    assert asked.default == "Cancel" and asked.buttons == ["Undo import", "Cancel"]
    assert "Undo the import of “八年级3班_2026-10-12_第一次月考.xlsx”" in asked.text
    assert "the exams 第一次月考 of 八年级(3)班" in asked.text and "together" not in asked.text
    assert window.state.data.matrix.assessments == ("期中考试", SECOND_EXAM)
    assert _classes(window) == GRADE
    assert len(window.state.store.imports) == 5 and manage.imports.rowCount() == 5
    assert (
        window.state.db.backups[-1].reason == "before-undo" and str(window.state.db.backups[-1].path) in changed.args[0]
    )


def test_undoing_one_class_of_a_grade_file_undoes_the_whole_file(window, manage, qtbot, boxes) -> None:
    part = next(r for r in window.state.store.imports if r.class_name == "八年级(2)班")
    manage.choose_import(part.batch_id)
    boxes.answers.append("Cancel")
    with qtbot.waitSignal(window.runner.over, timeout=30_000):  # what goes with it is read in the worker
        manage.undo_button.click()
    asked = boxes.shown[-1]
    assert "The file held 4 classes; they are undone together." in asked.text
    assert all(name in asked.text for name in GRADE)
    assert _classes(window) == GRADE  # cancelled

    boxes.answers.append("Undo import")
    with qtbot.waitSignal(window.managing.changed, timeout=30_000):
        manage.undo_button.click()
    assert _classes(window) == [SAMPLE_CLASS]
    assert window.state.data.matrix.assessments == ("第一次月考", "期中考试")


# ---------------------------------------------------------------- stored scores, correcting one


def _open_scores(window, qtbot, manage=None):
    with qtbot.waitSignal(window.task_ended, timeout=30_000):
        if manage is None:
            window.menus.act_scores.trigger()  # the menu: the newest exam of the class shown
        else:
            manage.choose(SAMPLE_CLASS, SECOND_EXAM)
            manage.scores_button.click()
    dialog = window.managing.scores_dialog
    qtbot.addWidget(dialog)
    return dialog


def test_stored_scores_show_full_marks_missing_letters_and_corrections(window, qtbot, manage) -> None:
    dialog = _open_scores(window, qtbot, manage)
    grid, model = dialog.grid, dialog.model
    assert (grid.class_name, grid.assessment) == (SAMPLE_CLASS, SECOND_EXAM)
    assert dialog.windowTitle() == f"Stored scores: {SECOND_EXAM} · {SAMPLE_CLASS}"
    assert model.rowCount() == 40 and model.columnCount() == len(grid.labels)
    assert model.headerData(0, Qt.Orientation.Horizontal) == f"{grid.labels[0]}\n/{grid.max_scores[0]:g}"
    assert model.headerData(0, Qt.Orientation.Vertical) == f"{grid.student_names[0]}（{grid.student_ids[0]}）"
    missing = [(r, c) for r in range(40) for c in range(len(grid.labels)) if math.isnan(grid.points[r, c])]
    assert missing and f"{len(missing)} missing" in dialog.intro.text()
    r, c = missing[0]
    assert model.data(model.index(r, c)) == "—" or model.data(model.index(r, c)).endswith("  —")
    assert model.data(model.index(r, c), Qt.ItemDataRole.BackgroundRole) is not None
    assert "missing" in model.data(model.index(r, c), Qt.ItemDataRole.ToolTipRole)
    chose = [(r, c) for r in range(40) for c in range(len(grid.labels)) if grid.answers[r, c]]
    assert chose  # choice questions show the letters chosen, then the points
    r, c = chose[0]
    assert model.data(model.index(r, c)) == f"{grid.answers[r, c]}  {grid.points[r, c]:g}"
    scored = next((r, c) for r in range(40) for c in range(len(grid.labels)) if not math.isnan(grid.points[r, c]))
    assert model.data(model.index(*scored), Qt.ItemDataRole.BackgroundRole) is None  # nothing to mark


def test_correcting_a_score_validates_records_and_marks_the_diagnosis_out_of_date(window, qtbot) -> None:
    assert window.state.data.diagnosis is not None and not window.workspace.banner.isVisible()
    dialog = _open_scores(window, qtbot)
    assert dialog.grid.assessment == SECOND_EXAM  # the class shown's newest exam
    grid = dialog.grid
    column = len(grid.labels) - 1  # a written question
    row = next(r for r in range(40) if not math.isnan(grid.points[r, column]))
    full, old = float(grid.max_scores[column]), float(grid.points[row, column])
    new = full if old != full else 0.0
    assert not dialog.correct_button.isEnabled()
    dialog.table.setCurrentIndex(dialog.model.index(row, column))
    assert dialog.correct_button.isEnabled()
    dialog.correct_button.click()
    editor = dialog.correction
    qtbot.addWidget(editor)
    assert editor.old_label.text() == f"{old:g}"
    save = editor.save_button
    assert not save.isEnabled()  # unchanged
    for typed, ok in ((f"{full + 1:g}", False), ("-1", False), ("abc", False), ("", True), (f"{new:g}", True)):
        editor.edit.setText(typed)
        assert save.isEnabled() == ok, typed
        assert bool(editor.problem.text()) == (not ok and typed != "")
    with qtbot.waitSignal(window.managing.corrected, timeout=30_000) as corrected:
        save.click()
    correction = corrected.args[0]
    assert (correction.old_points, correction.new_points) == (old, new)
    assert dialog.grid.points[row, column] == new and dialog.grid.corrected[row, column]
    index = dialog.model.index(row, column)
    assert dialog.model.data(index, Qt.ItemDataRole.FontRole).bold()
    assert "corrected after the import" in dialog.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert window.workspace.banner.isVisible() and "out of date" in window.workspace.banner_text.text()
    assert f"{old:g} → {new:g}" in window.statusBar().currentMessage()


def test_correcting_to_missing_stores_a_missing_score(window, qtbot) -> None:
    dialog = _open_scores(window, qtbot)
    grid = dialog.grid
    row, column = next((r, c) for r in range(40) for c in range(len(grid.labels)) if not math.isnan(grid.points[r, c]))
    with qtbot.waitSignal(window.managing.corrected, timeout=30_000):
        dialog.correct_requested.emit(grid.student_ids[row], grid.labels[column], None)
    assert math.isnan(dialog.grid.points[row, column])
    assert dialog.model.data(dialog.model.index(row, column)).endswith("—")


# ---------------------------------------------------------------- fits small screens

SIZES = [(853, 440), (911, 472), (1024, 536), (1093, 574), (1280, 680), (1366, 728), (1536, 824), (1920, 1040)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_manage_scores_and_correction_dialogs_fit_the_screen(window, qtbot, monkeypatch, size) -> None:
    from test_ui_safety import assert_fits

    from app.ui.base import screen
    from app.ui.dialogs.manage import ManageDialog
    from app.ui.dialogs.scores import CorrectionDialog, ScoresDialog

    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(0, 0, *size))
    manage = ManageDialog(window.state.store, parent=window)
    qtbot.addWidget(manage)
    from app.services.roster import merges, roster_of

    manage.students.set_roster(
        SAMPLE_CLASS, roster_of(window.state.db, SAMPLE_CLASS), merges(window.state.db, SAMPLE_CLASS)
    )
    for tab in (0, 1, 2):  # classes and exams, imports, students
        manage.tabs.setCurrentIndex(tab)
        manage.show()
        assert_fits(manage, size)
    from app.services.classes import scores_of

    scores = ScoresDialog(scores_of(window.state.db, SAMPLE_CLASS, SECOND_EXAM), parent=window)
    qtbot.addWidget(scores)
    scores.show()
    assert_fits(scores, size)
    editor = CorrectionDialog("邓子涵（20240301）", "17(2)", 8.0, 3.0, "AC", parent=scores)
    qtbot.addWidget(editor)
    editor.show()
    assert_fits(editor, size)
    assert editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).isVisible()


def test_the_students_tab_opens_on_the_class_shown(window, manage, qtbot) -> None:
    with qtbot.waitSignal(window.managing.roster.roster_shown, timeout=20_000):
        manage.tabs.setCurrentWidget(manage.students)
    assert manage.students.class_name == SAMPLE_CLASS == window.state.class_name
    assert manage.students.table.rowCount() == 40
