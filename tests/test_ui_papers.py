"""The window with files as marking systems export them: a whole grade in one sheet, no knowledge points, choice
letters, other student numbers; the tagging step, the paper dialog, and the paper table itself.

The files come from scripts/make_exam_exports.py, written into a temporary folder.
"""

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QWizard

from app.core.paper import Paper, PaperQuestion, QuestionKind

ROOT = Path(__file__).resolve().parent.parent
GRADE = ("八年级1班", "八年级2班", "八年级3班", "八年级4班")


def _store_with(tmp_path: Path, exports, classes: tuple[str, ...], *, tagged: bool) -> Path:
    """A store holding the grade export's `classes`, tagged with its paper or not."""
    from app.importer.paper import apply_paper, read_paper
    from app.services.importing import ImportRequest, import_parsed, read_checked
    from app.services.store import open_store

    path = tmp_path / "zhidian.db"
    db, _ = open_store(path)
    try:
        parsed, paper = read_checked(exports.zhixue), None
        if tagged:
            paper, _problems = read_paper(exports.paper)
            parsed = apply_paper(parsed, paper)
        import_parsed(db, ImportRequest(parsed, paper=paper, classes=classes))
    finally:
        db.close()
    return path


def _open_paper(window, qtbot):
    """The paper dialog of the class shown, opened from its Paper tab, once the exam's paper is read (on the runner)."""
    window.workspace.class_view.tabs.setCurrentIndex(1)
    window.workspace.class_view.paper_button.click()
    dialog = window.papers.dialog
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        pass
    return dialog


def _open_wizard(window, qtbot, path: Path):
    window.importing.import_file(str(path))
    wizard = window.importing.wizard
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        wizard.next()
    return wizard


def _give_date(wizard, qtbot, day: str) -> None:
    """Type the exam's date the file does not say, and wait for the read with it."""
    page = wizard.preview_page
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        page.date.setText(day)
        page.date.textEdited.emit(day)


def _finish(wizard) -> None:
    wizard.button(QWizard.WizardButton.FinishButton).click()


# ---------------------------------------------------------------- the import wizard


def test_a_whole_grade_imports_the_ticked_classes_tagged_from_its_paper(make_window, qtbot, exports, messages) -> None:
    window = make_window()
    wizard = _open_wizard(window, qtbot, exports.zhixue)
    assert wizard.class_name() == ""  # no class named by the file name, none taken from the window
    page = wizard.preview_page
    texts = [page.classes.item(i).text() for i in range(page.classes.count())]
    assert texts == [
        "八年级1班 (30 students)",
        "八年级2班 (31 students)",
        "八年级3班 (29 students)",
        "八年级4班 (30 students)",
    ]
    summary = page.understood.text()
    assert "Exam name from the title row: 2026年11月八年级期中考试" in summary
    assert "Student id: 自定义考号 (also 准考证号: ignored)" in summary
    assert "17 is the sum of 17(1), 17(2): left out" in summary
    assert wizard.needs_date() and not wizard.can_import()  # 2026年11月: the day is not said, so it is asked
    assert page.verdict.text().startswith("When was the exam? The file does not say")
    _give_date(wizard, qtbot, "2026-11-12")
    assert wizard.parsed.assessments[0].date.isoformat() == "2026-11-12"
    page.classes.item(3).setCheckState(Qt.CheckState.Unchecked)
    assert wizard.target_classes() == ["八年级1班", "八年级2班", "八年级3班"]
    # no knowledge points, guessed full marks, letters without a key: the tagging step comes before Import
    assert wizard.wants_tagging() and page.nextId() == wizard.tagging_id
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    tagging = wizard.tagging_page
    assert wizard.currentPage() is tagging
    rows = tagging.editor.table.paper_model.rows
    assert [r.label for r in rows][-4:] == ["17(1)", "17(2)", "第18题①", "第18题②"]
    assert rows[0].guessed and rows[0].letters and rows[0].kind is QuestionKind.SINGLE and rows[0].needs_key
    assert rows[8].kind is QuestionKind.MULTIPLE  # some students chose several letters
    assert "20 of 20 questions have no knowledge point" in tagging.verdict.text()
    # the subject team's 双向细目表 fills the table
    with qtbot.waitSignal(tagging.applied, timeout=20_000):
        tagging.editor.import_paper_file(str(exports.paper))
    assert (rows := tagging.editor.table.paper_model.rows)[0].points == ("有理数运算",)
    assert (rows[0].answer, rows[0].max_score, rows[0].guessed) == ("B", 3.0, False)
    assert (rows[8].answer, rows[8].kind) == ("ACD", QuestionKind.MULTIPLE)
    assert rows[-1].points == ("全等三角形", "勾股定理")  # 第18题② is the 细目表's 18(2)
    assert "Ready to import into 八年级1班, 八年级2班, 八年级3班 with this paper." in tagging.verdict.text()
    with qtbot.waitSignal(window.import_done, timeout=30_000) as imported:
        _finish(wizard)
    assert [s.class_name for s in imported.args[0]] == ["八年级1班", "八年级2班", "八年级3班"]
    assert not wizard.isVisible()
    assert [c.name for c in window.state.store.classes] == ["八年级1班", "八年级2班", "八年级3班"]
    assert window.state.data.class_name == "八年级1班"
    assert len(window.state.data.matrix.knowledge_points) == 10
    assert window.workspace.banner_text.text() == "This class has not been diagnosed yet."
    # every choice answer was scored against the key: no letter is left without points
    assert window.workspace.class_view.item_model.rowCount() == 20
    assert "Imported 90 students, 20 questions" in messages["information"][-1]


