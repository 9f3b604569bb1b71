"""Manage classes' student tools and exam dates in the window (issue 19, items 7 and 9): merge two records of one
student (asking which number to keep) and undo it, 转出 / 转入 from a date and taking it back, an exam's date
set so that every list of exams follows it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from storage_helpers import fresh_store, gradebook

from app.core.gradebook import GradebookAssessment
from app.services.importing import ImportRequest, import_parsed

CLASS = "3班"


def _dated(name: str, date: dt.date | None, students):
    return dataclasses.replace(gradebook(name, students=students), assessments=[GradebookAssessment(name, date)])


@pytest.fixture
def window(make_window, tmp_path, qtbot):
    """A window on a store whose 3班 sat 期中 (吕子墨 as 001) and 期末 (呂子墨 as 901), imported out of date order."""
    db = fresh_store(tmp_path)
    import_parsed(db, ImportRequest(_dated("期末", dt.date(2027, 1, 15), (("901", "呂子墨"), ("002", "李四"))), CLASS))
    import_parsed(db, ImportRequest(_dated("期中", dt.date(2026, 11, 12), (("001", "吕子墨"), ("002", "李四"))), CLASS))
    import_parsed(db, ImportRequest(_dated("单元测验", None, (("001", "吕子墨"), ("002", "李四"))), CLASS))
    db.close()
    window = make_window(db=tmp_path / "zhidian.db")
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    return window


@pytest.fixture
def students(window, qtbot):
    """The Manage dialog open on its Students tab, 3班's roster read."""
    window.menus.act_manage.trigger()
    dialog = window.managing.dialog
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(window.managing.roster.roster_shown, timeout=20_000):
        dialog.tabs.setCurrentWidget(dialog.students)
    return dialog.students


def _roster(page) -> list[list[str]]:
    table = page.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_students_tab_lists_the_roster_and_merges_two_records_undoably(window, students, qtbot, boxes) -> None:
    assert students.class_name == CLASS == window.state.class_name
    assert [row[:2] for row in _roster(students)] == [["901", "呂子墨"], ["002", "李四"], ["001", "吕子墨"]]
    assert not students.merge_button.isEnabled()
    students.choose_numbers(["901", "001"])
    assert students.merge_button.isEnabled() and not students.left_button.isEnabled()
    boxes.answers.append("Keep 吕子墨（001）")
    with qtbot.waitSignal(window.managing.roster.roster_shown, timeout=20_000):
        students.merge_button.click()
    asked = boxes.shown[-1]
    assert asked.buttons == ["Keep 呂子墨（901）", "Keep 吕子墨（001）", "Cancel"] and asked.default == "Cancel"
    assert "Their scores join under the number kept" in asked.text and "backed up first" in asked.text
    assert [row[0] for row in _roster(students)] == ["002", "001"]
    assert [[students.merges_table.item(0, c).text() for c in range(3)]] == [["001", "901", "3"]]
    said = window.statusBar().currentMessage()
    assert said.startswith("Merged 901 into 001 (3 scores moved).") and "Backed up first to" in said
    assert window.state.db.backups[-1].reason == "before-merge"

    students.merges_table.selectRow(0)
    boxes.answers.append("Undo merge")
    with qtbot.waitSignal(window.managing.roster.roster_shown, timeout=20_000):
        students.undo_merge_button.click()
    assert [row[0] for row in _roster(students)] == ["901", "002", "001"] and students.merges_table.rowCount() == 0


def test_a_refused_merge_is_a_message_and_changes_nothing(window, students, qtbot, boxes, messages) -> None:
    students.choose_numbers(["002", "001"])  # both sat 期中
    boxes.answers.append("Keep 李四（002）")
    with qtbot.waitSignal(window.task_ended, timeout=20_000) as ended:
        students.merge_button.click()
    assert ended.args[0] == "failed" and "nothing was merged" in messages["warning"][-1]
    assert len(_roster(students)) == 3


def test_left_and_joined_from_a_date_then_taken_back(window, students, qtbot, monkeypatch) -> None:
    from app.ui.dialogs import dates

    asked: list[tuple[str, dt.date | None]] = []

    def answer(parent, title, text, initial=None, *, unknown=""):
        asked.append((text, initial))
        return True, dt.date(2026, 12, 1)

    monkeypatch.setattr(dates, "ask_date", answer)
    students.choose_numbers(["002"])
    with qtbot.waitSignal(window.managing.roster.roster_shown, timeout=20_000):
        students.left_button.click()
    assert asked[-1][0].startswith("The day 李四（002） left 3班: from then on they are no longer in the class's")
    assert _roster(students)[1][:4] == ["002", "李四", "", "2026-12-01"]
    assert window.statusBar().currentMessage().startswith("李四（002） left 3班 on 2026-12-01 (转出).")
    assert "002" not in window.state.data.matrix.student_ids  # out of the class's figures now
    students.choose_numbers(["001"])
    with qtbot.waitSignal(window.managing.roster.roster_shown, timeout=20_000):
        students.joined_button.click()
    assert _roster(students)[2][:4] == ["001", "吕子墨", "2026-12-01", ""]
    students.choose_numbers(["002"])
    assert students.clear_button.isEnabled()
    with qtbot.waitSignal(window.managing.roster.roster_shown, timeout=20_000):
        students.clear_button.click()
    assert _roster(students)[1][2:4] == ["", ""]


def test_an_exam_dated_in_manage_moves_in_every_list(window, qtbot, monkeypatch) -> None:
    from app.ui.dialogs import dates

    window.menus.act_manage.trigger()
    manage = window.managing.dialog
    qtbot.addWidget(manage)

    def exams() -> list[list[str]]:
        top = manage.items[(CLASS, None)]
        return [[top.child(j).text(0), top.child(j).text(3)] for j in range(top.childCount())]

    assert ["单元测验", "no date"] in exams() and exams().index(["期中", "2026-11-12"]) < exams().index(
        ["期末", "2027-01-15"]
    )
    monkeypatch.setattr(dates, "ask_date", lambda *a, **k: (True, dt.date(2026, 9, 20)))
    manage.choose(CLASS, "单元测验")
    with qtbot.waitSignal(window.managing.changed, timeout=20_000):
        manage.date_button.click()
    assert exams() == [["单元测验", "2026-09-20"], ["期中", "2026-11-12"], ["期末", "2027-01-15"]]
    assert manage.chosen() == (CLASS, "单元测验")
    assert window.state.data.matrix.assessments == ("单元测验", "期中", "期末")
