"""Exam packages through the window: File → Export exam package… and File → Import exam package…, their dialogs, the
work on the window's runner, and what the teacher is told."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from sample_stores import copy_store

from app.services.packages import PackageRequest, export_package
from app.storage import open_database

CLASS = "八年级(3)班"
EXAM = "2026年11月八年级数学第二次月考"
GRADE = ["八年级(3)班", "八年级(1)班", "八年级(2)班", "八年级(4)班"]


@pytest.fixture
def teacher(sample_store: Path, tmp_path: Path) -> Path:
    (tmp_path / "teacher").mkdir()
    return copy_store(sample_store, tmp_path / "teacher")


@pytest.fixture
def package(teacher: Path, tmp_path: Path) -> Path:
    """The grade exam's package with the scores of its four classes."""
    with open_database(teacher) as db:
        return export_package(db, PackageRequest(CLASS, EXAM, tmp_path / "月考.zhidian", with_scores=True)).path


def _open(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def _import_dialog(window, qtbot, monkeypatch, path: Path):
    _open(monkeypatch, path)
    window.menus.act_import_package.trigger()
    qtbot.waitUntil(lambda: window.packages.import_dialog is not None and window.packages.import_dialog.isVisible())
    dialog = window.packages.import_dialog
    qtbot.addWidget(dialog)
    return dialog


def _lines(dialog) -> list[str]:
    return dialog.lines.text().splitlines()


def test_the_file_menu_has_both_actions_enabled_as_the_window_allows(make_window, teacher, qtbot) -> None:
    empty = make_window()
    menus = empty.menus
    file_actions = [a.text() for a in menus.file_menu.actions()]
    assert "Import e&xam package…" in file_actions and "Export exam &package…" in file_actions
    assert file_actions.index("Import e&xam package…") == file_actions.index("&Import gradebook…") + 1
    assert menus.act_import_package.isEnabled()  # a store is open
    assert not menus.act_export_package.isEnabled()  # no class shown
    window = make_window(db=teacher)
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=10_000)
    assert window.menus.act_export_package.isEnabled()
    assert "colleagues" in window.menus.act_export_package.toolTip()


def test_export_with_the_grades_scores_anonymised(make_window, teacher, qtbot, tmp_path, monkeypatch) -> None:
    window = make_window(db=teacher)
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=10_000)
    window.menus.act_export_package.trigger()
    dialog = window.packages.export_dialog
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == f"Export exam package: {CLASS}"
    assert [dialog.exam.itemText(i) for i in range(dialog.exam.count())] == ["第一次月考", "期中考试", EXAM]
    assert dialog.chosen_exam() == EXAM  # the newest
    qtbot.waitUntil(lambda: dialog.classes == GRADE)
    assert dialog.classes_note.text() == f"4 class(es) in this store sat this exam: {', '.join(GRADE)}."
    assert not dialog.anonymise.isEnabled()
    dialog.with_scores.setChecked(True)
    assert dialog.anonymise.isEnabled()
    assert dialog.classes_note.text().startswith("The scores of 4 class(es) go with it")
    dialog.anonymise.setChecked(True)
    dialog.exam.setCurrentText("期中考试")
    qtbot.waitUntil(lambda: dialog.classes == [CLASS])
    dialog.exam.setCurrentText(EXAM)
    qtbot.waitUntil(lambda: dialog.classes == GRADE)
    out = tmp_path / "out" / "grade"  # the suffix is added
    asked = []

    def save_as(parent, title, suggested, filters):
        asked.append((Path(suggested).name, filters))
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    with qtbot.waitSignal(window.packages.exported, timeout=30_000) as done:
        dialog.accept()
    assert asked == [(f"{CLASS} {EXAM}.zhidian", "Exam packages (*.zhidian);;All files (*)")]
    result = done.args[0]
    assert result.path == tmp_path / "out" / "grade.zhidian" and result.classes == tuple(GRADE)
    with zipfile.ZipFile(result.path) as archive:
        assert archive.namelist() == ["manifest.json", *(f"scores/00{n}.csv" for n in range(1, 5))]
        csv = archive.read("scores/001.csv").decode("utf-8-sig")
    assert "Student " in csv
    names = [n for n in window.state.data.matrix.student_names if n]
    assert names and not [n for n in names if n in csv]


