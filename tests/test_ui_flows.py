"""The window's real flows: sample, import wizard, diagnosis in the background, cancel, quit, views, check."""

import threading
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox, QWizard
from sample_stores import copy_store

from app.services.sample import SAMPLE_CLASS, sample_files

EXAM1, EXAM2 = sample_files().gradebooks
SECOND_EXAM = "2026年11月八年级数学第二次月考"  # the grade export's exam, with its 双向细目表


def _import_through_wizard(window, qtbot, path: Path, class_name: str | None = None):
    window.importing.import_file(str(path))
    wizard = window.importing.wizard
    qtbot.addWidget(wizard)
    if class_name is not None:
        wizard.file_page.class_edit.setCurrentText(class_name)
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        wizard.next()
    return wizard


# ---------------------------------------------------------------- start, sample, import


def test_first_start_offers_the_sample_and_loads_it_with_one_click(make_window, qtbot, tmp_path) -> None:
    window = make_window()
    assert window.windowTitle() == "Zhidian 知点"
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.sample_button.isVisible()
    assert str(tmp_path / "zhidian.db") in window.status.store_label.text()
    assert (
        window.status.device_label.text() in ("Compute: CPU", "Compute: Apple MPS")
        or "CUDA" in window.status.device_label.text()
    )
    with qtbot.waitSignal(window.class_shown, timeout=30_000):
        qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.workspace
    assert window.state.data.class_name == SAMPLE_CLASS  # the class with three exams, of the four loaded
    assert window.state.data.matrix.assessments == ("第一次月考", "期中考试", SECOND_EXAM)
    assert [c.name for c in window.state.store.classes] == ["八年级(1)班", "八年级(2)班", "八年级(3)班", "八年级(4)班"]
    assert window.workspace.banner.isVisible() and "not been diagnosed" in window.workspace.banner_text.text()


def test_import_through_the_wizard_then_undo(make_window, qtbot, messages, boxes) -> None:
    window = make_window()
    wizard = _import_through_wizard(window, qtbot, EXAM1, "八年级(3)班")
    page = wizard.preview_page
    # how the file was understood
    headers = [page.preview.horizontalHeaderItem(j).text() for j in range(4)]
    assert headers[:3] == ["A\nStudent ID", "B\nName", "C\nQuestion"]
    assert page.id_column.currentData() == "A"
    assert page.item_sheet.currentData() == "题目信息"
    # each control of the mapping beside its own label, with its own tooltip
    for control, label, tip in [
        (page.sheet, "Sheet:", "The sheet holding the scores"),
        (page.answer_row, "Answer-key row:", "The row holding the choice questions' answer keys, if the sheet has one"),
        (page.date, "Date:", "The exam's date, as YYYY-MM-DD"),
    ]:
        assert (page.mapping.labelForField(control).text(), control.toolTip()) == (label, tip)
    assert (
        "Found 40 students, 20 questions (100 points), 5 knowledge points, 42 missing scores" in page.understood.text()
    )
    assert page.problems.topLevelItem(0).text(2) == "No problems found."
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    # the assessment is named from the file name; the teacher renames it and the file is re-read
    assert page.assessment.text() == "第一次月考"
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        page.assessment.setText("10月月考")
        page.assessment.textEdited.emit("10月月考")
    assert wizard.parsed.assessments[0].name == "10月月考"
    with qtbot.waitSignal(window.import_done, timeout=30_000) as imported:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert [s.students for s in imported.args[0]] == [40]
    assert not wizard.isVisible()
    assert window.state.data.class_name == "八年级(3)班"
    assert window.settings.recent_files == [str(EXAM1.resolve())]
    # the same file again is recognised at the preview, with a readable message, and cannot be imported
    wizard = _import_through_wizard(window, qtbot, EXAM1, "八年级(3)班")
    assert any("already imported" in p.text.en for p in wizard.problems)
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.reject()
    # undo from the menu
    assert window.menus.act_undo.isEnabled()
    boxes.answers.append("Undo import")
    window.menus.act_undo.trigger()  # asks in the worker's time, Cancel the default, then undoes in the worker
    qtbot.waitUntil(
        lambda: bool(boxes.shown) and window.runner.task is None and window.state.store.empty, timeout=30_000
    )
    assert "Undo the import" in boxes.shown[-1].text and boxes.shown[-1].default == "Cancel"
    assert window.stack.currentWidget() is window.welcome
    assert window.state.store.empty


