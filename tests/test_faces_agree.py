"""The same decisions through both faces on one store: the class shown, the thresholds and the confidence in force,
the findings, the check's verdict and the date of an exam the file does not date are taken by the rules below the faces (services, core), so `python -m app` and the window give the same
answers; a refused value is refused with the same words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QDialogButtonBox
from sample_stores import copy_store

from app.cli import main
from app.core.diagnosis import Thresholds
from app.core.settings import settings_path
from app.core.vocabulary import Finding, Status
from app.services.checking import Verdict, compare, point_specific_flags, rival_text, verdict
from app.services.grain import grain_record
from app.services.grain_diagnosis import grain_mastery_record
from app.services.sample import SAMPLE_CLASS

OTHER = "八年级(1)班"
LATEST = "2026年11月八年级数学第二次月考"  # the latest of the sample class's three exams


def _cli(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip().startswith("{") else {}, err.strip()


def _finding_of(text: str) -> str:
    """The finding an English mastery table states."""
    return next(f.value for f in Finding if f.text.en == text)


def test_the_cli_and_the_window_take_the_same_decisions_on_one_store(
    make_window, qtbot, grade_store, tmp_path, capsys
) -> None:
    store = str(copy_store(grade_store, tmp_path))
    # the thresholds: set from the command line, in force in the window
    assert _cli(capsys, "settings", "--weak-below", "0.4", "--mastered-from", "0.7", "--json")[0] == 0
    assert _cli(capsys, "settings", "--confidence", "0.85", "--json")[1]["confidence"] == 0.85
    window = make_window(db=tmp_path / "zhidian.db", settings=settings_path())
    assert window.settings.thresholds == Thresholds(0.4, 0.7) == window.state.data.thresholds
    assert window.settings.confidence == 0.85

    # the class: the one the window shows is the one a command works on unless told
    assert window.state.class_name == SAMPLE_CLASS  # nothing shown before: the sample's class
    code, record, _ = _cli(capsys, "export", "mastery", "--out", str(tmp_path / "m.xlsx"), "--db", store, "--json")
    assert code == 0 and record["class"] == SAMPLE_CLASS
    with qtbot.waitSignal(window.class_shown, timeout=30_000):
        window.loader.show_class(OTHER)
    out = tmp_path / "mastery.xlsx"
    code, record, _ = _cli(capsys, "export", "mastery", "--out", str(out), "--db", store, "--json")
    assert code == 0 and record["class"] == window.state.class_name == OTHER
    assert record["thresholds"] == {"weak_below": 0.4, "mastered_from": 0.7}
    header, *detail = openpyxl.load_workbook(out).worksheets[1].iter_rows(values_only=True)
    weak_in_file = sum(row[header.index("Status")] == Status.WEAK.text.en for row in detail)
    assert weak_in_file == int((window.state.data.diagnosis.status == Status.WEAK).sum()) > 0  # judged alike
    # the findings: one rule (services.flags.findings_of) at the confidence set from the command line
    shown = window.state.data.findings
    assert shown is not None and shown.confidence == 0.85
    in_file = sorted(Finding(f).value for f in shown.finding.ravel())
    assert sorted(_finding_of(row[header.index("Finding")]) for row in detail) == in_file

    # the check's verdict: the command line's and Check the model's, on the same hidden scores
    code, record, _ = _cli(capsys, "check", "--db", store, "--json")
    assert code == 0 and record["class"] == OTHER
    window.analysis.check_model()
    dialog = window.analysis.check_dialog
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=120_000):
        pass
    found = verdict(dialog.model_check)
    assert (record["verdict"], record["engine"], record["hidden_scores"]) == (
        found.value,
        dialog.model_check.engine,
        dialog.model_check.hidden_scores,
    )
    assert Verdict(record["verdict"]).text.en in dialog.verdict.text()
    assert record["point_specific_flags"] is point_specific_flags(dialog.model_check) is shown.point_specific
    rivals = dialog.model_check.rivals  # the real rivals: one verdict function, the same words
    assert {r.name: compare(r.engine, r.rival).value for r in rivals} == {
        name: r["verdict"] for name, r in record["rivals"].items()
    }
    assert rivals and all(rival_text(r).en in dialog.verdict.text() for r in rivals)
    dialog.reject()
    # the grain: one rule (services.grain.grain_of), the check's record the class view's
    assert record["grain"] is not None and record["grain"] == grain_record(window.state.data.grain)
    # its groups' masteries (services.grain_diagnosis): none for a class whose grouping does not reach the gate
    assert record["grain_mastery"] is grain_mastery_record(window.state.data.at_grain) is None

    # the diagnosis of a class of several exams: the command line's main run is the window's, the term's now
    code, record, _ = _cli(capsys, "diagnose", "--class", SAMPLE_CLASS, "--db", store, "--json")
    (run,) = record["runs"]
    with qtbot.waitSignal(window.class_shown, timeout=30_000):
        window.loader.show_class(SAMPLE_CLASS)
    with qtbot.waitSignal(window.analysis.diagnosed, timeout=120_000):
        window.analysis.run_diagnosis()
    d = window.state.data.diagnosis
    assert (run["model"], run["state_after"]) == (d.settings["model"], d.settings["state_after"]) == ("term", LATEST)
    weak = {kp: int((d.status[:, k] == Status.WEAK).sum()) for k, kp in enumerate(d.knowledge_points)}
    assert run["weak_by_knowledge_point"] == weak and window.state.data.run_id > run["run_id"]

    # a threshold refused in the window is refused by the command line, in the same words
    window.commands.open_settings()
    settings = window.commands.settings_dialog
    qtbot.addWidget(settings)
    settings.weak.setValue(0.75)
    assert not settings.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    code, _, err = _cli(capsys, "export", "mastery", "--out", str(out), "--db", store, "--threshold", "0.75")
    assert (
        code == 2 and err == settings.problem.text() == "“Weak below” (0.75) must be less than “mastered from” (0.7)."
    )
    settings.reject()


def test_what_a_package_import_does_is_said_alike_by_package_show_and_the_window(
    make_window, qtbot, sample_store, tmp_path, capsys, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    store = copy_store(sample_store, tmp_path)
    exam = "2026年11月八年级数学第二次月考"
    package = tmp_path / "exam.zhidian"
    export = ["package", "export", "--class", OTHER, "--assessment", exam, "--with-scores", "--out", str(package)]
    assert _cli(capsys, *export, "--db", str(store))[0] == 0
    assert main(["--lang", "en", "package", "show", str(package), "--db", str(store)]) == 0
    said = capsys.readouterr().out.splitlines()
    window = make_window(db=store)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(package), "")))
    window.menus.act_import_package.trigger()
    qtbot.waitUntil(lambda: window.packages.import_dialog is not None)
    dialog = window.packages.import_dialog
    qtbot.addWidget(dialog)
    shown = [dialog.summary.text(), *(line.removeprefix("• ") for line in dialog.lines.text().splitlines())]
    assert shown == said
    assert "the store has a class of that name: it is not touched" in said[-2]  # the grade's own classes


def _dated_store(tmp_path, dates: dict[str, dt.date]):
    """A store whose classes (name -> date) each hold an exam 期中 of that date."""
    from storage_helpers import gradebook

    from app.core.gradebook import GradebookAssessment
    from app.services.importing import ImportRequest, import_parsed
    from app.services.store import open_store

    store = tmp_path / "zhidian.db"
    db, _ = open_store(store)
    for index, (class_name, date) in enumerate(dates.items()):
        parsed = gradebook("期中", students=((f"{index}01", "张三"), (f"{index}02", "李四")))
        import_parsed(
            db, ImportRequest(dataclasses.replace(parsed, assessments=[GradebookAssessment("期中", date)]), class_name)
        )
    db.close()
    return store


def _undated(path) -> str:
    path.write_text(f"学号,姓名,Q1,Q2\n901,王五,1,0\n902,{path.stem[:2]}赵六,0,1\n", encoding="utf-8-sig")
    return str(path)


def test_an_exam_the_file_does_not_date_is_dated_as_the_store_dates_it_by_both_faces(
    make_window, qtbot, tmp_path, capsys
) -> None:
    store = _dated_store(tmp_path, {"1班": dt.date(2026, 11, 12)})
    args = ("--assessment", "期中", "--db", str(store), "--json")
    code, _, err = _cli(capsys, "import", _undated(tmp_path / "2班.csv"), "--class", "2班", *args)
    assert (
        code == 0 and "The file does not date '期中': dated 2026-11-12 as the store's exam of that name in 1班" in err
    )
    code, summary, _ = _cli(capsys, "summary", "--db", str(store), "--json")
    assert [(c["class"], c["dates"]) for c in summary["by_class"]] == [("1班", ["2026-11-12"]), ("2班", ["2026-11-12"])]
    window = make_window(db=store)
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    window.importing.import_file(_undated(tmp_path / "3班_期中.csv"))
    wizard = window.importing.wizard
    qtbot.addWidget(wizard)
    wizard.file_page.class_edit.setCurrentText("3班")
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        wizard.next()
    assert wizard.exam_name() == "期中" and wizard.preview_page.date.text() == "2026-11-12"
    assert not wizard.needs_date() and wizard.can_import()
    assert any("dated 2026-11-12 as the store's exam of that name in 1班, 2班" in p.text.en for p in wizard.problems)


def test_an_exam_the_store_dates_two_ways_stays_undated_for_the_teacher_to_say(tmp_path) -> None:
    from app.importer import ImportOptions
    from app.services.importing import preview_import
    from app.services.store import open_store

    store = _dated_store(tmp_path, {"1班": dt.date(2026, 11, 12), "2班": dt.date(2026, 11, 13)})
    db, _ = open_store(store)
    preview = preview_import(Path(_undated(tmp_path / "3班.csv")), options=ImportOptions(assessment="期中"), db=db)
    db.close()
    assert preview.parsed is not None and preview.parsed.assessments[0].date is None
    assert not any("does not date" in p.text.en for p in preview.problems)
