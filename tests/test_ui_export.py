"""Exports and the knowledge graph through the window: menus, dialogs, the worker, the store."""

from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from sample_stores import copy_store
from ui_fixtures import showing_diagnosis


@pytest.fixture
def window(make_window, diagnosed_store, tmp_path, qtbot):
    """A window showing the diagnosed sample class, on a copy of the store."""
    store = copy_store(diagnosed_store, tmp_path)
    window = showing_diagnosis(make_window(db=store), qtbot)
    return window


def _save_as(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))


def _export_dialog(window, qtbot, action, fmt: str):
    action.trigger()
    dialog = window.exporting.export_dialog
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    return dialog


def _stored_prerequisites(window) -> list[tuple[str, str]]:
    from app.services.class_data import load_class_data

    return load_class_data(window.state.db, window.state.data.class_name).prerequisites


def test_export_plans_pdf_from_the_menu(window, qtbot, tmp_path, monkeypatch) -> None:
    out = tmp_path / "out" / "plans.pdf"
    _save_as(monkeypatch, out)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile())))
    assert window.menus.export_actions["plans"] in window.menus.export_menu.actions()
    dialog = _export_dialog(window, qtbot, window.menus.export_actions["plans"], "pdf")
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == ["pdf", "xlsx", "csv"]
    assert "one section per student" in dialog.one_file.text()  # a long plan runs on: not "a page per student"
    assert "0.50" in dialog.thresholds_note.text() and "Settings" in dialog.thresholds_note.text()
    assert "pseudonyms" in dialog.anonymise_hint.text()
    with qtbot.waitSignal(window.export_done, timeout=60_000) as done:
        dialog.accept()
    assert done.args[0] == [out] and out.exists()
    import pypdf

    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    name = window.state.data.matrix.student_names[0]
    assert name and name in text
    assert "Practice" in text or "practice" in text  # the window's language (English)
    assert window.exporting.export_label.isVisible() and str(out) in window.exporting.export_label.text()
    window.exporting.open_folder_button.click()
    assert opened == [str(out.parent)]


def test_anonymised_mastery_csv_has_no_name_or_number(window, qtbot, tmp_path, monkeypatch) -> None:
    out = tmp_path / "mastery"  # the suffix is added
    _save_as(monkeypatch, out)
    dialog = _export_dialog(window, qtbot, window.menus.export_actions["mastery"], "csv")
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == ["xlsx", "csv"]
    assert not dialog.per_student.isVisibleTo(dialog)
    dialog.anonymise.setChecked(True)
    with qtbot.waitSignal(window.export_done, timeout=60_000) as done:
        dialog.accept()
    path = done.args[0][0]
    assert path == tmp_path / "mastery.csv"
    text = path.read_text(encoding="utf-8-sig")
    matrix = window.state.data.matrix
    assert len(text.splitlines()) > len(matrix.student_ids)
    leaked = [s for s in (*matrix.student_ids, *filter(None, matrix.student_names)) if s in text]
    assert leaked == []


