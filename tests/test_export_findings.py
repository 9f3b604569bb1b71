"""The mastery table keeps its columns and adds the student's overall level, P(weak) and the finding."""

import csv
import dataclasses
from pathlib import Path

import numpy as np
from insight_helpers import tiny_data

from app.export import export_mastery
from app.insight.findings import findings


def _found_data():
    data = tiny_data()
    found = findings(
        data.diagnosis,
        0.8,
        overall=np.array([0.3, 0.9, 0.6]),
        p_behind=np.array([0.9, 0.0, 0.3]),
        p_below_own=np.full((3, 5), 0.5),
        point_specific=False,
        reliability=0.1,
    )
    return dataclasses.replace(data, findings=found)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_the_csv_adds_overall_p_weak_and_the_finding_in_english(tmp_path) -> None:
    (out,) = export_mastery(_found_data(), tmp_path / "mastery.csv", lang="en")
    rows = _rows(out)
    assert rows[0] == [
        "Student",
        "Student number",
        "Knowledge point",
        "Mastery",
        "Lower",
        "Upper",
        "Evidence",
        "Status",
        "below threshold 0.50",
        "Overall",
        "P(weak)",
        "Finding",
    ]
    assert rows[1] == [
        "张三",
        "2024001",
        "A",
        "0.3",
        "0.15",
        "0.45",
        "4",
        "weak",
        "yes",
        "0.3",
        "0.981",
        "behind overall",
    ]
    # behind overall is the student's one finding, on every point (one with too little evidence too)
    assert {r[-1] for r in rows[1:6]} == {"behind overall"}
    assert rows[8][2:] == ["C", "0.88", "0.73", "1.0", "1", "mastered", "no", "0.9", "0.035", "none"]
    assert [r[-1] for r in rows[11:16]] == ["none", "none", "none", "none", "none"]


def test_the_csv_says_the_findings_in_chinese(tmp_path) -> None:
    (out,) = export_mastery(_found_data(), tmp_path / "掌握度.csv", lang="zh")
    rows = _rows(out)
    assert rows[0][-3:] == ["总体水平", "薄弱概率", "结论"]
    assert [r[-1] for r in rows[1:3]] == ["总体落后", "总体落后"]
    assert rows[7][-1] == "无"


def test_a_class_without_findings_keeps_the_old_columns(tmp_path) -> None:
    (out,) = export_mastery(tiny_data(), tmp_path / "mastery.csv", lang="en")
    assert _rows(out)[0][-2:] == ["Status", "below threshold 0.50"]


def test_the_xlsx_detail_sheet_has_the_same_columns(tmp_path) -> None:
    from openpyxl import load_workbook

    (out,) = export_mastery(_found_data(), tmp_path / "mastery.xlsx", lang="en")
    sheet = load_workbook(out)["Mastery details"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[-3:] == ["Overall", "P(weak)", "Finding"]
    first = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert first[-3:] == [0.3, 0.981, "behind overall"]
