"""Names the bundled font lacks render from a fuller font on the PC, and what none draws is reported."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest
from insight_helpers import tiny_data
from pypdf import PdfReader

from app.charts import glyphs
from app.export import export_handbook, export_plans, export_report, export_review, pdf_common

DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"  # present wherever matplotlib is


def _only_fonts(monkeypatch, *files: Path) -> Iterator[None]:
    """The fonts of this PC, in order, are `files` alone (the PDF's fallback fonts read again before and after)."""
    chosen = tuple(glyphs._face(f) for f in files)
    monkeypatch.setattr(glyphs, "faces", lambda: chosen)
    pdf_common.fallback_fonts.cache_clear()
    yield
    pdf_common.fallback_fonts.cache_clear()


@pytest.fixture
def only_dejavu(monkeypatch):
    """The PC's fallback fonts are matplotlib's DejaVu Sans alone (every CI machine has it)."""
    yield from _only_fonts(monkeypatch, glyphs.FONT_FILE, DEJAVU)


def test_each_character_goes_to_the_first_font_that_has_it(only_dejavu) -> None:
    assert [(face.path.name if face else None, text) for face, text in glyphs.runs("张三 Άννα 한😀")] == [
        ("WenQuanYiMicroHei-Subset.ttf", "张三 "),
        ("DejaVuSans.ttf", "Ά"),  # the bundled font has plain Greek letters, not accented ones
        ("WenQuanYiMicroHei-Subset.ttf", "ννα "),
        (None, "한"),
        ("DejaVuSans.ttf", "😀"),
    ]
    assert glyphs.undrawable(["张三", "Άννα", "한글 䶮", "😀"]) == "한글䶮"


def test_a_pdf_draws_greek_names_from_the_fallback_font(only_dejavu, tmp_path: Path) -> None:
    (path,) = export_plans(tiny_data(names=("Άννα", "张三", "李四")), tmp_path / "plans.pdf", lang="en")

    reader = PdfReader(path)
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    text = reader.pages[0].extract_text()
    assert "Άννα" in text
    assert len(fonts) >= 2  # the bundled face and the fallback, both embedded


def test_a_damaged_bundled_font_says_which_file_and_to_reinstall(tmp_path: Path, monkeypatch) -> None:
    from app.core.resources import DamagedResource

    broken = tmp_path / "WenQuanYiMicroHei-Subset.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setattr(pdf_common, "FONT_FILE", broken)
    pdf_common.register_font.cache_clear()
    try:
        with pytest.raises(DamagedResource) as refused:
            export_plans(tiny_data(), tmp_path / "plans.pdf", lang="en")
    finally:
        pdf_common.register_font.cache_clear()
    assert str(broken) in refused.value.text.en and "Reinstall Zhidian" in refused.value.text.en
    assert "重新安装" in refused.value.text.zh and not (tmp_path / "plans.pdf").exists()


@pytest.fixture
def only_bundled(monkeypatch):
    """The PC has no font of its own: only the bundled font and its supplement."""
    from app.core.resources import SUPPLEMENT_FONT_FILE

    yield from _only_fonts(monkeypatch, glyphs.FONT_FILE, SUPPLEMENT_FONT_FILE)


def test_the_bundled_fonts_draw_extension_a_names_and_the_minus_sign(only_bundled) -> None:
    assert glyphs.undrawable(["李䶮", "王㛃", "−3", "⑳", "吕子墨", "呂子墨"]) == ""
    extension_a = [chr(c) for c in range(0x3400, 0x4DB6)]  # Unicode 3.0's Extension A (6,582 characters)
    assert glyphs.undrawable(extension_a) == ""
    assert [face.path.name if face else None for face, _ in glyphs.runs("李䶮")] == [
        "WenQuanYiMicroHei-Subset.ttf",
        "ZhidianCJKSupplement.ttf",
    ]


def test_a_pdf_prints_extension_a_names_from_the_bundled_supplement(only_bundled, tmp_path: Path) -> None:
    (path,) = export_plans(tiny_data(names=("李䶮", "王㛃", "张三")), tmp_path / "plans.pdf", lang="zh")
    reader = PdfReader(path)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "李䶮" in text and "王㛃" in text
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert any("ZhidianCJK" in font for font in fonts) and len(fonts) >= 2


def _drawn_by_supplement(path: Path) -> set[str]:
    """The characters beyond ASCII the PDF draws in the bundled supplement (its embedded subset's ToUnicode map)."""
    drawn: set[str] = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "ZhidianCJKSupplement" in str(font["/BaseFont"]):
                assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded, not left to the PC
                cmap = font["/ToUnicode"].get_object().get_data().decode()
                drawn |= {chr(int(code, 16)) for code in re.findall(r"<[0-9A-F]{2}> <((?!00)[0-9A-F]{4})>", cmap)}
    return drawn


@pytest.mark.parametrize("kind", ["plans", "handbook", "report", "review"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_pdf_draws_extension_a_names_and_the_minus_sign_from_the_embedded_supplement(
    only_bundled, tmp_path: Path, kind: str, lang: str
) -> None:
    write = {"plans": export_plans, "handbook": export_handbook, "report": export_report, "review": export_review}[kind]
    drawn, text = set(), ""
    for n, names in enumerate([("王㛃", "李䶮", "张三"), ("李䶮", "王㛃", "张三")]):  # the report lists the weakest
        (path,) = write(tiny_data(names=names), tmp_path / f"{kind}{n}.pdf", lang=lang)
        drawn |= _drawn_by_supplement(path)
        text += "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "李䶮" in text and "王㛃" in text and "\x00" not in text  # no character left to a face without it
    assert {"䶮", "㛃"} <= drawn
    if kind == "review":  # its header: priority = (1 − score rate) × …
        assert "(1 − " in text and "−" in drawn


def test_an_export_names_the_students_whose_names_no_font_draws(only_dejavu) -> None:
    from app.services.exporting import _undrawable

    missing, whose = _undrawable(tiny_data(names=("김민준", "张三", "李四")), anonymised=False)
    assert missing == "김민준" and whose == ("김민준（2024001）",)
    assert _undrawable(tiny_data(names=("김민준", "张三", "李四")), anonymised=True) == ("", ())


def test_window_charts_take_a_glyph_from_the_supplement_too() -> None:
    import matplotlib

    from app.charts.style import register_font

    register_font()
    assert matplotlib.rcParams["font.family"][:2] == ["WenQuanYi Micro Hei", "Zhidian CJK Supplement"]
    assert matplotlib.rcParams["font.family"][-1] == "sans-serif"
