"""A teacher's term of exam-system exports through the CLI (issue 20 QA): what the teacher is told about the
exams' dates and order, with the files written by scripts/make_exam_exports.py."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from openpyxl import load_workbook
from script_exports import script_module

from app.cli import main
from app.importer.names import class_key, same_class_key
from app.importer.titles import read_title
from app.importer.values import find_date

ROOT = Path(__file__).resolve().parent.parent


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _dates(capsys, db: Path) -> dict[str, str | None]:
    code, out, _ = _run(capsys, "summary", "--db", str(db), "--json")
    assert code == 0
    by_class = json.loads(out)["by_class"][0]
    return dict(zip(by_class["assessments"], by_class["dates"], strict=True))


def test_a_grade_file_prints_each_warning_once(exports, tmp_path, capsys) -> None:
    code, _, err = _run(capsys, "import", str(exports.zhixue), "--db", str(tmp_path / "z.db"))
    assert code == 0, err
    lines = err.splitlines()
    assert any("knowledge point" in line for line in lines)
    assert max(Counter(lines).values()) == 1  # the file's own warnings (no tags, no full marks) once, not per class
    assert "has no date" not in err  # one exam: no order to get wrong


def test_an_undated_exam_in_a_term_says_how_the_term_sorts_it(exports, tmp_path, capsys) -> None:
    # 【2026年11月八年级期中考试】 names a month, not a day: the exam stays undated and sorts by its import day.
    db = tmp_path / "z.db"
    code, _, err = _run(capsys, "import", str(exports.second_exam), "--db", str(db))
    assert code == 0 and "has no date" not in err
    code, _, err = _run(
        capsys, "import", str(exports.zhixue), "--class", "八年级1班", "--match-by-name", "--db", str(db)
    )
    assert code == 0, err
    (undated,) = [line for line in err.splitlines() if "has no date" in line]
    assert (
        "'2026年11月八年级期中考试'" in undated
        and "python -m app date-exam 2026年11月八年级期中考试 YYYY-MM-DD" in undated
    )
    assert _dates(capsys, db)["2026年11月八年级期中考试"] is None
    code, out, _ = _run(capsys, "--lang", "zh", "summary", "--db", str(db))
    assert "  八年级1班：" in out and "2026年11月八年级期中考试（未注明日期）" in out  # the order, in words


def test_a_dated_exam_in_a_term_is_not_warned(exports, tmp_path, capsys) -> None:
    db = tmp_path / "z.db"
    assert _run(capsys, "import", str(exports.second_exam), "--db", str(db))[0] == 0
    argv = ("import", str(exports.zhixue), "--class", "八年级1班", "--match-by-name", "--date", "2026-11-12")
    argv += ("--db", str(db))
    code, _, err = _run(capsys, *argv)
    assert code == 0, err
    assert "has no date" not in err
    assert list(_dates(capsys, db).values()) == ["2026-11-12", "2026-12-10"]


def test_a_compact_date_in_the_file_name_dates_the_exam(tmp_path, capsys) -> None:
    path = tmp_path / "好分数_八年级第二次月考_20261203.csv"
    script_module("make_exam_exports").write_haofenshu(path, np.random.default_rng(0))
    db = tmp_path / "z.db"
    code, _, err = _run(capsys, "import", str(path), "--class", "八年级5班", "--db", str(db))
    assert code == 0, err
    assert "has no date" not in err
    assert _dates(capsys, db) == {"八年级第二次月考": "2026-12-03"}


def test_eight_digits_are_a_date_only_alone_and_valid() -> None:
    assert str(find_date("好分数_第二次月考_20261203")) == "2026-12-03"
    assert find_date("成绩_202612031") is None  # nine digits: a number, not a date
    assert find_date("学号20261399") is None  # no 13th month


def _zero_rows(path: Path, questions: int, zero_student: str) -> Path:
    header = ["学号", "姓名", *(str(n) for n in range(1, questions + 1)), "总分"]
    rows = [header, ["满分", "", *["4"] * questions, str(4 * questions)]]
    for n, name in enumerate(("王思远", "李欣怡", "张浩然"), start=1):
        number = f"080100{n}"
        marks = ["0"] * questions if number == zero_student else [str((n + q) % 5) for q in range(questions)]
        rows.append([number, name, *marks, str(sum(map(int, marks)))])
    path.write_text("\n".join(",".join(row) for row in rows), encoding="utf-8-sig")
    return path


def test_a_student_with_0_on_every_question_is_asked_about_being_absent(tmp_path, capsys) -> None:
    # 好分数 and others export an absent student as 0 on every question: the diagnosis would read them as wrong.
    path = _zero_rows(tmp_path / "八年级1班_2026-12-03_月考.csv", 6, "0801002")
    code, _, err = _run(capsys, "--lang", "zh", "import", str(path), "--db", str(tmp_path / "z.db"))
    assert code == 0, err
    (line,) = [line for line in err.splitlines() if "都是 0 分" in line]
    assert line.startswith(
        "警告: 八年级1班_2026-12-03_月考.csv 第4行 列“学号”: 学号 0801002 在“月考”的 6 道题都是 0 分"
    )
    assert "缺考" in line


def test_a_short_quiz_scored_0_is_not_questioned(tmp_path, capsys) -> None:
    path = _zero_rows(tmp_path / "八年级1班_2026-12-03_周测.csv", 4, "0801002")
    code, _, err = _run(capsys, "import", str(path), "--db", str(tmp_path / "z.db"))
    assert code == 0, err
    assert "0 on all" not in err


def test_a_student_the_grade_file_puts_in_another_class_is_named_in_the_old_one(tmp_path, capsys) -> None:
    # The 期末's grade export lists one 八年级1班 student under 八年级2班 (moved class): the old class is told why
    # the student has no scores, instead of only "no row in this file".
    exams = script_module("make_exam_exports")
    rng = np.random.default_rng(1)
    students = exams.roster(rng)
    mover, leaver = students[0], students[1]
    moved = [dataclasses.replace(s, class_name="八年级2班") if s is mover else s for s in students if s is not leaver]
    db = tmp_path / "z.db"
    first = exams.write_zhixue(tmp_path / "期中.xlsx", students, rng)
    assert _run(capsys, "import", str(first), "--date", "2026-11-12", "--db", str(db))[0] == 0
    second = exams.write_zhixue(tmp_path / "期末.xlsx", moved, rng)
    argv = ("import", str(second), "--assessment", "期末考试", "--date", "2027-01-10", "--db", str(db), "--json")
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    (line,) = [line for line in err.splitlines() if "in this file, not in" in line]
    assert f"{mover.name}（{mover.custom_id}） is in '八年级2班' in this file, not in '八年级1班'" in line
    assert f"mark them 转出 in '八年级1班' (python -m app transfer {mover.custom_id} --class 八年级1班 --left" in line
    (left,) = [line for line in err.splitlines() if "in none of this file's classes" in line]
    assert (
        f"{leaver.name}（{leaver.custom_id}） is in none of this file's classes: if they left, mark them 转出" in left
    )
    imports = {r["class"]: r for r in json.loads(out)["imports"]}
    absent = [f"{mover.name}（{mover.custom_id}）", f"{leaver.name}（{leaver.custom_id}）"]
    assert imports["八年级1班"]["absent_students"] == absent  # still said as before


def test_the_export_scope_in_a_title_is_not_part_of_the_exam_name() -> None:
    # A whole-grade 小题分 export titled so named its exam '八年级期末考试 数学 小题分（全年级）' in every list and plan.
    assert read_title(1, "八年级期末考试 数学 小题分（全年级）").name == "八年级期末考试 数学"
    assert read_title(1, "期中考试(所有班级)成绩单").name == "期中考试"
    assert read_title(1, "八年级全年级统考").name == "八年级全年级统考"  # inside the name, kept


def test_a_corrected_grade_export_is_refused_naming_every_import_to_undo(tmp_path, capsys) -> None:
    # A grade file is one import per class; `undo --batch` takes one: the refusal names them all, not the first.
    exams = script_module("make_exam_exports")
    rng = np.random.default_rng(2)
    students = exams.roster(rng)
    db = tmp_path / "z.db"
    first = exams.write_zhixue(tmp_path / "期中.xlsx", students, rng)
    assert _run(capsys, "import", str(first), "--date", "2026-11-12", "--db", str(db))[0] == 0
    code, _, err = _run(capsys, "import", str(first), "--db", str(db))
    assert code == 2 and "(imports 1, 2, 3, 4, one per class of that file)" in err
    corrected = exams.write_zhixue(tmp_path / "期中_更正.xlsx", students, rng)
    code, _, err = _run(capsys, "import", str(corrected), "--date", "2026-11-12", "--db", str(db))
    assert code == 2 and "imports 1, 2, 3, 4, one per class of that file" in err
    for batch in ("1", "2", "3", "4"):
        assert _run(capsys, "undo", "--batch", batch, "--db", str(db))[0] == 0
    code, _, err = _run(capsys, "import", str(corrected), "--date", "2026-11-12", "--db", str(db))
    assert code == 0, err


def test_a_name_padded_with_a_space_in_a_names_only_file_is_the_class_student(term, tmp_path, capsys) -> None:
    # Teachers pad two-character names to line them up (王　思远): by name, spaces are no part of a name.
    book = load_workbook(term.names_only)
    for row in book.active.iter_rows():
        if row[1].value in ("王思远", "张欣怡"):
            row[1].value = {"王思远": "王\u3000思远", "张欣怡": "张 欣怡"}[row[1].value]
    padded = tmp_path / "八年级1班_登分表.xlsx"
    book.save(padded)
    db = tmp_path / "z.db"
    assert _run(capsys, "import", str(term.midterm), "--class", "八年级1班", "--db", str(db))[0] == 0
    argv = ("import", str(padded), "--class", "八年级1班", "--assessment", "周测", "--date", "2026-11-20")
    code, out, err = _run(capsys, *argv, "--db", str(db), "--json")
    assert code == 0, err
    record = json.loads(out)
    assert (record["new_students"], record["absent_students"]) == ([], [])
    assert _summary_students(capsys, db) == 8


def _summary_students(capsys, db: Path) -> int:
    code, out, _ = _run(capsys, "summary", "--db", str(db), "--json")
    assert code == 0
    return json.loads(out)["students"]


def test_a_term_whose_latest_exam_is_not_tagged_says_so_when_diagnosed(term, tmp_path, capsys) -> None:
    # The 第二次月考 was imported but never tagged: "now: after 第二次月考" must not pass for its points' evidence.
    db = tmp_path / "z.db"
    assert _run(capsys, "import", str(term.midterm), "--class", "八年级1班", "--db", str(db))[0] == 0
    assert _run(capsys, "tag", str(term.midterm_paper), "--assessment", "期中考试", "--db", str(db))[0] == 0
    argv = (
        "import",
        str(term.second),
        "--class",
        "八年级1班",
        "--assessment",
        "第二次月考 数学",
        "--date",
        "2026-12-10",
    )
    assert _run(capsys, *argv, "--db", str(db))[0] == 0
    code, out, err = _run(capsys, "diagnose", "--db", str(db), "--json")
    assert code == 0, err
    (run,) = json.loads(out)["runs"]
    assert (run["state_after"], run["untagged_exams"]) == ("第二次月考 数学", ["第二次月考 数学"])
    code, out, _ = _run(capsys, "diagnose", "--db", str(db))
    assert "'第二次月考 数学' are not tagged with knowledge points" in out
    assert '--assessment "第二次月考 数学"' in out  # a name with a space, quoted to be copied


def test_output_into_a_pipe_closed_early_is_no_unexpected_error(exports, tmp_path) -> None:
    # `python -m app summary | head -1` in a teacher's batch script: the reader goes away before the output comes.
    db = tmp_path / "z.db"
    assert main(["import", str(exports.zhixue), "--db", str(db)]) == 0
    command = [sys.executable, "-m", "app", "summary", "--db", str(db)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the program has written anything: it starts in about a second
    err = process.stderr.read().decode()
    assert (process.wait(timeout=60), err) == (0, "")


def test_choice_letters_waiting_for_their_key_are_not_counted_missing(exports, tmp_path, capsys) -> None:
    # 智学网 writes the letters chosen and no key: 300 answers of 八年级1班 were reported "300 missing".
    code, out, err = _run(capsys, "import", str(exports.zhixue), "--db", str(tmp_path / "z.db"), "--json")
    assert code == 0, err
    imports = {r["class"]: r for r in json.loads(out)["imports"]}
    first, second = imports["八年级1班"], imports["八年级2班"]
    assert first["unscored_choices"] == 30 * 10  # 30 students, questions 1–10
    assert first["scores"] + first["missing"] + first["unscored_choices"] == 30 * 20
    assert first["missing"] < 30  # a few 未扫 cells, not the letters
    assert second["missing"] >= 20 + 1  # the 缺考 student's 20 questions and a planted 未扫


def _renamed_grade(tmp_path: Path, name: str, rename: dict[str, str], seed: int) -> tuple[Path, Path]:
    """The 智学网 grade export, then the same students' next export with each class written as `rename` says."""
    exams = script_module("make_exam_exports")
    rng = np.random.default_rng(seed)
    students = exams.roster(rng)
    first = exams.write_zhixue(tmp_path / "期中.xlsx", students, rng)
    renamed = [dataclasses.replace(s, class_name=rename[s.class_name]) for s in students]
    return first, exams.write_zhixue(tmp_path / name, renamed, rng)


