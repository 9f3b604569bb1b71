"""Messages about reading a file: what cannot be read at all, what is past the limits, what was removed or
noted while reading its cells, and which sheet is read."""

from __future__ import annotations

import math

from app.core.problems import Text
from app.importer.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    MAX_XML_BYTES,
    MAX_XML_CELLS,
    MAX_XML_DEPTH,
)

# Files that cannot be read at all
FILE_NOT_FOUND = Text("找不到文件", "file not found")
EMPTY_FILE = Text("文件是空的", "the file is empty")
EMPTY_SHEET = Text("工作表是空的", "the sheet is empty")
CORRUPT_WORKBOOK = Text(
    "无法打开工作簿：文件已损坏，或不是 Excel 文件",
    "cannot open the workbook: the file is damaged or not an Excel file",
)
CORRUPT_DOCUMENT = Text(
    "无法打开文档：文件已损坏，或不是 Word 文件",
    "cannot open the document: the file is damaged or not a Word file",
)
UNDECODABLE = Text(
    "无法识别文件的文字编码（支持 UTF-8 和 GBK/GB18030）",
    "cannot read the text of the file (UTF-8 and GBK/GB18030 are supported)",
)


NOT_A_FILE = Text(
    "这不是普通文件（而是文件夹、设备或管道），无法导入",
    "this is not a regular file (a folder, device or pipe): it cannot be imported",
)
ENCRYPTED = Text(
    "工作簿设有打开密码（加密的 Excel 文件）：请在 Excel 中打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，"
    "清空密码）并保存，再导入",
    "the workbook is protected by a password (an encrypted Excel file): open it in Excel, remove the password "
    "(File → Info → Protect Workbook → Encrypt with Password, clear it), save, and import it again",
)
WEB_PAGE = Text(
    "这个文件其实是网页（HTML 表格），只是扩展名为 Excel（网上的系统常这样导出）：请用 Excel 打开，另存为 .xlsx 再导入",
    "this file is really a web page (an HTML table) with an Excel name, as web systems export: open it in Excel, "
    "save it as .xlsx and import that",
)
XML_SPREADSHEET = Text(
    "这个文件是 Excel 2003 XML 表格，只是扩展名为 .xls：请用 Excel 打开，另存为 .xlsx 再导入",
    "this file is an Excel 2003 XML spreadsheet with an .xls name: open it in Excel, save it as .xlsx and import that",
)
TOO_MUCH_TEXT = Text(
    f"文件中各不相同的单元格文字超过 {MAX_TEXT_CHARS:,} 个字符：知点每个文件最多读取这么多",
    f"the file's different cell texts hold more than {MAX_TEXT_CHARS:,} characters: Zhidian reads at most that much "
    "per file",
)
CONTROL_CHARACTERS = Text("控制字符已删除", "control characters removed")
FORMULAS_WITHOUT_VALUES = Text("公式没有保存的计算结果", "formulas without a saved value")
FORMULAS_FROM_OTHER_WORKBOOKS = Text("公式引用其他工作簿", "formulas taking values from another workbook")
LINE_BREAK_IN_CELL = Text("单元格中有换行", "line break inside a cell")
SHORT_ROW = Text("这一行的单元格比表头少", "row shorter than the header")


def file_too_big(size: int) -> Text:
    """A file past the size the importer reads."""
    mb, limit = math.ceil(size / 2**20 * 10) / 10, MAX_FILE_BYTES / 2**20
    return Text(
        f"文件有 {mb:,.1f} MB：知点最多读取 {limit:,.0f} MB 的文件",
        f"the file is {mb:,.1f} MB: Zhidian reads files of at most {limit:,.0f} MB",
    )


def text_as_workbook(suffix: str, tabs: bool) -> Text:
    """A text table (as web systems export) named like a workbook, read as text."""
    zh, en = ("制表符", "tabs") if tabs else ("逗号", "commas")
    return Text(
        f"这个 {suffix} 文件其实是用{zh}分隔的文本（网上的系统常这样导出），已按文本表格读取",
        f"this {suffix} file is really text separated by {en}, as web systems export: it is read as a text table",
    )


def too_large(column: str, row: int) -> Text:
    """A value past the rows or columns the importer reads."""
    return Text(
        f"表格延伸到第 {column} 列、第 {row:,} 行：知点最多读取 {MAX_ROWS:,} 行 × {MAX_COLUMNS:,} 列",
        f"the table goes to column {column}, row {row:,}: Zhidian reads at most {MAX_ROWS:,} rows × "
        f"{MAX_COLUMNS:,} columns",
    )


