"""`python -m app export`: files from a stored class, diagnosing first when no run exists, and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.services.sample import SAMPLE_CLASS, load_sample
from app.storage import list_diagnosis_runs, open_database


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "zhidian.db"
    with open_database(path) as db:
        load_sample(db)
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_diagnoses_a_class_without_a_run_then_writes_the_mastery_table(sample_db, tmp_path, capsys) -> None:
    out = tmp_path / "mastery.xlsx"

    code, stdout, err = _run(
        capsys,
        "--lang",
        "en",
        "export",
        "mastery",
        "--out",
        str(out),
        "--class",
        SAMPLE_CLASS,
        "--db",
        str(sample_db),
        "--json",
    )

    assert (code, err) == (0, "")
    assert json.loads(stdout) == {
        "class": SAMPLE_CLASS,
        "what": "mastery",
        "files": [str(out)],
        "thresholds": {"weak_below": 0.5, "mastered_from": 0.8},  # the teacher's: none set, so the defaults
    }
    with open_database(sample_db) as db, db.session() as session:
        assert len(list_diagnosis_runs(session, SAMPLE_CLASS)) == 4  # all exams together, then each alone
    cells = [
        str(c) for ws in load_workbook(out) for row in ws.iter_rows(values_only=True) for c in row if c is not None
    ]
    assert "20240302" in cells and "宋欣怡" in cells


def test_anonymised_plans_carry_no_name_or_student_number(sample_db, tmp_path, capsys) -> None:
    out = tmp_path / "plans.xlsx"

    code, _, err = _run(
        capsys, "export", "plans", "--anonymise", "--out", str(out), "--class", SAMPLE_CLASS, "--db", str(sample_db)
    )

    assert (code, err) == (0, "")
    text = " ".join(str(c) for ws in load_workbook(out) for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "宋欣怡" not in text and "20240302" not in text and "邓子涵" not in text
    assert len(text) > 1000  # the plans are there, only the people are hidden


def test_export_refuses_a_format_the_export_does_not_come_in(sample_db, tmp_path, capsys) -> None:
    code, _, err = _run(
        capsys,
        "--lang",
        "en",
        "export",
        "report",
        "--format",
        "csv",
        "--class",
        SAMPLE_CLASS,
        "--out",
        str(tmp_path / "r.csv"),
        "--db",
        str(sample_db),
    )

    assert code == 2 and not (tmp_path / "r.csv").exists()
    assert "csv" in err and "pdf" in err


def test_export_asks_which_class_when_the_store_holds_none(tmp_path, capsys) -> None:
    code, _, err = _run(
        capsys,
        "--lang",
        "en",
        "export",
        "mastery",
        "--out",
        str(tmp_path / "m.csv"),
        "--db",
        str(tmp_path / "empty.db"),
    )

    assert (code, err.strip()) == (2, "name the class with --class: (the store holds no class)")


def test_export_review_and_groups_from_the_command_line(sample_db, tmp_path, capsys) -> None:
    review, groups = tmp_path / "review.csv", tmp_path / "groups.xlsx"
    store = ("--class", SAMPLE_CLASS, "--db", str(sample_db))
    code, _, err = _run(capsys, "--lang", "zh", "export", "review", "--top", "4", "--out", str(review), *store)
    assert (code, err) == (0, "")
    assert len(review.read_text(encoding="utf-8-sig").strip().splitlines()) == 5  # the header and four questions
    code, _, err = _run(capsys, "--lang", "zh", "export", "groups", "--groups", "4", "--out", str(groups), *store)
    assert (code, err) == (0, "")
    letters = {row[0] for row in list(load_workbook(groups)["分组"].iter_rows(values_only=True))[1:]}
    assert letters == {"A 组", "B 组", "C 组", "D 组"}