def test_import_shows_what_it_does_then_brings_the_grade_in(make_window, package, qtbot, monkeypatch, messages) -> None:
    window = make_window()  # an empty store: the welcome page
    dialog = _import_dialog(window, qtbot, monkeypatch, package)
    assert dialog.windowTitle() == "Import exam package: 月考.zhidian"
    assert dialog.summary.text().startswith(f"Package '月考.zhidian': exam '{EXAM}' (2026-11-25), 20 questions")
    assert _lines(dialog) == [
        "• The paper will be kept with the classes' scores below, and a gradebook of this exam imported later "
        "takes its tags too.",
        "• Scores: 八年级(3)班, 40 students, 778 scores: to be imported as a class of its own",
        "• Scores: 八年级(1)班, 38 students, 739 scores: to be imported as a class of its own",
        "• Scores: 八年级(2)班, 41 students, 819 scores: to be imported as a class of its own",
        "• Scores: 八年级(4)班, 39 students, 739 scores: to be imported as a class of its own",
        "• The prerequisite links will be saved.",
    ]
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    with qtbot.waitSignal(window.packages.imported, timeout=30_000) as done:
        dialog.accept()
    assert [s.class_name for s in done.args[0].imports] == GRADE
    assert sorted(c.name for c in window.state.store.classes) == sorted(GRADE)
    assert window.state.class_name == CLASS  # the first class imported is shown
    assert messages["information"][-1].startswith("Exam package imported: 0 exam(s) tagged, the scores of 4 class(es).")
    assert "Imported the scores of class '八年级(1)班'" in messages["information"][-1]
    # the second time the dialog says so, and Import stays off
    again = _import_dialog(window, qtbot, monkeypatch, package)
    assert _lines(again)[-1] == "• All of it was imported before: importing changes nothing."
    assert not again.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    again.accept()
    assert again.isVisible()  # nothing to import: the dialog stays until closed
    again.reject()


def test_the_paper_goes_where_the_teacher_chooses(make_window, teacher, tmp_path, qtbot, monkeypatch, messages) -> None:
    with open_database(teacher) as db:
        paper_only = export_package(db, PackageRequest(CLASS, EXAM, tmp_path / "paper.zhidian")).path
    window = make_window(db=teacher)  # the store it came from: the grade's exams hold the same paper already
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=10_000)
    dialog = _import_dialog(window, qtbot, monkeypatch, paper_only)
    assert [dialog.target.itemText(i) for i in (0, dialog.target.count() - 1)] == [
        "The exams it matches (by name, else by date)",
        "No exam now: keep the paper for a later import",
    ]
    found = _lines(dialog)
    assert found == [f"• Already set from this paper: {name} '{EXAM}'" for name in sorted(GRADE)]
    dialog.target.setCurrentIndex(dialog.target.count() - 1)
    kept = ["• The paper will be kept: a gradebook of this exam imported later takes its tags."]
    qtbot.waitUntil(lambda: _lines(dialog) == kept)
    dialog.target.setCurrentIndex(dialog.target.findText(f"{CLASS} · 期中考试"))
    qtbot.waitUntil(lambda: _lines(dialog) == [f"• To be tagged with this paper: {CLASS} '期中考试'"])
    with qtbot.waitSignal(window.packages.imported, timeout=30_000) as done:
        dialog.accept()
    assert done.args[0].tagged.assessments == ((CLASS, "期中考试"),)
    assert window.state.class_name == CLASS
    assert (
        "Tagged 八年级(3)班 '期中考试' with the paper of 'paper.zhidian': 18 questions" in messages["information"][-1]
    )


def test_a_hostile_package_is_refused_with_the_file_and_part_named(
    make_window, tmp_path, qtbot, monkeypatch, messages
) -> None:
    evil = tmp_path / "evil.zhidian"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("/etc/cron.d/evil", "* * * * * root rm -rf /")
    window = make_window()
    _open(monkeypatch, evil)
    with qtbot.waitSignal(window.error_shown, timeout=30_000) as shown:
        window.menus.act_import_package.trigger()
    assert shown.args[0].startswith("The exam package cannot be imported.")
    assert "evil.zhidian//etc/cron.d/evil: the part's name points outside the package" in shown.args[0]
    assert window.packages.import_dialog is None
    assert messages["warning"] == [shown.args[0]]