def too_many_cells(column: str, row: int, cells: int) -> Text:
    """Used ranges (blank cells inside them included) past the cells the importer reads."""
    return Text(
        f"表格延伸到第 {column} 列、第 {row:,} 行，连同其他工作表共 {cells:,} 个单元格：知点每个文件最多读取 {MAX_CELLS:,} 个",
        f"the table goes to column {column}, row {row:,}: {cells:,} cells with the file's other sheets, and "
        f"Zhidian reads at most {MAX_CELLS:,} per file",
    )


CELL_TOO_LONG = Text(
    f"单元格的文字超过 {MAX_CELL_CHARS:,} 个字符（Excel 本身对一个单元格的上限）",
    f"the cell holds more than {MAX_CELL_CHARS:,} characters, Excel's own limit for a cell",
)


def xml_too_big(size: int) -> Text:
    """One sheet (or the shared text) of an .xlsx past what the importer unzips."""
    mb, limit = size / 2**20, MAX_XML_BYTES / 2**20
    return Text(
        f"解压后这部分有 {mb:,.0f} MB：知点最多读取 {limit:,.0f} MB",
        f"this part of the workbook is {mb:,.0f} MB once unzipped: Zhidian reads at most {limit:,.0f} MB",
    )


def too_many_listed_cells() -> Text:
    """An .xlsx listing more cells, formatted empty ones included, than the importer goes through."""
    return Text(
        f"工作簿列出的单元格超过 {MAX_XML_CELLS:,} 个（大多只有格式）：知点最多读取这么多",
        f"the workbook lists more than {MAX_XML_CELLS:,} cells (most of them formatting only): Zhidian reads at "
        "most that many",
    )


def control_characters(count: int) -> Text:
    """Cells holding control characters (NUL, BEL, escape codes), which were removed."""
    return Text(
        f"{count} 个单元格含有控制字符（NUL、响铃、终端转义码等），已删除这些字符；第一个在这里",
        f"{count} cell(s) held control characters (NUL, BEL, terminal escape codes …), which are removed; the first "
        "is here",
    )


def formulas_without_values(cells: list[str], count: int) -> Text:
    """Formula cells saved without their result (files written by scripts or web systems)."""
    more = f" …（共 {count} 个）" if count > len(cells) else ""
    more_en = f", … ({count} cells)" if count > len(cells) else ""
    return Text(
        f"公式单元格 {'、'.join(cells)}{more} 没有保存计算结果（生成文件的程序没有计算公式），已按空白读取；"
        "请用 Excel 打开并保存后再导入",
        f"formula cells {', '.join(cells)}{more_en} have no saved value (the program that wrote the file did not "
        "calculate them), so they are read as blank; open the file in Excel and save it to calculate them",
    )


def formulas_from_other_workbooks(cells: list[str], count: int) -> Text:
    """Formula cells whose values come from another workbook (an external link): what is imported is the value
    saved when this file was last saved."""
    more = f" …（共 {count} 个）" if count > len(cells) else ""
    more_en = f", … ({count} cells)" if count > len(cells) else ""
    return Text(
        f"公式单元格 {'、'.join(cells)}{more} 的值来自另一个工作簿（外部链接），导入的是本文件上次保存时的值，可能已经过时；"
        "如需最新的值，请在 Excel 中同时打开两个文件、更新链接并保存后再导入",
        f"formula cells {', '.join(cells)}{more_en} take their values from another workbook (an external link): "
        "what is imported is the value saved when this file was last saved, which may be out of date; to import "
        "current values, open both files in Excel, update the links, save, and import again",
    )


def xml_too_deep(part: str) -> Text:
    """A part of an .xlsx nesting elements deeper than any spreadsheet does (a file made to exhaust memory)."""
    return Text(
        f"工作簿的“{part}”部分嵌套超过 {MAX_XML_DEPTH} 层（Excel 不会这样写）：文件已损坏或被篡改，知点不读取它",
        f"the workbook's part '{part}' nests elements more than {MAX_XML_DEPTH} deep (Excel never does): the file "
        "is damaged or was made to harm, and Zhidian does not read it",
    )


