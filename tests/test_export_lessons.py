"""学习手册 (one page per student, about that student alone), the 讲评 list and the 分层 groups, as files."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pypdf
import pytest
from insight_helpers import LINKS, tiny_class
from openpyxl import load_workbook

from app.core.diagnosis import Diagnosis
from app.core.score_matrix import ScoreMatrix
from app.export import ExportError, export_groups, export_handbook, export_report, export_review
from app.insight.plans import DiagnosedClass, PlanSettings

SETTINGS = PlanSettings(threshold=0.6, generated=dt.date(2026, 11, 20))
NAMES = ("张三", "李四", "王五")


def _pages(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(path).pages]


@pytest.fixture(scope="module")
def data() -> DiagnosedClass:
    matrix, diagnosis, success = tiny_class(names=NAMES)
    answers = np.full(matrix.points.shape, None, dtype=object)
    answers[:, 0] = ["A", "B", "A"]  # q1: a choice question keyed B
    matrix = dataclasses.replace(matrix, answers=answers, answer_keys=("B",) + (None,) * 9)
    return DiagnosedClass("八年级(3)班", matrix, diagnosis, success, prerequisites=LINKS)


def _long_class(students: int = 6, points: int = 24) -> DiagnosedClass:
    """A class where everyone is weak on many points, each with several questions: long plans."""
    rng = np.random.default_rng(0)
    kps = tuple(f"知识点{k + 1:02d}" for k in range(points))
    items = points * 4
    q = np.zeros((items, points), bool)
    q[np.arange(items), np.arange(items) // 4] = True
    names = tuple(f"学生{s + 1}" for s in range(students))
    ids = tuple(f"2024{s:03d}" for s in range(students))
    matrix = ScoreMatrix(
        ids,
        names,
        tuple(f"第{i + 1}题" for i in range(items)),
        kps,
        ("期中考试",),
        np.zeros(items, int),
        rng.integers(0, 2, (students, items)).astype(float),
        np.ones(items),
        q,
    )
    mastery = rng.uniform(0.05, 0.4, (students, points))
    diagnosis = Diagnosis(
        ids,
        kps,
        matrix.item_ids,
        mastery,
        mastery - 0.1,
        mastery + 0.1,
        np.full((students, points), 4),
        np.full((students, points), "weak", dtype=object),
        {},
        "test",
        "cpu",
    )
    return DiagnosedClass("八年级(1)班", matrix, diagnosis, rng.uniform(0.2, 0.9, (students, items)))


def test_the_handbook_is_one_page_per_student_about_that_student_alone(data, tmp_path) -> None:
    (path,) = export_handbook(data, tmp_path / "手册.pdf", lang="zh", settings=SETTINGS)
    pages = _pages(path)
    assert len(pages) == 3
    for page, name, others in zip(pages, NAMES, [("李四", "王五"), ("张三", "王五"), ("张三", "李四")]):
        assert "学习手册" in page and name in page and "家长签字" in page
        assert not any(other in page for other in others)
        assert "全班" not in page and "平均" not in page and "排名" not in page
    first = pages[0][pages[0].index("按这个顺序练") :]  # after the chart, which numbers the path too
    assert first.index("① D") < first.index("② A") < first.index("③ B")  # the path, in order
    assert "先把“A”练好" in first  # B builds on A, also weak
    assert "E" in first and "考得太少" in first  # too little evidence on E
    assert "没有明显薄弱" in pages[1]


def test_a_long_handbook_still_fits_one_page_and_names_what_it_leaves_out(tmp_path) -> None:
    data = _long_class()
    (path,) = export_handbook(data, tmp_path / "h.pdf", lang="en", settings=SETTINGS)
    pages = _pages(path)
    assert len(pages) == 6
    assert "more to work on" in pages[0] and "Learning handbook" in pages[0]
    per_student = export_handbook(data, tmp_path / "each", lang="en", per_student=True, settings=SETTINGS)
    assert [len(_pages(p)) for p in per_student] == [1] * 6
    assert per_student[0].name == "2024000_学生1.pdf"


def test_the_review_list_names_who_chose_each_wrong_option(data, tmp_path) -> None:
    (path,) = export_review(data, tmp_path / "讲评.xlsx", lang="zh", top=10, settings=SETTINGS)
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[0] == "顺序" and "错误选项" in header and len(body) == 10
    priorities = [r[header.index("优先级")] for r in body]
    assert priorities == sorted(priorities, reverse=True)
    q1 = next(r for r in body if r[header.index("题号")] == "q1")
    assert q1[header.index("正确答案")] == "B"
    assert q1[header.index("错误选项")] == "A 2 人"
    assert q1[header.index("学生")] == "选 A（2 人）：张三、王五"
    q8 = next(r for r in body if r[header.index("题号")] == "q8")
    assert q8[header.index("学生")] == "未得满分（2 人）：张三、王五"
    (pdf,) = export_review(data, tmp_path / "讲评.pdf", lang="zh", top=3, settings=SETTINGS)
    text = "\n".join(_pages(pdf))
    assert "试卷讲评清单" in text and "1. " in text and "3. " in text and "4. " not in text


def test_an_anonymised_review_list_has_no_names(data, tmp_path) -> None:
    (path,) = export_review(data, tmp_path / "r.csv", lang="en", anonymise=True, secret=b"k", settings=SETTINGS)
    text = path.read_text(encoding="utf-8-sig")
    assert not any(name in text for name in NAMES) and "2024001" not in text
    assert "Chose A (2): Student " in text


def test_groups_follow_the_teachers_moves_and_give_each_group_a_sheet(data, tmp_path) -> None:
    (path,) = export_groups(data, tmp_path / "g.xlsx", lang="zh", n_groups=2, settings=SETTINGS)
    book = load_workbook(path)
    members = list(book["分组"].iter_rows(values_only=True))[1:]
    assert sorted(r[0] for r in members) == ["A 组", "B 组", "B 组"]
    assert [r[1] for r in members if r[0] == "A 组"] == ["张三"]  # the weakest student needs the most support
    moved = (("2024001", "2024003"), ("2024002",))  # the teacher moves 王五 into group A
    (path,) = export_groups(data, tmp_path / "g2.xlsx", lang="zh", members=moved, settings=SETTINGS)
    book = load_workbook(path)
    members = list(book["分组"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[1]) for r in members] == [("A 组", "张三"), ("A 组", "王五"), ("B 组", "李四")]
    sheet = list(book["练习单"].iter_rows(values_only=True))[1:]
    assert sheet and {r[0] for r in sheet} == {"A 组"}  # 李四 is weak on nothing: no sheet for B
    (pdf,) = export_groups(data, tmp_path / "g.pdf", lang="en", members=moved, settings=SETTINGS)
    pages = _pages(pdf)
    assert len(pages) == 3  # the overview, then a page per group
    assert "Group A practice sheet" in pages[1] and "No weak point shared" in pages[2]


def test_the_report_counts_the_answers_chosen(data, tmp_path) -> None:
    (path,) = export_report(data, tmp_path / "report.xlsx", lang="zh", settings=SETTINGS)
    items = list(load_workbook(path)["试题分析"].iter_rows(values_only=True))
    header = items[0]
    column = header.index("选项分布（✓ 正确）")
    assert items[1][column] == "A 2人 · B✓ 1人"
    assert items[2][column] in ("", None)


def test_formats_each_export_does_not_come_in_are_refused(data, tmp_path) -> None:
    with pytest.raises(ExportError):
        export_groups(data, tmp_path / "g.csv", settings=SETTINGS)
    with pytest.raises(ExportError):
        export_review(data, tmp_path / "r.docx", settings=SETTINGS)
