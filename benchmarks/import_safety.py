"""Peak memory and time of importing the worst files: a cell at XFD1048576, a 400-million-character cell, a
100,000-row CSV, CSVs past the size and row limits, a sheet at the limits, a device, and the hostile
workbooks of issue 18 (16 MB of nesting in workbook.xml and styles.xml, ten million shared strings, both).

Each input is read by `read_gradebook` in a fresh process, which reports its peak resident memory
(`ru_maxrss`); the table goes to benchmarks/IMPORT_SAFETY.md. Run from the repository root:

    .venv/bin/python benchmarks/import_safety.py
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.importer import limits
from app.importer.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS

RESULTS = Path(__file__).resolve().parent / "IMPORT_SAFETY.md"
BEFORE = {  # peak MB, measured with this script's child on 8679cec (`git archive 8679cec app`), 2026-12-07
    "nested workbook.xml and styles.xml": 1_095,
    "9,990,000 shared strings": 1_098,
    "both": 1_460,
}
LIMIT_MB = 1024
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from typing import IO
from app.core.problems import GradebookError
from app.importer import read_gradebook
start = time.perf_counter()
try:
    book = read_gradebook(Path(sys.argv[1]))
    errors = [p for p in book.problems if p.severity == "error"]
    outcome = f"read: {len(book.students):,} students, {len(book.scores):,} scores, {len(errors)} errors"
except GradebookError as error:
    first = error.problems[0]
    outcome = "refused: " + (first.where("en") + ": " + first.text.en)[:160]
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak}))
"""
_BASELINE = "import resource, app.importer, pandas; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"

_XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>学号</t></is></c><c r="B1" t="inlineStr"><is><t>Q1</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>2024001</t></is></c><c r="B2"><v>1</v></c></row>'
)
_XML_TAIL = "</sheetData></worksheet>"
_SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_SHARED_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_PACKAGE = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="成绩" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def write_streamed_xlsx(path: Path, characters: int, *, shared: bool = False) -> Path:
    """A minimal .xlsx whose third row holds one text of `characters` characters, streamed into the zip: inline
    in the sheet, or (as Excel writes it) in the shared-string table."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PACKAGE.items():
            if shared and name == "xl/_rels/workbook.xml.rels":
                text = text.replace("</Relationships>", _SHARED_REL)
            if shared and name == "[Content_Types].xml":
                text = text.replace("</Types>", _SHARED_TYPE)
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_XML_HEAD.encode())
            if shared:
                sheet.write(b'<row r="3"><c r="A3" t="s"><v>0</v></c></row>')
            else:
                sheet.write(b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
                _write_x(sheet, characters)
                sheet.write(b"</t></is></c></row>")
            sheet.write(_XML_TAIL.encode())
        if shared:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
                strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
                _write_x(strings, characters)
                strings.write(b"</t></si></sst>")
    return path


def _write_x(stream: IO[bytes], characters: int) -> None:
    chunk = b"x" * 2**20
    for start in range(0, characters, len(chunk)):
        stream.write(chunk[: min(len(chunk), characters - start)])


_STYLES_REL = (
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'styles" Target="styles.xml"/>'
)
_NESTED_BYTES = 16 * 2**20 - 2**10  # just under what 8679cec read whole into an ElementTree


def hostile_xlsx(path: Path, *, nested: bool, shared: int) -> Path:
    """A small workbook made to exhaust memory: workbook.xml and styles.xml each almost 16 MB of nested elements
    (`nested`), and/or a shared-string table of `shared` distinct two-character texts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PACKAGE.items():
            if name == "xl/_rels/workbook.xml.rels":
                text = text.replace(
                    "</Relationships>", _STYLES_REL + "</Relationships>" if nested else "</Relationships>"
                )
                text = text.replace("</Relationships>", _SHARED_REL) if shared else text
            if name == "[Content_Types].xml" and shared:
                text = text.replace("</Types>", _SHARED_TYPE)
            if name == "xl/workbook.xml" and nested:
                with archive.open(name, "w") as part:
                    part.write(text.replace("</workbook>", "").encode())
                    _write_nested(part, _NESTED_BYTES - len(text))
                    part.write(b"</workbook>")
                continue
            archive.writestr(name, text)
        if nested:
            with archive.open("xl/styles.xml", "w") as part:
                part.write(b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                _write_nested(part, _NESTED_BYTES - 100)
                part.write(b"</styleSheet>")
        archive.writestr("xl/worksheets/sheet1.xml", _XML_HEAD + _XML_TAIL)
        if shared:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                for start in range(0, shared, 100_000):
                    texts = (
                        chr(0x4E00 + i // 3200) + chr(0x4E00 + i % 3200)
                        for i in range(start, min(shared, start + 100_000))
                    )
                    part.write("".join(f"<si><t>{t}</t></si>" for t in texts).encode())
                part.write(b"</sst>")
    return path


def _write_nested(stream: IO[bytes], size: int) -> None:
    depth = size // 7  # "<a>" opens, "</a>" closes
    for chunk in (b"<a>", b"</a>"):
        for start in range(0, depth, 2**18):
            stream.write(chunk * min(2**18, depth - start))


def far_cell(path: Path, *, valued: bool) -> Path:
    """A small workbook with one cell at XFD1048576, holding a value or only a bold font."""
    book = Workbook()
    sheet = book.active
    sheet.append(["学号", "Q1"])
    sheet.append(["2024001", 1])
    if valued:
        sheet["XFD1048576"] = 1
    else:
        sheet["XFD1048576"].font = Font(bold=True)
    book.save(path)
    return path


def long_csv(path: Path, rows: int, columns: int = 6, *, quoted: bool = False) -> Path:
    """A long CSV: student, name, question, score, max score, knowledge points (and filler columns)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL)
        writer.writerow(["学号", "姓名", "题号", "得分", "满分", "知识点", *(f"备注{j}" for j in range(columns - 6))])
        for r in range(rows):
            student, item = divmod(r, 100)
            filler = [f"{r % 97}"] * (columns - 6)
            writer.writerow(
                [f"2024{student:05d}", f"学生{student}", f"Q{item + 1}", r % 3, 2, f"知识点{item % 12}", *filler]
            )
    return path


def wide_csv(path: Path, size: int) -> Path:
    """A wide CSV of `size` - 1 students and questions under a 满分 row."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("学号," + ",".join(f"Q{j}" for j in range(1, size)) + "\n")
        handle.write("满分," + ",".join("3" for _ in range(1, size)) + "\n")
        for r in range(size - 2):
            handle.write(f"2024{r:05d}," + ",".join(str((r + j) % 4) for j in range(1, size)) + "\n")
    return path


def long_xlsx(path: Path, rows: int, columns: int = 6) -> Path:
    """A long workbook of `rows` rows, written in openpyxl's streaming mode."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("成绩")
    sheet.append(["学号", "姓名", "题号", "得分", "满分", "知识点", *(f"备注{j}" for j in range(columns - 6))])
    for r in range(rows):
        student, item = divmod(r, 100)
        filler = [r % 97] * (columns - 6)
        sheet.append([f"2024{student:05d}", f"学生{student}", f"Q{item + 1}", r % 3, 2, f"知识点{item % 12}", *filler])
    book.save(path)
    return path


def oversized_csv(path: Path) -> Path:
    """A CSV just past the file size the importer reads."""
    line = b"2024001,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n"
    with path.open("wb") as handle:
        handle.write(b"\xe5\xad\xa6\xe5\x8f\xb7" + b",Q" * 19 + b"\n")
        for _ in range(MAX_FILE_BYTES // len(line) + 1):
            handle.write(line)
    return path


def many_rows_csv(path: Path) -> Path:
    """A CSV under the size limit with more rows than the importer reads."""
    with path.open("wb") as handle:
        handle.write("学号,Q1\n".encode())
        handle.write(b"1,1\n" * (4 * MAX_ROWS))
    return path


def inputs(folder: Path) -> list[tuple[str, Path]]:
    """The worst inputs, written into `folder`."""
    return [
        ("xlsx, one value at XFD1048576", far_cell(folder / "far.xlsx", valued=True)),
        ("xlsx, one formatted empty cell at XFD1048576", far_cell(folder / "formatted.xlsx", valued=False)),
        ("xlsx, one cell of 400,000,000 characters", write_streamed_xlsx(folder / "huge-cell.xlsx", 400_000_000)),
        (
            "xlsx, one shared text of 400,000,000 characters (as Excel stores text)",
            write_streamed_xlsx(folder / "huge-shared.xlsx", 400_000_000, shared=True),
        ),
        (
            f"xlsx, one cell of {MAX_CELL_CHARS:,} characters (the most a cell holds)",
            write_streamed_xlsx(folder / "full-cell.xlsx", MAX_CELL_CHARS),
        ),
        ("csv, 100,000 long rows", long_csv(folder / "long-100k.csv", 100_000)),
        (
            f"csv, {MAX_ROWS - 1:,} long rows × 20 columns (at the limits)",
            long_csv(folder / "long-limit.csv", MAX_ROWS - 1, 20),
        ),
        (
            f"csv, {MAX_ROWS - 1:,} long rows × 20 columns, every cell quoted",
            long_csv(folder / "quoted-limit.csv", MAX_ROWS - 1, 20, quoted=True),
        ),
        (
            f"xlsx, {MAX_ROWS - 1:,} long rows × 20 columns (at the limits)",
            long_xlsx(folder / "long-limit.xlsx", MAX_ROWS - 1, 20),
        ),
        ("csv, 1,997 students × 1,998 questions (wide, at the cell limit)", wide_csv(folder / "wide-limit.csv", 1_999)),
        ("xlsx, 100,000 long rows", long_xlsx(folder / "long-100k.xlsx", 100_000)),
        (f"csv, {4 * MAX_ROWS:,} rows (past the row limit)", many_rows_csv(folder / "many-rows.csv")),
        ("csv, past the size limit", oversized_csv(folder / "oversized.csv")),
        (f"csv, one row of {2 * MAX_COLUMNS:,} columns", _wide_csv(folder / "wide.csv")),
        ("/dev/zero named .csv", _device(folder / "zero.csv")),
        (
            "xlsx, workbook.xml and styles.xml each 16 MB of nested elements",
            hostile_xlsx(folder / "nested.xlsx", nested=True, shared=0),
        ),
        (
            "xlsx, 9,990,000 distinct shared strings",
            hostile_xlsx(folder / "shared.xlsx", nested=False, shared=9_990_000),
        ),
        (
            "xlsx, both: nested parts and 9,990,000 shared strings",
            hostile_xlsx(folder / "both.xlsx", nested=True, shared=9_990_000),
        ),
    ]


def _wide_csv(path: Path) -> Path:
    path.write_text("学号," + ",".join(f"Q{j}" for j in range(2 * MAX_COLUMNS)) + "\n1" + ",1" * 2 * MAX_COLUMNS)
    return path


def _device(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


def measure(path: Path) -> dict[str, object]:
    """Outcome, seconds and peak MB of reading `path` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, capture_output=True, text=True, check=True, timeout=900
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def main() -> None:
    """Write every input, read each in its own process, and write the table."""
    baseline = float(
        subprocess.run([sys.executable, "-c", _BASELINE], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    )
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, path in inputs(Path(folder)):
            size = path.stat().st_size if path.is_file() and not path.is_symlink() else 0
            started = time.perf_counter()
            result = measure(path)
            print(f"{name}: {result} ({time.perf_counter() - started:.1f} s with start-up)", flush=True)
            rows.append((name, size, result))
    worst = max(float(result["peak_mb"]) for _, _, result in rows)
    lines = [
        "# Import safety benchmark",
        "",
        f"Made by `.venv/bin/python benchmarks/import_safety.py` on {dt.date.today():%Y-%m-%d}. Each file is read by",
        "`read_gradebook` in a fresh process; *peak MB* is that process's peak resident memory (`ru_maxrss`),",
        f"Python, pandas and the importer included (they take {baseline:.0f} MB before reading anything); *seconds*",
        "is the read alone.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| input | size on disk | outcome | peak MB | seconds |",
        "| --- | ---: | --- | ---: | ---: |",
        *(
            f"| {name} | {_size(size)} | {str(result['outcome']).replace('|', '/')} | "
            f"{float(result['peak_mb']):.0f} | {float(result['seconds']):.2f} |"
            for name, size, result in rows
        ),
        "",
        f"Target: every import under {LIMIT_MB} MB at its peak; the worst here is {worst:.0f} MB.",
        "",
        "The hostile workbooks of issue 18, read by 8679cec (before every part was streamed and bounded) on the same",
        "machine: " + "; ".join(f"{name}: {mb:,} MB" for name, mb in BEFORE.items()) + ".",
        "",
        "The limits (`app/importer/limits.py`):",
        "",
        *(f"- `{name}` = {value:,}" for name, value in vars(limits).items() if name.startswith("MAX_")),
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if worst >= LIMIT_MB:
        raise SystemExit(f"peak memory {worst:.0f} MB is over {LIMIT_MB} MB")


def _size(size: int) -> str:
    if not size:
        return "—"
    return f"{size / 2**20:,.1f} MB" if size >= 2**20 else f"{size / 2**10:,.1f} KB"


if __name__ == "__main__":
    main()
