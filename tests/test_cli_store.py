"""`python -m app import|summary|undo`: exit codes, output, and a store unchanged by refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.services import store as store_service

ROOT = Path(__file__).resolve().parent.parent
HEADER = "student_id,student_name,item_id,score,max_score,knowledge_points"
EXAM = [
    "001,张三,Q1,1,1,加法",
    "001,张三,Q2,2,2,加法;减法",
    "001,张三,Q3,4,5,乘法",
    "002,李四,Q1,0,1,加法",
    "002,李四,Q2,1,2,加法;减法",
    "002,李四,Q3,,5,乘法",
    "003,王五,Q1,1,1,加法",
    "003,王五,Q2,0,2,加法;减法",
    "003,王五,Q3,5,5,乘法",
]
EMPTY = {"students": 0, "items": 0, "scores": 0, "assessments": 0, "knowledge_points": 0, "classes": 0, "by_class": []}


def _csv(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _summary(capsys, db: Path) -> dict[str, int]:
    code, out, _ = _run(capsys, "summary", "--db", str(db), "--json")
    assert code == 0
    return json.loads(out)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "zhidian.db"


def test_import_prints_one_json_object_with_the_counts(tmp_path, db, capsys) -> None:
    code, out, err = _run(capsys, "import", str(_csv(tmp_path, "期中.csv", EXAM)), "--db", str(db), "--json")

    assert (code, err) == (0, "")
    record = {
        "batch_id": 1,
        "class": "期中",
        "students": 3,
        "items": 3,
        "scores": 8,
        "missing": 1,
        "unscored_choices": 0,
        "knowledge_points": 3,
        "assessments": 1,
        "warnings": 0,
        "new_students": [],
        "absent_students": [],
        "paper_id": None,
    }
    printed = json.loads(out)
    assert printed.pop("backup") is None  # an empty store: nothing to back up before the first import
    assert printed == {**record, "imports": [record]}
    assert _summary(capsys, db) == {
        "students": 3,
        "items": 3,
        "scores": 8,
        "assessments": 1,
        "knowledge_points": 3,
        "classes": 1,
        "by_class": [
            {"class": "期中", "students": 3, "items": 3, "scores": 8, "assessments": ["期中"], "dates": [None]}
        ],
    }


def test_import_reads_question_metadata_from_the_items_file(tmp_path, db, capsys) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text("学号,姓名,Q1,Q2\n001,张三,1,2\n002,李四,0,\n", encoding="utf-8")
    items = tmp_path / "items.csv"
    items.write_text("item_id,max_score,knowledge_points\nQ1,1,加法\nQ2,2,加法;减法\n", encoding="utf-8")

    code, out, _ = _run(capsys, "import", str(wide), "--items", str(items), "--db", str(db), "--json")

    assert code == 0
    summary = json.loads(out)
    assert (summary["items"], summary["scores"], summary["missing"], summary["knowledge_points"]) == (2, 3, 1, 2)


def test_import_speaks_the_chosen_language_and_takes_a_class_name(tmp_path, db, capsys) -> None:
    path = _csv(tmp_path, "exam.csv", EXAM)

    code, out, _ = _run(capsys, "--lang", "zh", "import", str(path), "--class", "八年级(3)班", "--db", str(db))

    assert code == 0
    assert out == (
        "已把“exam.csv”导入班级“八年级(3)班”（导入编号 1）：学生 3 人，题目 3 道，得分 8 个，缺失 1 个，"
        "知识点 3 个，考试 1 次，警告 0 条。\n"
    )


def test_summary_in_words_counts_in_the_singular_and_plural(tmp_path, db, capsys) -> None:
    _run(capsys, "import", str(_csv(tmp_path, "exam.csv", EXAM)), "--db", str(db))

    code, out, _ = _run(capsys, "summary", "--db", str(db))

    assert code == 0
    assert (
        out
        == f"{db}: 1 class, 3 students, 1 assessment, 3 items, 8 scores, 3 knowledge points.\n  exam: exam (no date)\n"
    )


def test_a_bad_file_exits_2_with_located_problems_and_leaves_the_store_alone(tmp_path, db, capsys) -> None:
    _run(capsys, "import", str(_csv(tmp_path, "first.csv", EXAM)), "--db", str(db))
    before = _summary(capsys, db)
    bad = _csv(tmp_path, "bad.csv", [*EXAM[:2], "001,张三,Q3,abx,5,乘法"])

    code, out, err = _run(capsys, "import", str(bad), "--db", str(db))

    assert (code, out) == (2, "")
    assert err.startswith("error: bad.csv") and "row 4" in err and "Traceback" not in err
    assert _summary(capsys, db) == before


def test_a_missing_file_exits_2_and_creates_no_store(tmp_path, db, capsys) -> None:
    code, _, err = _run(capsys, "import", str(tmp_path / "nowhere.csv"), "--db", str(db))

    assert code == 2 and "nowhere.csv" in err and "Traceback" not in err
    assert not db.exists()


def test_the_same_file_twice_exits_2_and_names_the_first_import(tmp_path, db, capsys) -> None:
    path = _csv(tmp_path, "exam.csv", EXAM)
    _run(capsys, "import", str(path), "--db", str(db))
    before = _summary(capsys, db)

    code, _, err = _run(capsys, "import", str(path), "--class", "other", "--db", str(db))

    assert code == 2
    assert "This file was already imported on" in err and "(import 1)" in err
    assert _summary(capsys, db) == before


def test_undo_removes_the_last_import_then_says_there_is_none(tmp_path, db, capsys) -> None:
    _run(capsys, "import", str(_csv(tmp_path, "exam.csv", EXAM)), "--db", str(db))

    code, out, _ = _run(capsys, "undo", "--db", str(db), "--json")

    assert code == 0
    printed = json.loads(out)
    assert "before-undo" in printed.pop("backup")
    assert printed.pop("undone") == [{k: v for k, v in printed.items()}]
    assert printed == {
        "batch_id": 1,
        "class": "exam",
        "source": "exam.csv",
        "students": 3,
        "items": 3,
        "scores": 8,
        "assessments": 1,
        "knowledge_points": 3,
        "diagnosis_runs": 0,
        "class_removed": True,
    }
    assert _summary(capsys, db) == EMPTY
    code, _, err = _run(capsys, "undo", "--db", str(db))
    assert (code, err) == (2, "There is no import to undo.\n")


def test_undo_of_a_given_batch(tmp_path, db, capsys) -> None:
    _run(capsys, "import", str(_csv(tmp_path, "a.csv", EXAM)), "--db", str(db))
    _run(capsys, "import", str(_csv(tmp_path, "b.csv", EXAM[:3])), "--db", str(db))

    code, out, _ = _run(capsys, "undo", "--batch", "1", "--db", str(db))

    assert code == 0 and out.startswith("Undid import 1 ('a.csv', class 'a')")
    assert _summary(capsys, db)["classes"] == 1


def test_an_unexpected_failure_is_one_line_and_exit_1(db, capsys, monkeypatch) -> None:
    def broken(db):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_service, "store_totals", broken)
    monkeypatch.delenv("ZHIDIAN_DEBUG", raising=False)

    code, out, err = _run(capsys, "summary", "--db", str(db))

    assert (code, out) == (1, "")
    assert err == "unexpected error: RuntimeError: disk on fire (set ZHIDIAN_DEBUG=1 for details)\n"
    monkeypatch.setenv("ZHIDIAN_DEBUG", "1")
    with pytest.raises(RuntimeError, match="disk on fire"):
        main(["summary", "--db", str(db)])


def test_the_real_process_exits_2_without_a_traceback_on_a_bad_file(tmp_path, db) -> None:
    bad = _csv(tmp_path, "bad.csv", ["001,张三,Q1,abx,1,加法"])
    env = {**os.environ, "ZHIDIAN_LANG": "en", "PYTHONIOENCODING": "utf-8"}
    env.pop("ZHIDIAN_DEBUG", None)

    done = subprocess.run(
        [sys.executable, "-m", "app", "import", str(bad), "--db", str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )

    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.startswith("error: bad.csv")
    assert done.stdout == ""