def test_wizard_lists_problems_blocks_import_and_mapping_fixes_it(make_window, qtbot, tmp_path) -> None:
    bad = tmp_path / "成绩.csv"
    bad.write_text(
        "编码,姓名,第1题,第2题\n满分,,3,5\n知识点,,有理数运算,整式加减\n001,王子涵,3,4\n002,李欣怡,x,9\n",
        encoding="utf-8-sig",
    )
    window = make_window()
    wizard = _import_through_wizard(window, qtbot, bad, "八年级(3)班")
    page = wizard.preview_page
    texts = [
        page.problems.topLevelItem(i).text(1) + " | " + page.problems.topLevelItem(i).text(2)
        for i in range(page.problems.topLevelItemCount())
    ]
    assert any("成绩.csv" in t for t in texts), texts
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "must be fixed" in page.verdict.text()
    assert "no student id column" in texts[0]
    # the teacher says which column holds the student id: now the scores themselves are checked
    assert page.id_column.currentData() is None
    page.id_column.setCurrentIndex(page.id_column.findData("A"))
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        page.id_column.activated.emit(page.id_column.currentIndex())
    assert page.max_row.value() == 2 and page.kp_row.value() == 3
    rows = {(p.row, p.column) for p in wizard.problems}
    assert (5, "第1题") in rows and (5, "第2题") in rows  # the 'x' and the 9 out of 5, located
    assert not wizard.can_import()
    wizard.reject()


def test_dropping_a_gradebook_opens_the_wizard(make_window, qtbot) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(EXAM2))])
    event = QDropEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.importing.wizard is not None, timeout=3000)
    qtbot.addWidget(window.importing.wizard)
    assert window.importing.wizard.file_page.path_edit.text() == str(EXAM2)
    assert window.importing.wizard.class_name() == "八年级3班"
    window.importing.wizard.reject()


# ---------------------------------------------------------------- diagnosis in the background


def test_diagnosis_runs_in_a_worker_and_reports_progress_to_the_window(
    make_window, qtbot, sample_store, tmp_path, monkeypatch
) -> None:
    from app.services import diagnosing

    diagnose = diagnosing.diagnose_stored_class
    worker_threads: list[int] = []

    def recorded(*args, **kwargs):
        worker_threads.append(threading.get_ident())
        return diagnose(*args, **kwargs)

    monkeypatch.setattr(diagnosing, "diagnose_stored_class", recorded)
    window = make_window(db=copy_store(sample_store, tmp_path))
    assert window.state.data.diagnosis is None
    ended: list[str] = []
    reports: list[dict] = []  # each progress report as the UI thread saw it
    window.task_ended.connect(ended.append)

    def follow(task) -> None:
        task.progress.connect(
            lambda fraction, _message: reports.append(
                {
                    "thread": threading.get_ident(),
                    "running": window.runner.task is task and not ended,
                    "fraction": fraction,
                    "bar": window.progress.progress_bar.value(),
                }
            )
        )

    window.task_started.connect(follow)
    with qtbot.waitSignal(window.diagnosis_done, timeout=120_000):
        qtbot.mouseClick(window.workspace.diagnose_button, Qt.MouseButton.LeftButton)
        assert window.progress.progress_bar.isVisible() and window.progress.cancel_button.isEnabled()
        assert not window.menus.act_import.isEnabled()  # one store user at a time
    ui_thread = threading.get_ident()
    assert len(worker_threads) == 1 and worker_threads[0] != ui_thread  # the diagnosis ran off the UI thread
    while_running = [r for r in reports if r["running"]]
    assert while_running, reports  # progress reached the window while the work was still going
    assert all(r["thread"] == ui_thread for r in reports)
    assert all(r["bar"] == int(r["fraction"] * 1000) for r in while_running)  # and moved its progress bar
    assert ended == ["finished"]
    assert not window.progress.progress_bar.isVisible()
    # results shown: class view, then the student view
    d = window.state.data.diagnosis
    assert d is not None and d.mastery.shape == (40, 10)
    assert set(window.state.data.per_assessment) == {"第一次月考", "期中考试", SECOND_EXAM}
    assert not window.workspace.banner.isVisible()
    assert window.workspace.class_view.heat_proxy.rowCount() == 40
    assert window.workspace.run_picker.count() == 4  # now, and the state after each assessment
    window.menus.act_student_view.trigger()
    assert window.workspace.tabs.currentWidget() is window.workspace.student_view
    first = window.workspace.student_view.current_student_id()
    window.menus.act_next.trigger()
    assert window.workspace.student_view.current_student_id() != first
    window.menus.act_prev.trigger()
    assert window.workspace.student_view.current_student_id() == first
    window.workspace.student_view.all_points.setChecked(True)  # this student may have no flagged or moved point
    assert {"第一次月考", "期中考试"} <= set(window.workspace.student_view.trajectory_chart.texts())


def test_cancel_a_running_diagnosis(make_window, qtbot, sample_store, tmp_path) -> None:
    window = make_window(db=copy_store(sample_store, tmp_path))
    window.task_started.connect(lambda task: task.progress.connect(lambda *_: window.runner.cancel()))
    with qtbot.waitSignal(window.task_ended, timeout=60_000) as ended:
        window.menus.act_diagnose.trigger()
    assert ended.args == ["cancelled"]
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.workspace.run_picker.itemData(0) is None  # nothing saved
    assert window.menus.act_diagnose.isEnabled()