def test_a_class_written_otherwise_by_another_exam_system_is_the_same_class(tmp_path, capsys) -> None:
    # 好分数 writes 八(1)班 where 智学网 wrote 八年级1班: four new classes split every student's term in two.
    rename = {f"八年级{n}班": f"八({n})班" for n in range(1, 5)}
    first, second = _renamed_grade(tmp_path, "期末.xlsx", rename, 3)
    db = tmp_path / "z.db"
    assert _run(capsys, "import", str(first), "--date", "2026-11-12", "--db", str(db))[0] == 0
    argv = ("import", str(second), "--assessment", "期末考试", "--date", "2027-01-10", "--db", str(db), "--json")
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    assert json.loads(out)["classes"] == ["八年级1班", "八年级2班", "八年级3班", "八年级4班"]
    assert "The file's class '八(1)班' is '八年级1班' (the same class number, 100% of the student numbers" in err
    code, out, _ = _run(capsys, "summary", "--db", str(db), "--json")
    summary = json.loads(out)
    assert (summary["classes"], summary["students"]) == (4, 120)


def test_the_same_students_under_a_next_years_class_name_stay_a_class_of_their_own(tmp_path, capsys) -> None:
    rename = {f"八年级{n}班": f"九年级{n}班" for n in range(1, 5)}
    first, second = _renamed_grade(tmp_path, "九年级期中.xlsx", rename, 4)
    db = tmp_path / "z.db"
    assert _run(capsys, "import", str(first), "--date", "2026-11-12", "--db", str(db))[0] == 0
    argv = ("import", str(second), "--assessment", "九年级期中", "--date", "2027-11-10", "--db", str(db), "--json")
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    assert json.loads(out)["classes"] == ["九年级1班", "九年级2班", "九年级3班", "九年级4班"]
    assert "The file's class '九年级1班' is new, but 100% of its student numbers are in '八年级1班'" in err


def test_class_names_as_exam_systems_write_them() -> None:
    for name in ("八年级1班", "八(1)班", "八年级（1）班", "初二1班", "8年级1班", "八年级一班", "801班"):
        assert class_key(name) == (8, 1), name
    assert (class_key("九年级二十一班"), class_key("高一(3)班"), class_key("Class 1")) == ((9, 21), (10, 3), None)
    assert same_class_key("(1)班", "八年级1班") and not same_class_key("九年级1班", "八年级1班")


def test_a_class_named_otherwise_in_a_file_name_is_the_same_class(term, tmp_path, capsys) -> None:
    # A teacher's file named 八(1)班_… for the store's 八年级1班 (its ids without their leading zeros).
    db = tmp_path / "z.db"
    assert _run(capsys, "import", str(term.midterm), "--class", "八年级1班", "--db", str(db))[0] == 0
    renamed = tmp_path / "八(1)班_第二次月考.xlsx"
    renamed.write_bytes(term.second.read_bytes())
    code, out, err = _run(capsys, "import", str(renamed), "--date", "2026-12-10", "--db", str(db), "--json")
    assert code == 0, err
    assert json.loads(out)["class"] == "八年级1班"
    assert "The file's class '八(1)班' is '八年级1班'" in err
