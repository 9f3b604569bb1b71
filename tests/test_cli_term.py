"""The CLI contract of issue 19: `import FILE [--items PAPER] [--sheet NAME] [--class NAME] [--assessment NAME]
[--date YYYY-MM-DD] [--match-by-name] --db DB --json`, `tag` from .docx and two-way papers, `summary --json` in date
order with dates, `export scores` with its columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.cli import main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _summary(capsys, db: Path) -> dict:
    code, out, _ = _run(capsys, "summary", "--db", str(db), "--json")
    assert code == 0
    return json.loads(out)


def test_several_gradebook_sheets_and_no_sheet_exit_2_naming_them_and_change_nothing(term, tmp_path, capsys) -> None:
    db = tmp_path / "z.db"
    code, out, err = _run(capsys, "import", str(term.subjects), "--class", "八年级1班", "--db", str(db), "--json")
    assert (code, out) == (2, "")
    assert "语文" in err and "数学" in err and "英语" in err and "--sheet" in err
    assert not db.exists()
    code, out, _ = _run(
        capsys, "import", str(term.subjects), "--sheet", "数学", "--class", "八年级1班", "--db", str(db), "--json"
    )
    assert code == 0 and json.loads(out)["students"] == 8


def test_import_names_and_dates_the_exam_and_summary_lists_exams_in_date_order(term, tmp_path, capsys) -> None:
    db = tmp_path / "z.db"
    steps = [
        (term.midterm, []),  # 期中考试, 2026-11-12 from its 考试时间 cell
        (term.second, ["--assessment", "第二次月考", "--date", "2026-12-10"]),
        (term.names_only, ["--assessment", "第一次周测", "--date", "2026-09-25"]),
    ]
    for path, extra in steps:
        code, _, err = _run(capsys, "import", str(path), "--class", "八年级1班", *extra, "--db", str(db), "--json")
        assert code == 0, err
    (by_class,) = _summary(capsys, db)["by_class"]
    assert by_class["assessments"] == ["第一次周测", "期中考试", "第二次月考"]
    assert by_class["dates"] == ["2026-09-25", "2026-11-12", "2026-12-10"]
    assert by_class["students"] == 8  # the names-only sheet and the lost zeros found the class's students


def test_a_bad_date_is_a_usage_error(term, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["import", str(term.midterm), "--date", "12/11/2026", "--db", str(tmp_path / "z.db")])
    assert usage.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_match_by_name_and_the_items_option_still_work_together(term, tmp_path, capsys) -> None:
    db = tmp_path / "z.db"
    assert _run(capsys, "import", str(term.midterm), "--class", "八年级1班", "--db", str(db), "--json")[0] == 0
    code, out, err = _run(
        capsys,
        "import",
        str(term.second),
        "--items",
        str(term.two_way),
        "--class",
        "八年级1班",
        "--match-by-name",
        "--db",
        str(db),
        "--json",
    )
    assert code == 0, err
    record = json.loads(out)
    assert (record["new_students"], record["knowledge_points"]) == ([], 4)


@pytest.mark.parametrize("paper", ["midterm_paper", "two_way", "two_way_xlsx"])
def test_tag_reads_word_and_two_way_papers(term, tmp_path, capsys, paper) -> None:
    db = tmp_path / "z.db"
    exam = "期中考试" if paper == "midterm_paper" else "第二次月考"
    gradebook = term.midterm if paper == "midterm_paper" else term.second
    _run(capsys, "import", str(gradebook), "--class", "八年级1班", "--assessment", exam, "--db", str(db))
    code, out, err = _run(capsys, "tag", str(getattr(term, paper)), "--assessment", exam, "--db", str(db), "--json")
    assert code == 0, err
    record = json.loads(out)
    assert (record["questions"], record["untagged"]) == (5, [])


def test_tag_with_an_unknown_exam_lists_the_class_exams(term, tmp_path, capsys) -> None:
    db = tmp_path / "z.db"
    _run(capsys, "import", str(term.midterm), "--class", "八年级1班", "--db", str(db))
    _run(capsys, "import", str(term.second), "--class", "八年级1班", "--date", "2026-10-08", "--db", str(db))
    code, out, err = _run(
        capsys,
        "--lang",
        "en",
        "tag",
        str(term.two_way),
        "--assessment",
        "月考",
        "--class",
        "八年级1班",
        "--db",
        str(db),
    )
    assert (code, out) == (2, "")
    assert "no assessment '月考'" in err and "Its exams: 第二次月考, 期中考试." in err


def test_export_scores_keeps_its_columns_with_exams_in_date_order(term, tmp_path, capsys) -> None:
    db = tmp_path / "z.db"
    _run(capsys, "import", str(term.midterm), "--class", "八年级1班", "--db", str(db))
    _run(capsys, "import", str(term.second), "--class", "八年级1班", "--date", "2026-10-08", "--db", str(db))
    out = tmp_path / "scores.csv"
    code, _, err = _run(capsys, "export", "scores", "--class", "八年级1班", "--out", str(out), "--db", str(db))
    assert code == 0, err
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "student_id",
        "student_name",
        "assessment",
        "date",
        "item_id",
        "score",
        "max_score",
        "knowledge_points",
    ]
    assert list(dict.fromkeys(row[2] for row in rows[1:])) == ["第二次月考", "期中考试"]
    assert rows[1][0] == "0803001"