def test_the_rest_of_a_grade_comes_later_tagged_with_the_stored_paper(
    make_window, qtbot, tmp_path, exports, messages
) -> None:
    from app.importer.paper import read_paper
    from app.services.tagging import stored_papers

    window = make_window(db=_store_with(tmp_path, exports, GRADE[:3], tagged=True))
    wizard = _open_wizard(window, qtbot, exports.zhixue)
    page = wizard.preview_page
    assert page.classes.item(0).text() == "八年级1班 (30 students): imported before"
    assert not page.classes.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    assert wizard.target_classes() == ["八年级4班"]
    assert not [p for p in wizard.problems if p.severity == "error"]
    _give_date(wizard, qtbot, "2026-11-12")
    wizard.next()
    editor = wizard.tagging_page.editor
    rows = editor.table.paper_model.rows
    assert rows[0].points == ("有理数运算",) and rows[0].answer == "B"  # the exam's stored paper
    # the paper goes to colleagues as a 细目表, and reads back the same
    out = tmp_path / "细目表.xlsx"
    with qtbot.waitSignal(editor.exported, timeout=20_000):
        editor.export_paper(str(out))
    again, problems = read_paper(out)
    assert not problems and [q.knowledge_points for q in again.questions] == [r.points for r in rows]
    # a stored paper can be copied over what was typed
    model = editor.table.paper_model
    assert model.setData(model.index(0, 4), "绝对值")
    (stored,) = stored_papers(window.state.db)
    assert stored.used_by and stored.questions == 20
    with qtbot.waitSignal(editor.paper_loaded, timeout=20_000):
        editor.copy_stored(stored.paper_id)
    assert model.rows[0].points == ("有理数运算",)
    with qtbot.waitSignal(window.import_done, timeout=30_000) as imported:
        _finish(wizard)
    assert [s.class_name for s in imported.args[0]] == ["八年级4班"]
    assert imported.args[0][0].paper_id == stored.paper_id  # the same paper, not a copy
    assert len(stored_papers(window.state.db)) == 1
    assert window.state.data.class_name == "八年级4班" and len(window.state.data.matrix.knowledge_points) == 10


def test_a_file_imported_before_is_an_error_at_the_preview(make_window, qtbot, tmp_path, exports) -> None:
    window = make_window(db=_store_with(tmp_path, exports, GRADE, tagged=True))
    wizard = _open_wizard(window, qtbot, exports.zhixue)
    errors = [p for p in wizard.problems if p.severity == "error"]
    assert errors and "already" in errors[0].text.en
    shown = [wizard.preview_page.problems.topLevelItem(i).text(0) for i in range(len(errors))]
    assert all("Error" in text for text in shown)
    assert "must be fixed" in wizard.preview_page.verdict.text()
    assert not wizard.can_import()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not wizard.preview_page.tag_button.isEnabled()
    wizard.reject()


