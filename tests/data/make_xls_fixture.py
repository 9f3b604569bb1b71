"""Write tests/data/wide_scores.xls and padded_ids.xls, the old-Excel fixtures for the importer's tests (run once,
commit the output).

pandas cannot write .xls, so this needs the pure-Python `xlwt` package, which is not a project
dependency: `.venv/bin/pip install xlwt && .venv/bin/python tests/data/make_xls_fixture.py`.

The workbook is a wide gradebook as old Excel saves it: a title row, the header on row 2, a 满分
row and a 知识点 row, 学号 as numbers (read back as 2024001.0) except one kept as text with a
leading zero, a 缺考 student, a blank cell, an Excel date cell, and 总分/名次 columns. padded_ids.xls keeps its
学号 as numbers shown with the format 0000000 (Excel shows 0803001).
"""

import datetime as dt
from pathlib import Path

import xlwt

OUT = Path(__file__).resolve().parent / "wide_scores.xls"
PADDED = Path(__file__).resolve().parent / "padded_ids.xls"


def main() -> None:
    """Write the fixture."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("期中")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    rows = [
        ["八年级(3)班 期中考试成绩"],
        ["学号", "姓名", "考试日期", "第1题", "第2题", "第3题", "总分", "名次"],
        ["满分", None, None, 2, 4, 1, None, None],
        ["知识点", None, None, "有理数；整式", "方程", "函数", None, None],
        [2024001, "张三", dt.date(2024, 11, 10), 2, 3.5, 1, 6.5, 1],
        ["0012", "李四", dt.date(2024, 11, 10), 0, None, 0, 0, 3],
        [2024003, "王五", dt.date(2024, 11, 10), "缺考", "缺考", "缺考", None, None],
        [2024004, "赵六", dt.date(2024, 11, 10), 1, 4, 0, 5, 2],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    book.save(str(OUT))
    padded()


def padded() -> None:
    """学号 as numbers with the format 0000000, as a school's roster keeps them."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("成绩")
    style = xlwt.easyxf(num_format_str="0000000")
    for c, text in enumerate(["学号", "姓名", "1", "2"]):
        sheet.write(0, c, text)
    for r, (number, name, first, second) in enumerate([(803001, "王思远", 1, 2), (803002, "李䶮", 0, 1)], start=1):
        sheet.write(r, 0, number, style)
        sheet.write(r, 1, name)
        sheet.write(r, 2, first)
        sheet.write(r, 3, second)
    book.save(str(PADDED))


if __name__ == "__main__":
    main()