def unclosed_quote(line: int) -> Text:
    """A CSV quote that opens a cell and is never closed: the rest of the file would be one cell."""
    return Text(
        f'这一行（文件第 {line} 行）有一个引号（"）没有闭合，其后的内容都会被读成一个单元格：请删除多余的引号，'
        '或把单元格中的引号写成两个（""）',
        f'a quote (") opens a cell in this row (line {line} of the file) and is never closed, so the rest of the '
        'file would be one cell: remove the stray quote, or double the quotes inside a cell ("")',
    )


def stray_quote(line: int) -> Text:
    """A CSV quote closing a cell that goes on after it."""
    return Text(
        f'这一行（文件第 {line} 行）的引号（"）位置不对：引号结束的单元格后面还有文字；请删除多余的引号，'
        '或把单元格中的引号写成两个（""）',
        f'a quote (") in this row (line {line} of the file) closes a cell that goes on after it: remove the stray '
        'quote, or double the quotes inside a cell ("")',
    )


def swallowed_rows(lines: int) -> Text:
    """A quoted CSV cell running over several lines that look like rows of their own."""
    return Text(
        f'这个单元格跨越文件的 {lines} 行并含有分隔符：它开头的引号（"）吞掉了后面的行；请删除这个引号',
        f'this cell runs over {lines} lines of the file and holds separators: the quote (") at its start swallowed '
        "the rows after it; remove that quote",
    )


def line_break_in_cell(lines: int) -> Text:
    """A quoted CSV cell holding line breaks: legal, but worth a look."""
    return Text(
        f"这个单元格含有换行（跨越文件的 {lines} 行）：请核对后面的行没有缺失",
        f"this cell holds line breaks (it runs over {lines} lines of the file): check that no rows after it are missing",
    )


def short_row(cells: int, header: int, missing: list[str]) -> Text:
    """A CSV row with fewer cells than its header: the missing ones are read as blank."""
    return Text(
        f"这一行只有 {cells} 个单元格，表头有 {header} 个：{'、'.join(missing)} 按空白读取",
        f"this row has {cells} cells but the header has {header}: {', '.join(missing)} read as blank",
    )


def cannot_read(reason: str) -> Text:
    """The operating system refused to read the file."""
    return Text(f"无法读取文件（{reason}）", f"cannot read the file ({reason})")


NO_TABLES_IN_DOCUMENT = Text(
    "Word 文档中没有表格：双向细目表要做成表格（题号、分值、知识点……）",
    "the Word document holds no table: a 双向细目表 must be a table (题号, 分值, 知识点 …)",
)


def unknown_type(suffix: str) -> Text:
    """The file is neither .xlsx, .xls, .csv nor .docx."""
    return Text(
        f"不支持的文件类型“{suffix}”，请使用 .xlsx、.xls、.csv 或 .docx（细目表）",
        f"unsupported file type '{suffix}': use .xlsx, .xls, .csv or .docx (papers)",
    )


def no_such_sheet(name: str, sheets: list[str]) -> Text:
    """The chosen sheet is not in the workbook."""
    return Text(
        f"没有工作表“{name}”（现有：{'、'.join(sheets)}）", f"there is no sheet '{name}' (sheets: {', '.join(sheets)})"
    )


def no_such_column(name: str) -> Text:
    """The chosen column is not in the header."""
    return Text(f"表头中没有列“{name}”", f"there is no column '{name}' in the header")


def row_outside(row: int, last: int) -> Text:
    """The chosen row is past the end of the sheet (or above the header)."""
    return Text(
        f"第{row}行不在表格的数据范围内（共 {last} 行）", f"row {row} is outside the data of the sheet ({last} rows)"
    )


# Sheets and columns as read
def hidden_sheets_skipped(used: str, hidden: list[str]) -> Text:
    """A workbook with hidden sheets: the visible sheet read is named."""
    return Text(
        f"读取的是工作表“{used}”；隐藏的工作表“{'”“'.join(hidden)}”没有读取",
        f"sheet '{used}' is read; the hidden sheet(s) '{', '.join(hidden)}' are not",
    )


def hidden_sheet_used(used: str) -> Text:
    """The only sheet that looks like a gradebook is hidden: it is read, and the teacher told."""
    return Text(
        f"工作表“{used}”是隐藏的，但只有它有学号表头：已读取它",
        f"sheet '{used}' is hidden, but it is the only one with a student id header: it is read",
    )