def test_other_student_numbers_are_matched_by_name_and_transfers_are_listed(
    make_window, qtbot, tmp_path, exports, messages
) -> None:
    store = _store_with(tmp_path, exports, ("八年级1班",), tagged=True)
    # the class's own 第二次月考 keys students by 学号, not by the grade file's 自定义考号; one left, one arrived
    book = load_workbook(exports.second_exam)
    sheet = book.active
    gone = sheet.cell(3, 2).value
    sheet.delete_rows(3)
    sheet.append(["99999", "林新来", 3, 3, 3, 3, 4, 4, 6, 6, 8, 10, 50])
    changed = tmp_path / exports.second_exam.name
    book.save(changed)
    window = make_window(db=store)
    wizard = _open_wizard(window, qtbot, changed)
    assert wizard.class_name() == "八年级1班"  # from the file name
    assert wizard.wants_tagging()  # no knowledge points
    wizard.next()
    with qtbot.waitSignal(window.task_ended, timeout=30_000) as ended:
        _finish(wizard)
    assert ended.args == ["failed"]
    match = wizard.button(QWizard.WizardButton.CustomButton1)
    assert wizard.isVisible() and match.isVisible() and match.text() == "Match students by name"
    assert (
        "names" in wizard.tagging_page.verdict.text() and "Match students by name" in wizard.tagging_page.verdict.text()
    )
    assert messages["warning"] == []  # shown in the wizard, not as a message box
    with qtbot.waitSignal(window.import_done, timeout=30_000) as imported:
        match.click()
    (summary,) = imported.args[0]
    assert summary.new_students == ("林新来（99999）",)
    assert len(summary.absent_students) == 1 and summary.absent_students[0].startswith(gone)
    report = messages["information"][-1]
    assert "1 new to the class (transferred in): 林新来（99999）" in report
    assert f"have no scores in this file: {gone}" in report
    assert not wizard.isVisible()
    assert set(window.state.data.matrix.assessments) == {"2026年11月八年级期中考试", "第二次月考"}


# ---------------------------------------------------------------- tagging an imported exam


def test_an_untagged_class_is_offered_tagging_and_diagnoses_once_tagged(
    make_window, qtbot, tmp_path, exports, messages
) -> None:
    window = make_window(db=_store_with(tmp_path, exports, ("八年级2班",), tagged=False))
    assert window.state.data.class_name == "八年级2班" and window.state.data.matrix.knowledge_points == ()
    assert window.workspace.class_view.item_model.rowCount() == 20  # choice letters without a key are missing scores
    assert window.workspace.banner.isVisible() and "not tagged" in window.workspace.banner_text.text()
    with qtbot.waitSignal(window.task_ended, timeout=60_000) as ended:
        window.analysis.run_diagnosis()
    assert ended.args == ["failed"]
    assert "Tag the exam's paper" in messages["question"][-1] and messages["warning"] == []
    dialog = window.papers.dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.exam.currentText() == "2026年11月八年级期中考试"
    with qtbot.waitSignal(dialog.editor.paper_loaded, timeout=20_000):
        dialog.editor.import_paper_file(str(exports.paper))
    with qtbot.waitSignal(window.paper_saved, timeout=30_000) as saved:
        dialog.accept()
    assert saved.args[0].rescored > 0
    assert len(window.state.data.matrix.knowledge_points) == 10
    assert window.workspace.banner_text.text() == "This class has not been diagnosed yet."
    with qtbot.waitSignal(window.diagnosis_done, timeout=120_000):
        window.analysis.run_diagnosis()
    assert window.state.data.diagnosis is not None and not window.workspace.banner.isVisible()


