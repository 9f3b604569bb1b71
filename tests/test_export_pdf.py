"""PDF plans and class report: they open, hold the expected text in both languages, one student
per page, with the bundled font embedded."""

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from insight_helpers import LINKS, tiny_class

from app.export import export_plans, export_report
from app.insight.plans import DiagnosedClass, PlanSettings

SETTINGS = PlanSettings(threshold=0.6, generated=dt.date(2026, 11, 20))
NAMES = ("张三", "李<四>&", "Wang Wu")  # markup characters must print as text


@pytest.fixture(scope="module")
def data() -> DiagnosedClass:
    matrix, diagnosis, success = tiny_class(names=NAMES)
    return DiagnosedClass("八年级(3)班", matrix, diagnosis, success, prerequisites=LINKS)


@pytest.fixture(scope="module")
def plans_zh(data: DiagnosedClass, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "plans.pdf"
    export_plans(data, out, lang="zh", settings=SETTINGS)
    return out


def _pages(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(path).pages]


def _fonts(path: Path) -> set[str]:
    found = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found.add(str(font["/BaseFont"]))
    return found


def test_plans_pdf_one_student_per_page_in_chinese(plans_zh: Path) -> None:
    pages = _pages(plans_zh)
    assert len(pages) == 3  # three students, each plan fits one page
    first = pages[0]
    assert "个性化练习计划" in first and "张三（2024001）" in first
    assert "学习路径" in first
    # the path in order, with the reasons and chosen questions
    assert first.index("1. D") < first.index("2. A") < first.index("3. B") < first.index("4. C")
    assert "q3" in first and "适宜" in first and "证据不足" in first
    assert "李<四>&" in pages[1] and "没有掌握度低于 0.60" in pages[1]
    assert "Wang Wu" in pages[2]
    assert "未成年人学校保护规定" in first
    assert _fonts(plans_zh), "the CJK font must be embedded"
    reader = pypdf.PdfReader(plans_zh)
    assert reader.pages[0].mediabox.width == pytest.approx(595.27, abs=0.5)  # A4
    assert reader.metadata.title == "个性化练习计划 — 八年级(3)班"


def test_plans_pdf_in_english_and_one_file_per_student(data: DiagnosedClass, tmp_path: Path) -> None:
    paths = export_plans(data, tmp_path / "plans", lang="en", per_student=True, settings=SETTINGS)
    assert [p.name for p in paths] == ["2024001_张三.pdf", "2024002_李_四__.pdf", "2024003_Wang_Wu.pdf"]
    text = _pages(paths[0])[0]
    assert "Practice plan" in text and "Learning path" in text and "Predicted" in text
    assert "Mastery" in text and "below the threshold 0.60" in text


def test_class_report_pdf(data: DiagnosedClass, tmp_path: Path) -> None:
    (path,) = export_report(data, tmp_path / "report.pdf", lang="zh", settings=SETTINGS)
    text = "\n".join(_pages(path))
    for expected in (
        "班级学情报告",
        "各知识点全班掌握情况",
        "知识点汇总",
        "学生 × 知识点掌握度",
        "试题分析",
        "区分度",
        "各知识点需要帮助的学生",
        "张三 (0.30)",
        "学生 3 人，题目 10 道，知识点 5 个",
    ):
        assert expected in text, expected
    assert _fonts(path)
    (path,) = export_report(data, tmp_path / "report_en.pdf", lang="en", settings=SETTINGS)
    text = "\n".join(_pages(path))
    assert "Class report" in text and "Item analysis" in text and "Students needing help" in text


def test_chinese_lines_never_start_with_closing_punctuation() -> None:
    from app.export.pdf_common import para, styles

    text = "第一章知识点掌握较弱，建议先复习前置知识。再做练习题；然后检查错误：最后总结！是否理解？" * 3
    starts = []
    for width in range(60, 260, 3):  # every break position the text can fall on
        paragraph = para(text, styles("zh").body)
        paragraph.wrap(width, 1000)
        starts += ["".join(line[1])[:1] for line in paragraph.blPara.lines[1:]]
    assert len(starts) > 100
    assert not [c for c in starts if c in "，。；：！？、"]


@pytest.mark.parametrize("anonymise", [False, True])
@pytest.mark.parametrize(
    ("what", "title", "note"),
    [
        ("plans", "Practice plan", None),
        ("handbook", "Learning handbook", "For the student and parents only."),
        ("report", "Class report", None),
        ("review", "Exam review list", None),
        ("groups", "Practice groups", None),
    ],
)
def test_every_pdf_is_titled_by_its_kind_and_class(
    data: DiagnosedClass, tmp_path: Path, what: str, title: str, note: str | None, anonymise: bool
) -> None:
    from app.core.progress import NullProgress
    from app.export.kinds import EXPORT_KINDS, ExportOptions

    options = ExportOptions("pdf", "en", anonymise=anonymise, settings=SETTINGS, secret=b"k" * 32)
    (path,) = EXPORT_KINDS[what].write(data, tmp_path / "out.pdf", options, NullProgress())
    reader = pypdf.PdfReader(path)
    assert (reader.metadata.title, reader.metadata.subject) == (f"{title} — 八年级(3)班", title)
    first = reader.pages[0].extract_text()
    assert f"{title} · 八年级(3)班" in first  # the footer's line
    privacy = "Anonymised: names replaced by codes" if anonymise else "for teachers and parents only"
    assert (note or privacy) in " ".join(first.split())
    if note:  # the handbook's own note stands in for the privacy note
        assert "for teachers and parents only" not in first and "Anonymised:" not in first
