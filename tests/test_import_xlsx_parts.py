"""Every part of an .xlsx streamed and bounded (issue 18, items 10 and 14): nesting, the shared-string table's
memory, DTDs in any encoding, and formulas whose values come from another workbook."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from test_import_safety import HEADER_XML, MAIN, PACKAGE_RELS, RELS, inline_row, minimal_xlsx, refusal

from app.importer import messages, read_gradebook
from app.importer.limits import MAX_XML_DEPTH
from app.importer.shared_strings import StringTable
from app.importer.xlsx_package import open_package


def _with_part(path: Path, name: str, text: str | bytes, rels: str = "") -> Path:
    """`minimal_xlsx` with the part `name` replaced or added, and `rels` added to the workbook's relationships."""
    source = minimal_xlsx(path.with_suffix(".base.xlsx"), HEADER_XML)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels" and rels:
                content = content.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            if info.filename != name:
                archive.writestr(info, content)
        archive.writestr(name, text)
    return path


def _nested(depth: int) -> str:
    return "<x>" * depth + "</x>" * depth


WORKBOOK = f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="成绩" sheetId="1" r:id="rId1"/></sheets>'
STYLES_REL = f'<Relationship Id="rId3" Type="{RELS}/styles" Target="styles.xml"/>'


@pytest.mark.parametrize(
    ("part", "text", "rels"),
    [
        ("xl/workbook.xml", WORKBOOK + _nested(MAX_XML_DEPTH + 1) + "</workbook>", ""),
        ("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{_nested(MAX_XML_DEPTH)}</styleSheet>', STYLES_REL),
    ],
)
def test_a_part_nested_past_the_limit_is_refused_before_it_fills_memory(tmp_path: Path, part, text, rels) -> None:
    problem = refusal(_with_part(tmp_path / "deep.xlsx", part, text, rels))
    assert problem.text == messages.xml_too_deep(part) and problem.file == "deep.xlsx"


def test_a_sheet_nested_past_the_limit_is_refused_where_it_is(tmp_path: Path) -> None:
    rows = HEADER_XML + f'<row r="3"><c r="A3" t="inlineStr"><is>{_nested(MAX_XML_DEPTH)}</is></c></row>'
    problem = refusal(minimal_xlsx(tmp_path / "deep.xlsx", rows))
    assert problem.text == messages.xml_too_deep("成绩") and (problem.sheet, problem.row) == ("成绩", 3)


def test_shared_strings_nested_past_the_limit_are_refused(tmp_path: Path) -> None:
    rels = f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    sound = _with_part(
        tmp_path / "sound.xlsx", "xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"><si><t>a</t></si></sst>', rels
    )
    deep = _with_part(tmp_path / "deep.xlsx", "xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{_nested(200)}</sst>', rels)
    assert read_gradebook(sound).students  # the same file with a sound table reads
    assert refusal(deep).text == messages.xml_too_deep("sharedStrings")


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    rows = HEADER_XML + f"<extLst>{_nested(MAX_XML_DEPTH - 3)}</extLst>"  # worksheet, sheetData, extLst
    assert [s.student_id for s in read_gradebook(minimal_xlsx(tmp_path / "a.xlsx", rows)).students] == ["2024001"]


def _shared_table_package(count: int) -> bytes:
    """A workbook whose shared-string table holds `count` distinct two-character texts (as a hostile file does)."""
    buffer = io.BytesIO()
    texts = "".join(f"<si><t>{chr(0x4E00 + i // 3000)}{chr(0x4E00 + i % 3000)}</t></si>" for i in range(count))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", WORKBOOK + "</workbook>")
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{RELS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>')
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{texts}</sst>')
    return buffer.getvalue()


def test_the_shared_string_table_is_kept_compactly(tmp_path: Path) -> None:
    data = _shared_table_package(300_000)
    tracemalloc.start()
    try:
        package = open_package(data, "many.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(package.strings) == 300_000
    assert package.strings[0] == "一一" and package.strings[299_999] == chr(0x4E00 + 99) + chr(0x4E00 + 2999)
    assert peak < 15 * 2**20  # as a list of str the table alone took 27 MB (the same file read by 8679cec)


def test_a_string_table_keeps_texts_and_the_ones_too_long_to_keep() -> None:
    table = StringTable()
    for text in ("学号", None, "", "Q1 ✓", None):
        table.append(text)
    assert [table[i] for i in range(len(table))] == ["学号", None, "", "Q1 ✓", None]
    with pytest.raises(IndexError):
        table[5]


def test_a_utf16_workbook_part_with_a_dtd_is_refused(tmp_path: Path) -> None:
    declared = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE workbook [<!ENTITY name "Sheet">]>'
        + WORKBOOK.replace('name="成绩"', 'name="&name;"')
        + "</workbook>"
    )
    path = _with_part(tmp_path / "dtd.xlsx", "xl/workbook.xml", declared.encode("utf-16"))
    assert refusal(path).text == messages.CORRUPT_WORKBOOK


def test_formulas_taking_values_from_another_workbook_are_named(tmp_path: Path) -> None:
    rows = (
        inline_row(1, "学号", "Q1", "Q2")
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>2024001</t></is></c><c r="B2"><f>[1]成绩!B2</f><v>3</v></c>'
        '<c r="C2"><f t="shared" ref="C2:C3" si="0">\'[1]Sheet 2\'!C2</f><v>1</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>2024002</t></is></c><c r="B3"><f>SUM(B2,1)</f><v>4</v></c>'
        '<c r="C3"><f t="shared" si="0"/><v>2</v></c></row>'
    )
    book = read_gradebook(minimal_xlsx(tmp_path / "linked.xlsx", rows))
    (warning,) = [p for p in book.warnings if p.text == messages.formulas_from_other_workbooks(["B2", "C2", "C3"], 3)]
    assert (warning.sheet, warning.row) == ("成绩", 2)
    assert {(r.student_id, r.item_id): r.score for r in book.scores.itertuples()}[("2024002", "Q1")] == 4


def test_a_package_whose_relationships_do_not_inflate_is_refused_as_damaged(tmp_path: Path) -> None:
    """Found by the fuzz test: a flipped byte in the deflated _rels/.rels made zlib raise before the reader's
    refusal (the Word check read it first)."""
    path = minimal_xlsx(tmp_path / "ok.xlsx", "")
    data = bytearray(path.read_bytes())
    start = data.index(b"PK\x03\x04") + 30 + len("_rels/.rels")  # the first entry's deflated bytes
    for k in range(start + 2, start + 12):
        data[k] ^= 0xFF
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    with zipfile.ZipFile(damaged) as archive, pytest.raises(Exception, match="decompressing"):
        archive.read("_rels/.rels")
    assert refusal(damaged).text == messages.CORRUPT_WORKBOOK
