"""The import wizard on a term of real files (issue 19): several gradebook sheets wait for the teacher's choice (2),
"none: match by name" as the Student ID column (6), each column's '/' and '—' marks with their counts, flippable
(1), students who look like a class's student with the teacher's choice (7), and the exam's date asked when the
file does not say it (9)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from storage_helpers import gradebook

from app.core.gradebook import GradebookAssessment
from app.services.importing import ImportRequest, import_parsed


def _open(window, qtbot, path: Path, class_name: str = ""):
    window.importing.import_file(str(path))
    wizard = window.importing.wizard
    qtbot.addWidget(wizard)
    if class_name:
        wizard.file_page.class_edit.setCurrentText(class_name)
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        wizard.next()
    return wizard


def _pick(wizard, qtbot, combo, data) -> None:
    """Choose the item holding `data` in one of the mapping's combo boxes, as a click would, and wait for the read."""
    index = combo.findData(data)
    assert index >= 0, data
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        combo.setCurrentIndex(index)
        combo.activated.emit(index)


def _csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8-sig")
    return path


def test_several_gradebook_sheets_wait_for_the_teachers_choice(make_window, qtbot, term) -> None:
    window = make_window()
    wizard = _open(window, qtbot, term.subjects, "八年级1班")
    page = wizard.preview_page
    assert page.sheet.currentText() == "(choose a sheet)" and page.sheet.currentData() is None
    assert [page.sheet.itemText(i) for i in range(page.sheet.count())] == ["(choose a sheet)", "语文", "数学", "英语"]
    assert wizard.parsed is None and not wizard.can_import()
    assert (
        page.verdict.text() == "Several sheets look like gradebooks: choose the sheet to import (Sheet, on the left)."
    )
    assert "3 sheets of the workbook look like gradebooks: 语文, 数学, 英语" in wizard.problems[0].text.en
    _pick(wizard, qtbot, page.sheet, "数学")
    assert wizard.parsed is not None and page.sheet.currentText() == "数学"
    assert page.sheet.findData(None) == -1  # chosen: the placeholder goes


def test_none_match_by_name_is_a_choice_of_the_student_id_column(make_window, qtbot, tmp_path, term) -> None:
    window = make_window()
    rows = [["考号", "姓名", "1", "2"], ["9001", "甲", "1", "0"], ["9002", "乙", "0", "1"]]
    wizard = _open(window, qtbot, _csv(tmp_path / "3班_2026-11-12_期中.csv", rows))
    page = wizard.preview_page
    items = [page.id_column.itemText(i) for i in range(page.id_column.count())]
    assert items == ["none: match students by name", "A · 考号", "B · 姓名", "C · 1", "D · 2"]
    assert page.id_column.currentText() == "A · 考号"  # the numbers of another system: the teacher takes none
    _pick(wizard, qtbot, page.id_column, page.id_column.itemData(0))
    assert [s.student_id for s in wizard.parsed.students] == ["名:甲", "名:乙"]
    assert page.id_column.currentText() == "none: match students by name"
    assert wizard.can_import()
    wizard.reject()
    # a names-only 登分表 is read by name without asking, and the picker says so
    wizard = _open(window, qtbot, term.names_only, "八年级1班")
    assert wizard.preview_page.id_column.currentText() == "none: match students by name"
    assert wizard.parsed.ids_from_names


def test_each_columns_marks_are_listed_with_their_count_and_flipped(make_window, qtbot, term) -> None:
    window = make_window()
    wizard = _open(window, qtbot, term.jike, "八年级1班")
    review = wizard.preview_page.review
    assert review.marks_box.isVisible()
    lines = [review.marks.item(i).text() for i in range(review.marks.count())]
    blank = next(i for i, line in enumerate(lines) if "“—”" in line)
    assert lines[blank].startswith("Question 3: “—” in ") and lines[blank].endswith(": left blank (0 points)")
    assert any(line.startswith("Question 22: “/” in 6 cells: not chosen (missing, not 0)") for line in lines)
    review.marks.setCurrentRow(blank)
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        review.flip_button.click()
    assert dict(wizard.overrides["mark_readings"]) == {"3": "missing"}
    again = review.marks.item(blank).text()
    assert again.endswith(": not chosen (missing, not 0) (changed by you)")
    (convention,) = [c for c in wizard.parsed.conventions if c.mark == "—"]
    assert convention.reading == "missing"


def test_a_look_alike_student_is_asked_about_and_the_answer_joins_them(make_window, qtbot, tmp_path, messages) -> None:
    from app.services.store import open_store

    store = tmp_path / "zhidian.db"
    db, _ = open_store(store)
    first = gradebook("期中", students=(("001", "吕子墨"), ("002", "李四")))
    import_parsed(
        db,
        ImportRequest(
            dataclasses.replace(first, assessments=[GradebookAssessment("期中", dt.date(2026, 11, 12))]), "3班"
        ),
    )
    db.close()
    window = make_window(db=store)
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    path = _csv(
        tmp_path / "3班_期末.csv",
        [["学号", "姓名", "Q1", "Q2"], ["901", "呂子墨", "1", "0"], ["002", "李四", "0", "1"]],
    )
    wizard = _open(window, qtbot, path, "3班")
    page, review = wizard.preview_page, wizard.preview_page.review
    assert wizard.needs_date() and page.verdict.text().startswith("When was the exam?")
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        page.date.setText("2027-01-15")
        page.date.textEdited.emit("2027-01-15")
    assert review.alikes_box.isVisible()
    (label, combo) = review.alike_rows[0]
    assert label.text() == "呂子墨 (901) in the file looks like the class's 吕子墨 (001): a variant character"
    assert [combo.itemText(i) for i in range(combo.count())] == ["(choose)", "the same student", "a new student"]
    assert not wizard.can_import()
    assert page.verdict.text().startswith("1 student(s) of the file look like students of the class")
    review.choose("901", "same")
    assert wizard.can_import() and review.same_as() == {"901": "001"}
    with qtbot.waitSignal(window.import_done, timeout=30_000) as imported:
        wizard.accept()  # Import, leaving the questions untagged
    (summary,) = imported.args[0]
    assert summary.new_students == () and summary.look_alikes == ()
    assert window.state.data.matrix.student_ids == ("001", "002")
    assert window.state.data.matrix.assessments == ("期中", "期末")


def test_a_paper_in_word_is_offered_and_tags_the_exam(make_window, qtbot, term, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = make_window()
    wizard = _open(window, qtbot, term.midterm, "八年级1班")
    wizard.go_tagging()
    tagging = wizard.tagging_page
    asked: list[str] = []

    def choose(_parent, _title, _folder, filters):
        asked.append(filters)
        return str(term.midterm_paper), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    with qtbot.waitSignal(tagging.applied, timeout=20_000):
        tagging.editor.import_paper_file()
    assert "*.docx" in asked[0].split(";;")[0]
    rows = tagging.editor.table.paper_model.rows
    assert rows and all(r.points for r in rows)
