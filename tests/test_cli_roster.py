"""`python -m app date-exam | transfer | merge`: what Manage classes and exams does in the window, from the command line
(a term's undated exam put in its place, a student who left or moved marked 转出, two records of one student joined)."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from app.cli import main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _term(capsys, term, db: Path) -> None:
    """The 期中 (dated 2026-11-12 in its file) and the 第二次月考 (undated: sorted by the day it is imported)."""
    assert _run(capsys, "import", str(term.midterm), "--class", "八年级1班", "--db", str(db))[0] == 0
    argv = ("import", str(term.second), "--class", "八年级1班", "--assessment", "第一次月考", "--db", str(db))
    assert _run(capsys, *argv)[0] == 0


def _by_class(capsys, db: Path) -> dict:
    code, out, _ = _run(capsys, "summary", "--db", str(db), "--json")
    assert code == 0
    (by_class,) = json.loads(out)["by_class"]
    return by_class


def test_date_exam_puts_an_undated_exam_in_its_place_in_the_term(term, tmp_path, capsys) -> None:
    db = tmp_path / "z.db"
    _term(capsys, term, db)
    assert _by_class(capsys, db)["assessments"] == ["期中考试", "第一次月考"]  # imported today: after the 期中
    code, out, err = _run(capsys, "date-exam", "第一次月考", "2026-10-08", "--db", str(db), "--json")
    assert code == 0, err
    assert json.loads(out) == {"assessment": "第一次月考", "date": "2026-10-08", "classes": ["八年级1班"]}
    by_class = _by_class(capsys, db)
    assert (by_class["assessments"], by_class["dates"]) == (["第一次月考", "期中考试"], ["2026-10-08", "2026-11-12"])


def test_date_exam_of_an_exam_no_class_has_is_refused_naming_the_exams(term, tmp_path, capsys) -> None:
    db = tmp_path / "z.db"
    _term(capsys, term, db)
    code, out, err = _run(capsys, "date-exam", "期末考试", "2027-01-10", "--db", str(db))
    assert (code, out) == (2, "")
    assert "There is no assessment '期末考试' in the store. Its exams: 期中考试, 第一次月考." in err


def test_transfer_marks_a_student_who_left_and_takes_it_back(term, tmp_path, capsys) -> None:
    db = tmp_path / "z.db"
    _term(capsys, term, db)
    argv = ("transfer", "0803002", "--class", "八年级1班", "--left", "2026-11-20", "--db", str(db), "--json")
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    record = json.loads(out)
    assert (record["student"], record["left_on"], record["joined_on"]) == ("0803002", "2026-11-20", None)
    code, out, _ = _run(capsys, "transfer", "0803002", "--class", "八年级1班", "--clear", "--db", str(db), "--json")
    assert code == 0 and json.loads(out)["left_on"] is None
    code, _, err = _run(capsys, "transfer", "0803002", "--class", "八年级1班", "--db", str(db))
    assert (code, err) == (2, "Give --left, --joined, or --clear.\n")
    code, _, err = _run(capsys, "transfer", "0809999", "--class", "八年级1班", "--left", "2026-11-20", "--db", str(db))
    assert (code, err) == (2, "Class '八年级1班' has no student 0809999.\n")


def test_merge_joins_two_records_of_one_student(term, tmp_path, capsys) -> None:
    # A 登分表 of names, then the next one with 李䶮 typed 李燕 (the rare 䶮 replaced): two records, one student.
    db = tmp_path / "z.db"
    argv = ("import", str(term.names_only), "--class", "八年级2班", "--assessment", "周测1", "--date", "2026-11-20")
    assert _run(capsys, *argv, "--db", str(db))[0] == 0
    book = load_workbook(term.names_only)
    for row in book.active.iter_rows():
        if row[1].value == "李䶮":
            row[1].value = "李燕"
    retyped = tmp_path / "周测2.xlsx"
    book.save(retyped)
    argv = ("import", str(retyped), "--class", "八年级2班", "--assessment", "周测2", "--date", "2026-11-27")
    code, _, err = _run(capsys, *argv, "--db", str(db))
    assert code == 0 and "On the command line: python -m app merge 名:李䶮 名:李燕 --class 八年级2班." in err
    assert _by_class(capsys, db)["students"] == 9
    code, out, err = _run(capsys, "merge", "名:李䶮", "名:李燕", "--class", "八年级2班", "--db", str(db), "--json")
    assert code == 0, err
    assert json.loads(out) == {"class": "八年级2班", "kept": "名:李䶮", "merged": "名:李燕", "scores": 5}
    assert _by_class(capsys, db)["students"] == 8
