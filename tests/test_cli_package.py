"""`python -m app package export|show|import`: one exam passed from one store to another on the command line, its
output in both languages and as JSON, refusals with exit code 2 and the store unchanged."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sample_stores import copy_store

from app.cli import main

CLASS = "八年级(3)班"
EXAM = "2026年11月八年级数学第二次月考"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def teacher(sample_store: Path, tmp_path: Path) -> Path:
    (tmp_path / "teacher").mkdir()
    return copy_store(sample_store, tmp_path / "teacher")


def _summary(capsys, db: Path) -> dict:
    code, out, _ = _run(capsys, "summary", "--db", str(db), "--json")
    assert code == 0
    return json.loads(out)


def test_export_show_import_undo(teacher: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "月考"  # the suffix is added
    code, text, err = _run(
        capsys, "--lang", "zh", "package", "export", "--db", str(teacher), "--class", CLASS, "--assessment", EXAM,
        "--with-scores", "--out", str(out),
    )  # fmt: skip
    assert (code, err) == (0, "")
    package = tmp_path / "月考.zhidian"
    assert text.strip() == (
        f"已把“{CLASS}”的考试“{EXAM}”写成考试包 {package}：题目 20 道，附 八年级(3)班、八年级(1)班、八年级(2)班、"
        "八年级(4)班的成绩（学生 158 人）。"
    )
    colleague = tmp_path / "colleague" / "zhidian.db"
    code, text, _ = _run(capsys, "package", "show", str(package), "--db", str(colleague))
    assert code == 0
    assert text.splitlines() == [
        f"Package '月考.zhidian': exam '{EXAM}' (2026-11-25), 20 questions, 10 knowledge points, 9 prerequisite links.",
        "The paper will be kept with the classes' scores below, and a gradebook of this exam imported later takes "
        "its tags too.",
        "Scores: 八年级(3)班, 40 students, 778 scores: to be imported as a class of its own",
        "Scores: 八年级(1)班, 38 students, 739 scores: to be imported as a class of its own",
        "Scores: 八年级(2)班, 41 students, 819 scores: to be imported as a class of its own",
        "Scores: 八年级(4)班, 39 students, 739 scores: to be imported as a class of its own",
        "The prerequisite links will be saved.",
    ]
    code, text, _ = _run(capsys, "package", "import", str(package), "--db", str(colleague), "--json")
    assert code == 0
    record = json.loads(text)
    assert [(i["class"], i["students"], i["scores"]) for i in record["imports"]] == [
        ("八年级(3)班", 40, 778),
        ("八年级(1)班", 38, 739),
        ("八年级(2)班", 41, 819),
        ("八年级(4)班", 39, 739),
    ]
    assert (record["exam"], record["questions"], record["graph"], record["tagged"]) == (EXAM, 20, "new", [])
    assert [c["fate"] for c in record["classes"]] == ["new"] * 4
    assert _summary(capsys, colleague)["classes"] == 4
    code, _, _ = _run(capsys, "undo", "--db", str(colleague))
    assert code == 0 and _summary(capsys, colleague)["classes"] == 0


def test_a_paper_alone_tags_the_colleagues_exam_of_that_name(teacher: Path, tmp_path: Path, capsys) -> None:
    package = tmp_path / "paper.zhidian"
    assert _run(capsys, "package", "export", "--db", str(teacher), "--class", CLASS, "--assessment", EXAM,
                "--out", str(package))[0] == 0  # fmt: skip
    with zipfile.ZipFile(package) as archive:
        assert archive.namelist() == ["manifest.json"]
    colleague = tmp_path / "colleague.db"
    gradebook = tmp_path / "七班.csv"
    gradebook.write_text(
        "student_id,student_name,assessment,date,item_id,score\n"
        f"701,甲,{EXAM},2026-11-25,1,3\n701,甲,{EXAM},2026-11-25,17(1),4\n"
        f"702,乙,{EXAM},2026-11-25,1,0\n702,乙,{EXAM},2026-11-25,17(1),5\n",
        encoding="utf-8",
    )
    assert _run(capsys, "import", str(gradebook), "--class", "八年级(7)班", "--db", str(colleague))[0] == 0
    code, text, _ = _run(capsys, "--lang", "en", "package", "import", str(package), "--db", str(colleague))
    assert code == 0
    lines = text.splitlines()
    assert (
        lines[0]
        == f"Tagged 八年级(7)班 '{EXAM}' with the paper of 'paper.zhidian': 2 questions, 0 choice answers scored."
    )
    assert lines[-1].startswith("(backed up before the change to ") and "before-package" in lines[-1]
    # the second time: recognised, exit 2, nothing changed
    before = _summary(capsys, colleague)
    code, text, err = _run(capsys, "--lang", "zh", "package", "import", str(package), "--db", str(colleague))
    assert (code, text) == (2, "")
    assert err.startswith("考试包“paper.zhidian”已导入过，没有任何改动")
    assert _summary(capsys, colleague) == before


def test_no_tagging_and_a_chosen_exam_are_one_or_the_other(teacher: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["package", "import", "x.zhidian", "--assessment", "期中", "--no-tagging"])
    assert usage.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_hostile_package_is_refused_naming_the_file_and_the_part(tmp_path: Path, capsys) -> None:
    package = tmp_path / "evil.zhidian"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("../../evil.sh", "rm -rf ~")
    colleague = tmp_path / "colleague.db"
    code, text, err = _run(capsys, "--lang", "en", "package", "import", str(package), "--db", str(colleague))
    assert (code, text) == (2, "")
    assert err.strip() == (
        "error: evil.zhidian/../../evil.sh: the part's name points outside the package (an absolute path or ..): "
        "such a file is not imported"
    )
    assert not (tmp_path.parent / "evil.sh").exists()
    code, _, err = _run(
        capsys, "--lang", "zh", "package", "show", str(tmp_path / "none.zhidian"), "--db", str(colleague)
    )
    assert code == 2 and err.strip() == "错误: none.zhidian: 找不到文件"


def test_an_unknown_exam_is_refused_with_the_class_exams(teacher: Path, tmp_path: Path, capsys) -> None:
    code, _, err = _run(
        capsys, "package", "export", "--db", str(teacher), "--class", CLASS, "--assessment", "期末",
        "--out", str(tmp_path / "x.zhidian"),
    )  # fmt: skip
    assert code == 2
    assert err.strip() == (
        f"There is no assessment '期末' in class '{CLASS}'. Its exams: 第一次月考, 期中考试, {EXAM}."
    )
    assert not (tmp_path / "x.zhidian").exists()


def test_an_anonymised_export_says_so_and_names_no_one(teacher: Path, tmp_path: Path, capsys) -> None:
    package = tmp_path / "anonymous.zhidian"
    code, text, _ = _run(
        capsys, "package", "export", "--db", str(teacher), "--class", CLASS, "--assessment", EXAM, "--with-scores",
        "--anonymise", "--out", str(package), "--json",
    )  # fmt: skip
    assert code == 0
    record = json.loads(text)
    assert (record["anonymised"], record["students"], record["classes"][0]) == (True, 158, CLASS)
    with zipfile.ZipFile(package) as archive:
        csv = archive.read("scores/001.csv").decode("utf-8-sig")
    assert "Student " in csv and "2026" in csv
    exported = ["export", "scores", "--db", str(teacher), "--class", CLASS, "--out", str(tmp_path / "named.csv")]
    assert _run(capsys, *exported)[0] == 0
    named = (tmp_path / "named.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    numbers = {line.split(",")[0] for line in named}
    assert numbers and not [n for n in numbers if n in csv]