def test_a_failing_diagnosis_is_a_message_not_a_crash(
    make_window, qtbot, sample_store, tmp_path, monkeypatch, messages
) -> None:
    from app.services import diagnosing

    def broken(db, class_name, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(diagnosing, "diagnose_stored_class", broken)
    window = make_window(db=copy_store(sample_store, tmp_path))
    with qtbot.waitSignal(window.task_ended, timeout=30_000) as ended:
        window.analysis.run_diagnosis()
    assert ended.args == ["failed"]
    assert messages["warning"][-1].startswith("The diagnosis could not be completed.")
    assert "out of memory" in messages["warning"][-1]
    assert window.isVisible()


def test_quitting_while_work_runs_asks_then_stops_the_worker(
    make_window, qtbot, sample_store, tmp_path, messages
) -> None:
    window = make_window(db=copy_store(sample_store, tmp_path))
    tasks = []
    window.task_started.connect(tasks.append)
    window.analysis.run_diagnosis()
    messages["answer"]["value"] = QMessageBox.StandardButton.No
    window.close()
    assert "still running" in messages["question"][-1]
    assert window.isVisible() and window.runner.task is not None
    messages["answer"]["value"] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(tasks[0].done, timeout=60_000):
        window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert not tasks[0].is_running() or tasks[0].wait(2000)


def test_new_scores_mark_the_diagnosis_out_of_date(make_window, qtbot, tmp_path, messages) -> None:
    from app.importer import ImportOptions
    from app.services.diagnosing import diagnose_stored_class
    from app.services.importing import ImportRequest, import_parsed, read_checked
    from app.services.store import open_store

    store = tmp_path / "zhidian.db"
    db, _ = open_store(store)
    try:  # the first exam only, diagnosed
        parsed = read_checked(EXAM1, options=ImportOptions(assessment="第一次月考"))
        import_parsed(db, ImportRequest(parsed, "八年级(3)班"))
        diagnose_stored_class(db, "八年级(3)班")
    finally:
        db.close()
    window = make_window(db=store)
    assert window.state.data.diagnosis is not None and not window.workspace.banner.isVisible()
    wizard = _import_through_wizard(window, qtbot, EXAM2)
    assert wizard.class_name() == "八年级3班"  # from the file name, never the class shown
    wizard.back()
    wizard.file_page.class_edit.setCurrentText("八年级(3)班")
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        wizard.next()
    with qtbot.waitSignal(window.import_done, timeout=30_000):
        wizard.accept()
    assert window.workspace.banner.isVisible()
    assert "out of date" in window.workspace.banner_text.text()
    with qtbot.waitSignal(window.diagnosis_done, timeout=120_000):
        qtbot.mouseClick(window.workspace.banner_button, Qt.MouseButton.LeftButton)
    assert not window.workspace.banner.isVisible()
    assert window.state.data.matrix.assessments == ("第一次月考", "期中考试")


# ---------------------------------------------------------------- check the model, language, settings


def test_check_the_model_says_how_well_the_diagnosis_predicts(make_window, qtbot, sample_store, tmp_path) -> None:
    window = make_window(db=copy_store(sample_store, tmp_path))
    window.analysis.check_model()
    dialog = window.analysis.check_dialog
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=120_000) as done:
        pass
    result = done.args[0]
    text = dialog.verdict.text()
    assert f"We hid {result.hidden_scores} of this class's scores" in text
    assert "score rate" in text
    assert not dialog.details.isVisible()
    dialog.details_button.click()
    assert dialog.details.isVisible()
    assert dialog.details.item(0, 0).text() == f"{result.engine['auc']:.3f}"
    assert dialog.details.item(1, 1).text() == f"{result.baseline['rmse']:.3f}"
    dialog.reject()


def test_switching_language_relabels_the_window_and_is_remembered(make_window, qtbot, sample_store, tmp_path) -> None:
    from app.ui.base import i18n
    from app.ui.base.settings import AppSettings

    window = make_window(db=copy_store(sample_store, tmp_path))
    assert window.menus.file_menu.title() == "&File"
    window.menus.language_actions["zh"].trigger()
    assert i18n.language() == "zh"
    qtbot.waitUntil(lambda: window.menus.file_menu.title() == "文件(&F)", timeout=3000)
    assert window.workspace.tabs.tabText(0) == "班级"
    assert window.workspace.class_view.tabs.tabText(0) == "热力图"
    assert window.workspace.diagnose_button.text() == "运行诊断"
    assert AppSettings(tmp_path / "settings.json").language == "zh"
    window.menus.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.menus.file_menu.title() == "&File", timeout=3000)


def test_geometry_and_recent_files_are_remembered(make_window, qtbot, tmp_path) -> None:
    window = make_window()
    window.resize(700, 500)  # within the offscreen screen (800 × 600)
    window.settings.add_recent_file(EXAM1)
    window.close()
    again = make_window()
    assert (again.width(), again.height()) == (700, 500)
    again.menus.fill_recent()
    assert [a.text() for a in again.menus.recent_menu.actions()] == [EXAM1.name]
    assert (tmp_path / "settings.json").read_text(encoding="utf-8").count("geometry") == 1