def test_cancel_an_export(window, qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    dialog = _export_dialog(window, qtbot, window.menus.export_actions["plans"], "pdf")
    dialog.per_student.setChecked(True)
    window.task_started.connect(lambda task: window.progress.cancel_button.click())
    with qtbot.waitSignal(window.task_ended, timeout=60_000) as ended:
        dialog.accept()
    assert ended.args == ["cancelled"]
    assert "Export cancelled" in window.statusBar().currentMessage()
    assert not window.exporting.export_label.isVisible()
    assert window.menus.export_actions["plans"].isEnabled()


def test_a_failed_export_is_a_message_not_a_crash(window, qtbot, tmp_path, monkeypatch, messages) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    _save_as(monkeypatch, blocker / "report.pdf")
    dialog = _export_dialog(window, qtbot, window.menus.export_actions["report"], "pdf")
    with qtbot.waitSignal(window.task_ended, timeout=60_000) as ended:
        dialog.accept()
    assert ended.args == ["failed"]
    assert messages["warning"][-1].startswith("The export could not be made.")


def test_graph_dialog_refuses_a_cycle_and_saves_a_good_file(window, qtbot, tmp_path, monkeypatch) -> None:
    window.menus.act_graph.trigger()
    dialog = window.exporting.graph_dialog
    assert dialog.isVisible() and dialog.canvas is not None
    drawn = [t.get_text() for t in dialog.canvas.figure.texts + dialog.canvas.figure.axes[0].texts]
    assert any("一次函数" in t for t in drawn)
    before = _stored_prerequisites(window)
    assert ("一次函数", "平面直角坐标系") in before

    cyclic = tmp_path / "cycle.csv"
    cyclic.write_text("知识点,前置知识\n整式加减,有理数运算\n有理数运算,整式加减\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(cyclic), "")))
    with qtbot.waitSignal(window.graph_imported, timeout=30_000) as imported:
        dialog.import_button.click()
    assert not imported.args[0].saved
    assert "not imported" in dialog.import_report.text()
    rows = [dialog.problems.topLevelItem(i) for i in range(dialog.problems.topLevelItemCount())]
    assert any("cycle" in r.text(2) and "→" in r.text(2) and "整式加减" in r.text(2) for r in rows)
    assert any("cycle.csv" in r.text(1) for r in rows)
    assert _stored_prerequisites(window) == before

    good = tmp_path / "graph.csv"
    good.write_text("knowledge_point,prerequisite\n一元一次方程,有理数运算\n整式加减,有理数运算\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(good), "")))
    with qtbot.waitSignal(window.graph_imported, timeout=30_000) as imported:
        dialog.import_button.click()
    assert imported.args[0].saved
    expected = [("一元一次方程", "有理数运算"), ("整式加减", "有理数运算")]
    assert _stored_prerequisites(window) == expected
    assert window.state.data.prerequisites == expected  # the views (learning paths) were refreshed
    assert window.workspace.student_view.data.prerequisites == expected
    assert "Saved 2 prerequisite links" in dialog.import_report.text()


def test_export_uses_the_teachers_thresholds(make_window, diagnosed_store, tmp_path, qtbot, monkeypatch) -> None:
    import openpyxl

    from app.export.rows import status_label
    from app.ui.base.settings import AppSettings

    ini = tmp_path / "settings.json"
    AppSettings(ini).set_thresholds(0.6, 0.85)
    store = copy_store(diagnosed_store, tmp_path)
    window = showing_diagnosis(make_window(db=store, settings=ini), qtbot)
    assert window.state.data.thresholds.weak_below == pytest.approx(0.6)
    out = tmp_path / "mastery.xlsx"
    _save_as(monkeypatch, out)
    dialog = _export_dialog(window, qtbot, window.menus.export_actions["mastery"], "xlsx")
    assert "0.60" in dialog.thresholds_note.text() and "0.85" in dialog.thresholds_note.text()
    assert not hasattr(dialog, "threshold")  # one set of thresholds: the dialog has none of its own
    with qtbot.waitSignal(window.export_done, timeout=60_000):
        dialog.accept()
    sheet = openpyxl.load_workbook(out).worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    status = rows[0].index("Status")
    assert str(rows[0][status + 1]).endswith("0.60") and rows[0][-1] == "Finding"
    weak = sum(1 for row in rows[1:] if row[status] == status_label("weak", "en"))
    assert weak == int((window.state.data.diagnosis.status == "weak").sum()) > 0


def test_handbooks_one_pdf_per_student_with_progress_in_the_status_bar(window, qtbot, tmp_path, monkeypatch) -> None:
    import pypdf

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    dialog = _export_dialog(window, qtbot, window.menus.export_actions["handbook"], "pdf")
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == ["pdf"]
    assert "one page per student" in dialog.one_file.text()
    dialog.per_student.setChecked(True)
    seen = []
    window.task_started.connect(
        lambda task: seen.append(window.progress.progress_bar.isVisible() and window.progress.cancel_button.isVisible())
    )
    with qtbot.waitSignal(window.export_done, timeout=120_000) as done:
        dialog.accept()
    assert seen == [True]  # progress and Cancel showed while it exported
    paths = done.args[0]
    students = window.state.data.diagnosis.student_ids
    assert len(paths) == len(students)
    assert all(p.parent.parent == tmp_path and p.suffix == ".pdf" for p in paths)
    assert len(pypdf.PdfReader(paths[0]).pages) == 1