def test_editing_a_paper_from_the_class_view_marks_the_diagnosis_out_of_date(
    make_window, qtbot, tmp_path, exports
) -> None:
    from app.services.diagnosing import diagnose_stored_class
    from app.services.store import open_store

    store = _store_with(tmp_path, exports, ("八年级1班", "八年级3班"), tagged=True)
    db, _ = open_store(store)
    try:
        diagnose_stored_class(db, "八年级1班")
    finally:
        db.close()
    window = make_window(db=store)
    assert window.state.data.diagnosis is not None and not window.workspace.banner.isVisible()
    dialog = _open_paper(window, qtbot)
    model = dialog.editor.table.paper_model
    assert dialog.paper_id is not None and model.rows[0].points == ("有理数运算",)
    assert model.setData(model.index(0, 4), "有理数运算、绝对值")
    with qtbot.waitSignal(window.paper_saved, timeout=30_000) as saved:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert {cls for cls, _exam in saved.args[0].assessments} == {"八年级1班", "八年级3班"}  # the paper is shared
    assert "绝对值" in window.state.data.matrix.knowledge_points
    assert window.workspace.banner.isVisible() and "out of date" in window.workspace.banner_text.text()


def test_a_paper_another_teacher_saved_meanwhile_is_not_overwritten(make_window, qtbot, tmp_path, exports) -> None:
    import dataclasses

    from app.services.store import open_store
    from app.services.tagging import exam_paper, save_tags

    store = _store_with(tmp_path, exports, ("八年级1班",), tagged=True)
    window = make_window(db=store)
    dialog = _open_paper(window, qtbot)
    exam, model = dialog.exam.currentText(), dialog.editor.table.paper_model
    read_at = dialog.version
    assert read_at >= 1 and model.rows[0].points == ("有理数运算",)
    # another teacher (another window, another PC on the server) saves the paper while this one edits it
    other, _ = open_store(store)
    try:
        theirs = exam_paper(other, "八年级1班", exam)
        first = dataclasses.replace(theirs.paper.questions[0], knowledge_points=("相反数",))
        edited = dataclasses.replace(theirs.paper, questions=(first, *theirs.paper.questions[1:]))
        save_tags(other, "八年级1班", exam, edited, version=theirs.version)
    finally:
        other.close()
    assert model.setData(model.index(0, 4), "有理数运算、绝对值")
    with qtbot.waitSignal(window.state.runner.over, timeout=30_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    # told, nothing written, the edit still in the dialog; Save off until the other teacher's paper is seen
    assert dialog.isVisible() and "changed and saved by another teacher" in dialog.error.text()
    assert model.rows[0].points == ("有理数运算", "绝对值")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert dialog.reload_button.isVisible()
    db, _ = open_store(store)
    try:
        assert exam_paper(db, "八年级1班", exam).paper.questions[0].knowledge_points == ("相反数",)
    finally:
        db.close()
    # Reload shows their paper; an edit of it saves
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.reload_button.click()
    assert (
        model.rows[0].points == ("相反数",) and dialog.version == read_at + 1 and not dialog.reload_button.isVisible()
    )
    assert model.setData(model.index(0, 4), "相反数、绝对值")
    with qtbot.waitSignal(window.paper_saved, timeout=30_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible() and "绝对值" in window.state.data.matrix.knowledge_points


def test_a_save_that_fails_keeps_the_edit_in_the_dialog_to_save_again(
    make_window, qtbot, tmp_path, exports, monkeypatch
) -> None:
    import app.services.tagging as tagging
    from app.core.problems import Refused, Text

    store = _store_with(tmp_path, exports, ("八年级1班",), tagged=True)
    window = make_window(db=store)
    dialog = _open_paper(window, qtbot)
    model = dialog.editor.table.paper_model
    assert model.setData(model.index(0, 4), "有理数运算、绝对值")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)

    def unreachable(*_args, **_kwargs):
        raise Refused(Text("网络断了。", "The network dropped."))

    monkeypatch.setattr(tagging, "save_tags", unreachable)
    with qtbot.waitSignal(window.state.runner.over, timeout=30_000):
        save.click()
    assert dialog.isVisible() and dialog.error.text() == "The network dropped."
    assert save.isEnabled() and not dialog.reload_button.isVisible()  # not another teacher's save: try again
    assert model.rows[0].points == ("有理数运算", "绝对值")
    monkeypatch.undo()
    with qtbot.waitSignal(window.paper_saved, timeout=30_000):
        save.click()
    assert not dialog.isVisible() and "绝对值" in window.state.data.matrix.knowledge_points


# ---------------------------------------------------------------- the paper table


def _table(qtbot):
    from app.ui.paper.table import PaperRow, PaperTable

    table = PaperTable()
    qtbot.addWidget(table)
    table.resize(800, 400)
    paper = Paper("期中考试", tuple(PaperQuestion(str(n), 1.0) for n in range(1, 9)))
    table.set_rows(PaperRow.of(q, guessed=n < 2, letters=n < 2) for n, q in enumerate(paper.questions))
    table.show()
    return table


def _select(table, rows: range, col: int) -> None:
    model = table.paper_model
    selection = QItemSelection(model.index(rows[0], col), model.index(rows[-1], col))
    table.setCurrentIndex(model.index(rows[0], col))
    table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def _editor(table) -> QLineEdit | None:
    """The cell editor open in `table`."""
    return next((w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()), None)


def test_fill_down_and_editing_several_rows_at_once(qtbot) -> None:
    from app.ui.paper.table import ANSWER, MAX, POINTS

    table = _table(qtbot)
    model = table.paper_model
    # a guess shows as one, until confirmed or typed
    assert model.data(model.index(0, MAX)) == "1 ?"
    assert model.data(model.index(0, MAX), Qt.ItemDataRole.FontRole).italic()
    assert "highest score seen" in model.data(model.index(0, MAX), Qt.ItemDataRole.ToolTipRole)
    assert model.paper("x").questions[0].max_score is None  # a guess is not put into the paper
    # fill down: the current cell into the selected rows below (Ctrl+D)
    assert model.setData(model.index(0, POINTS), "一次函数；勾股定理")
    assert model.rows[0].points == ("一次函数", "勾股定理")
    _select(table, range(0, 4), POINTS)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [r.points for r in model.rows[:5]] == [("一次函数", "勾股定理")] * 4 + [()]
    # several rows selected: what is typed goes into all of them
    _select(table, range(4, 7), MAX)
    qtbot.keyClicks(table, "5")
    editor = _editor(table)
    assert isinstance(editor, QLineEdit) and editor.text() == "5"
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: _editor(table) is None, timeout=3000)
    assert [r.max_score for r in model.rows[3:8]] == [1.0, 5.0, 5.0, 5.0, 1.0]
    # an answer key: letters only, normalised; anything else is refused in place
    _select(table, range(0, 1), ANSWER)
    qtbot.keyClick(table, "c")
    editor = _editor(table)
    qtbot.keyClicks(editor, "1a")
    assert editor.text() == "ca"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _editor(table) is None, timeout=3000)
    assert (model.rows[0].answer, model.rows[0].kind) == ("AC", QuestionKind.MULTIPLE)
    assert not model.setData(model.index(1, ANSWER), "X9")
    assert not model.setData(model.index(1, MAX), "-2") and not model.setData(model.index(1, 6), "1.5")
    assert model.rows[1].answer is None and model.rows[1].needs_key
    assert model.confirm_guesses() == 2 and not model.rows[1].guessed
    # knowledge points: completed from the store's and the table's, the last one after 、
    table.set_known_points(["有理数运算", "一元一次方程"])
    _select(table, range(5, 6), POINTS)
    qtbot.keyClick(table, "勾")
    editor = _editor(table)
    completer = editor.completer()
    assert completer.model().stringList() == sorted(["一元一次方程", "一次函数", "勾股定理", "有理数运算"])
    editor.setText("有理数运算、方")
    assert completer.splitPath(editor.text()) == ["方"]
    assert completer.pathFromIndex(completer.model().index(0)) == "有理数运算、一元一次方程"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    paper = model.paper("期中考试")
    assert paper.questions[0] == PaperQuestion("1", 1.0, ("一次函数", "勾股定理"), QuestionKind.MULTIPLE, "AC")
