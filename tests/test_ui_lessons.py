"""What teachers act on, in the window: the 讲评 tab, the 分层 tab (moving students, exporting what is shown),
the class against its grade, finding a student, and a tooltip on every control, in both languages."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QWidget,
)
from ui_fixtures import grade_window

from app.charts.layout import signed


@pytest.fixture
def window(make_window, grade_store, tmp_path, qtbot):
    """The window showing the sample class with its grade diagnosed, on a copy of the store."""
    return grade_window(make_window, grade_store, tmp_path, qtbot)


def _names(window) -> dict[str, str]:
    m = window.state.data.matrix
    return dict(zip(m.student_ids, m.student_names))


# ---------------------------------------------------------------- 讲评


def test_review_tab_lists_the_questions_with_wrong_answers_and_who_chose_them(window, qtbot) -> None:
    from app.insight.review import review_list

    view = window.workspace.review_view
    window.workspace.tabs.setCurrentWidget(view)
    expected = review_list(window.state.data.matrix, window.state.data.diagnosis, top=10)
    model = view.proxy
    assert model.rowCount() == 10
    assert [model.data(model.index(r, 1)) for r in range(10)] == [i.item_id.split("/")[-1] for i in expected]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[1:4] == ["Question", "Exam", "Knowledge points"] and "Key" in headers
    # a question without letters names who lost marks
    other = next(r for r in range(10) if not expected[r].answer_key)
    view.view.selectRow(other)
    assert f"Lost marks ({len(expected[other].lost_marks)}):" in view.details.toPlainText()
    # a longer list, down to the first choice question some chose wrongly: its key, the wrong options and by whom
    matrix, diagnosis = window.state.data.matrix, window.state.data.diagnosis
    ranked = review_list(matrix, diagnosis, top=len(matrix.item_ids))
    row = next(r for r, i in enumerate(ranked) if i.answer_key and i.wrong_options)
    top = max(row + 1, 20)
    assert top <= view.top.maximum()
    view.top.setValue(top)
    assert model.rowCount() == top
    expected = review_list(matrix, diagnosis, top=top)
    assert [model.data(model.index(r, 1)) for r in range(top)] == [i.item_id.split("/")[-1] for i in expected]
    item = expected[row]
    assert item.item_id.startswith("2026年11月八年级数学第二次月考/")  # the sample's exam with answer letters
    assert model.data(model.index(row, 7)) == item.answer_key
    wrong = model.data(model.index(row, 8))
    assert wrong == " · ".join(f"{w.answer} {len(w.students)}" for w in item.wrong_options)
    view.view.selectRow(row)
    details = view.details.toPlainText()
    names = _names(window)
    for option in item.wrong_options:
        assert f"Chose {option.answer} ({len(option.students)}):" in details
        assert all(names[s] in details for s in option.students)


def test_review_export_writes_the_list_shown(window, qtbot, tmp_path, monkeypatch) -> None:
    out = tmp_path / "讲评.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    view = window.workspace.review_view
    view.top.setValue(5)
    view.export_button.click()
    dialog = window.exporting.export_dialog
    qtbot.addWidget(dialog)
    assert dialog.what == "review" and dialog.top.value() == 5
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == ["pdf", "xlsx", "csv"]
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    with qtbot.waitSignal(window.export_done, timeout=60_000) as done:
        dialog.accept()
    assert done.args[0] == [out]
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + 5
    shown = [view.proxy.data(view.proxy.index(r, 1)) for r in range(5)]
    assert [line.split(",")[2] for line in lines[1:]] == shown


# ---------------------------------------------------------------- 分层


def test_groups_tab_moves_a_student_and_the_export_prints_those_groups(window, qtbot, tmp_path, monkeypatch) -> None:
    import openpyxl

    from app.insight.groups import group_students, regrouped

    view = window.workspace.groups_view
    window.workspace.tabs.setCurrentWidget(view)
    d = window.state.data.diagnosis
    assert [p.group.students for p in view.panels] == [g.students for g in group_students(d, 3)]
    view.count.setValue(4)
    assert len(view.panels) == 4
    view.count.setValue(3)
    first, last = view.panels[0], view.panels[2]
    moved = first.group.students[0]
    # the context menu of group A offers B and C; choosing C moves the selected student there
    first.members.item(0).setSelected(True)
    menu = first.members.move_menu()
    assert [a.text() for a in menu.actions()] == ["Move to group B", "Move to group C"]
    with qtbot.waitSignal(view.groups_changed):
        menu.actions()[1].trigger()
    assert moved not in view.panels[0].group.students
    assert moved in last.group.students
    assert last.group == regrouped(d, "C", sorted(last.group.students, key=d.student_ids.index))
    assert view.panels[2].title() == f"Group C ({len(last.group.students)})"
    assert view.members() == tuple(p.group.students for p in view.panels)

    out = tmp_path / "groups.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    view.export_button.click()
    dialog = window.exporting.export_dialog
    qtbot.addWidget(dialog)
    assert dialog.members == view.members()
    assert not dialog.groups.isVisibleTo(dialog)  # the groups shown, not a number of groups
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    with qtbot.waitSignal(window.export_done, timeout=60_000):
        dialog.accept()
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    by_group: dict[str, set[str]] = {}
    for group, _name, number, _weak in rows:
        by_group.setdefault(group, set()).add(str(number))
    assert sorted(by_group.values(), key=len) == sorted((set(p.group.students) for p in view.panels), key=len)
    assert any(moved in members and len(members) == len(last.group.students) for members in by_group.values())


def test_dropping_students_on_another_group_moves_them(window, qtbot) -> None:
    view = window.workspace.groups_view
    source, target = view.panels[1].members, view.panels[0].members
    assert source.dragDropMode() == target.dragDropMode() == QAbstractItemView.DragDropMode.DragDrop
    source.item(0).setSelected(True)
    source.item(1).setSelected(True)
    moving = set(source.selected_ids())
    assert not target.take_from(target)  # a drop on its own list moves nobody
    with qtbot.waitSignal(view.groups_changed, timeout=5000):
        assert target.take_from(source)  # what a drop from the other list does
    assert moving <= set(view.panels[0].group.students)
    assert not moving & set(view.panels[1].group.students)


# ---------------------------------------------------------------- the grade


def test_grade_tab_compares_the_class_with_the_other_classes(window, qtbot) -> None:
    data = window.state.data
    assert data.grade and set(data.grade_classes) == {"八年级(1)班", "八年级(2)班", "八年级(4)班"}
    grade = window.workspace.class_view.grade_view
    window.workspace.class_view.tabs.setCurrentWidget(grade)
    note = grade.note.text()
    assert all(c in note for c in data.grade_classes)
    assert f"behind on {sum(r.behind for r in data.grade)} of {len(data.grade)} points" in note
    texts = grade.chart.texts()
    assert grade.chart.result == [r.knowledge_point for r in data.grade]  # most behind first, on top
    assert signed(data.grade[0].gap) in texts
    assert "Grade (95% interval)" in texts


def test_student_view_names_the_points_weak_relative_to_the_class(window, qtbot) -> None:
    from app.insight.grade import weak_relative_to_class

    d = window.state.data.diagnosis
    student = next(s for s in range(len(d.student_ids)) if weak_relative_to_class(d, s))
    window.commands.open_student(d.student_ids[student])
    text = window.workspace.student_view.relative.text()
    assert text.startswith("Weak relative to the class")
    assert all(p in text for p in weak_relative_to_class(d, student))


def _class_data(grade: bool):
    from app.core.diagnosis import Diagnosis
    from app.core.score_matrix import ScoreMatrix
    from app.insight.grade import against_grade
    from app.services.class_data import ClassData

    kps = ("有理数运算", "整式加减")
    ids = ("s1", "s2", "s3")
    matrix = ScoreMatrix(
        ids,
        ("王子涵", "李欣怡", "Zhang Wei"),
        ("Q1", "Q2"),
        kps,
        ("期中考试",),
        np.array([0, 0]),
        np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
        np.array([1.0, 1.0]),
        np.array([[1, 0], [0, 1]], dtype=bool),
    )

    def diagnosis(shift: float) -> Diagnosis:
        mastery = np.clip(np.array([[0.3, 0.8], [0.6, 0.4], [0.9, 0.9]]) + shift, 0.01, 0.99)
        status = np.where(mastery < 0.5, "weak", np.where(mastery >= 0.8, "mastered", "developing")).astype(object)
        return Diagnosis(
            ids, kps, ("Q1", "Q2"), mastery, mastery - 0.05, mastery + 0.05, np.ones((3, 2)), status, {}, "t", "CPU"
        )

    own = diagnosis(0.0)
    other = diagnosis(0.2)
    rows = against_grade(own, [own, other]) if grade else []
    return ClassData("八年级(3)班", "", matrix, own, 1, grade=rows, grade_classes=("八年级(1)班",) if grade else ())


def test_without_another_diagnosed_class_the_grade_tab_says_how(qtbot, ui_language) -> None:
    from app.ui.views.grade_view import GradeView

    view = GradeView()
    qtbot.addWidget(view)
    view.set_data(_class_data(grade=False))
    assert "import the other classes that took the same exams" in view.note.text()
    assert any("No other class of this grade is diagnosed yet" in t for t in view.chart.texts())
    data = _class_data(grade=True)
    view.set_data(data)
    assert "八年级(1)班" in view.note.text()
    assert {f"{r.gap:+.2f}" for r in data.grade} <= set(view.chart.texts())
    assert view.chart.result == [r.knowledge_point for r in data.grade]
    ui_language("zh")
    qtbot.waitUntil(lambda: "与年级对比" in view.note.text(), timeout=3000)
    assert "八年级(1)班" in view.note.text()
    assert {"本班（95% 区间）", "年级（95% 区间）", "平均掌握度"} <= set(view.chart.texts())


# ---------------------------------------------------------------- finding a student


def test_student_picker_finds_by_part_of_a_name_or_number(qtbot, ui_language) -> None:
    from app.ui.views.student_view import StudentView

    view = StudentView()
    qtbot.addWidget(view)
    view.set_data(_class_data(grade=False))
    assert view.picker.isEditable()
    assert view.find_student("欣") == "s2" and view.current_student_id() == "s2"
    assert view.find_student("zhang") == "s3"  # any case
    assert view.find_student("S1") == "s1"
    assert view.find_student("nobody") is None and view.current_student_id() == "s1"
    line = view.picker.lineEdit()
    line.setText("李")
    with qtbot.waitSignal(view.current_changed) as changed:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert changed.args == ["s2"]
    completer = view.picker.completer()
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    completer.setCompletionPrefix("Wei")
    assert completer.currentCompletion().startswith("s3")


def test_heat_map_find_box_and_enter_open_the_student(qtbot, ui_language) -> None:
    from app.ui.views.class_view import ClassView

    view = ClassView()
    qtbot.addWidget(view)
    view.set_data(_class_data(grade=False))
    view.find_edit.setText("李")
    assert view.heat_proxy.rowCount() == 1
    assert view.found_label.text() == "1 of 3"
    with qtbot.waitSignal(view.student_activated) as opened:
        qtbot.keyClick(view.find_edit, Qt.Key.Key_Return)
    assert opened.args == ["s2"]
    view.find_edit.clear()
    assert view.heat_proxy.rowCount() == 3 and view.found_label.text() == ""
    view.heat_view.setCurrentIndex(view.heat_proxy.index(2, 4))
    with qtbot.waitSignal(view.student_activated) as opened:
        qtbot.keyClick(view.heat_view, Qt.Key.Key_Return)
    assert opened.args == ["s3"]
    with qtbot.assertNotEmitted(view.student_activated):
        qtbot.keyClick(view.heat_view, Qt.Key.Key_Down)  # other keys still move the selection


# ---------------------------------------------------------------- tooltips, both languages


def _controls(widget: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)
    found = []
    for w in widget.findChildren(QWidget):
        if not isinstance(w, kinds) or not w.isVisibleTo(widget):
            continue
        if isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):  # the line edit inside a combo or spin box
            continue
        if type(w).__name__ in ("QTabBarButton", "QToolButton") and not w.text():  # scroll arrows of tab bars
            continue
        if w.objectName() == "qt_tableview_cornerbutton":  # a table's select-all corner
            continue
        found.append(w)
    return found


ACRONYMS = {
    "PDF",
    "Excel",
    "CSV",
    "AUC",
    "RMSE",
    "ECE",
    "Ctrl",
    "Alt",
    "xlsx",
    "xls",
    "xlsm",
    "csv",
    "YYYY",
    "MM",
    "DD",
}


def _untranslated(widgets: list[QWidget]) -> list[str]:
    """Tooltips that still hold English words (besides file types and metric names)."""
    import re

    return [
        w.toolTip()
        for w in widgets
        if set(re.findall(r"[A-Za-z]{2,}", re.sub(r"<[^>]+>", " ", w.toolTip()))) - ACRONYMS
    ]


def _untipped(where: str, widget: QWidget) -> list[str]:
    return [
        f"{where}: {type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for w in _controls(widget)
        if not w.toolTip()
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_control_of_the_views_and_export_dialog_has_a_tooltip(window, qtbot, ui_language, lang) -> None:
    ui_language(lang)
    heat_map = "热力图" if lang == "zh" else "Heat map"
    qtbot.waitUntil(lambda: window.workspace.class_view.tabs.tabText(0) == heat_map, timeout=3000)
    missing, english = [], []
    ws = window.workspace
    for view in (ws.class_view, ws.student_view, ws.review_view, ws.groups_view):
        ws.tabs.setCurrentWidget(view)
        missing += _untipped(type(view).__name__, view)
        english += _untranslated(_controls(view))
    for what in ("plans", "handbook", "review", "groups"):
        window.exporting.export(what)
        dialog = window.exporting.export_dialog
        qtbot.addWidget(dialog)
        missing += _untipped(f"export {what}", dialog)
        english += _untranslated(_controls(dialog))
        dialog.reject()
    assert not missing, "\n".join(missing)
    assert english == [] or lang == "en"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_control_of_the_dialogs_has_a_tooltip(window, qtbot, ui_language, lang) -> None:
    from types import SimpleNamespace

    from app.engine.profile import ProfileReliability
    from app.services.priors import PriorState
    from app.services.sample import sample_files
    from app.ui.dialogs.check import CheckModelDialog

    ui_language(lang)
    heat_map = "热力图" if lang == "zh" else "Heat map"
    qtbot.waitUntil(lambda: window.workspace.class_view.tabs.tabText(0) == heat_map, timeout=3000)
    shown = []
    check = CheckModelDialog(window.state.db, window.state.data.class_name, window.runner, parent=window)
    qtbot.addWidget(check)
    check.show()
    shown.append(("check, running", check))
    window.exporting.show_graph()
    shown.append(("graph", window.exporting.graph_dialog))
    window.papers.edit_paper()
    qtbot.addWidget(window.papers.dialog)
    window.papers.dialog.show()
    shown.append(("paper", window.papers.dialog))
    missing, english = [], []
    for where, dialog in shown:
        missing += _untipped(where, dialog)
        english += _untranslated(_controls(dialog))
    qtbot.waitUntil(lambda: not check.busy, timeout=120_000)  # its real check ends here, not after the test
    check._on_checked(
        SimpleNamespace(
            engine={"rmse": 0.3},
            baseline={"rmse": 0.4},
            hidden_scores=10,
            hide=0.2,
            engine_better=True,
            reliability=ProfileReliability(0.02, 0.04, 120),
            peer_classes=3,
            rivals=(),
        ),
        PriorState(trained=False, better=False, in_use=False, card=None),  # no school's model trained yet
    )
    assert check.prior_box.isVisible() and check.train_button.isVisible()  # the school's own model, with its switch
    missing += _untipped("check, done", check)
    english += _untranslated(_controls(check))
    window.importing.import_file(str(sample_files().gradebooks[0]))
    wizard = window.importing.wizard
    qtbot.addWidget(wizard)
    wizard.file_page.class_edit.setCurrentText("八年级(9)班")
    missing += _untipped("wizard, file page", wizard)
    english += _untranslated(_controls(wizard))
    with qtbot.waitSignal(wizard.parsed_ready, timeout=30_000):
        wizard.next()
    missing += _untipped("wizard, preview page", wizard)
    english += _untranslated(_controls(wizard))
    wizard.go_tagging()
    missing += _untipped("wizard, tagging page", wizard)
    english += _untranslated(_controls(wizard))
    wizard.reject()
    for _where, dialog in shown:
        dialog.close()
    assert not missing, "\n".join(missing)
    assert english == [] or lang == "en"
