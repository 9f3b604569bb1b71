"""A paper as a 双向细目表 workbook, for colleagues and the subject team; the importer reads it back as it was."""

from __future__ import annotations

from pathlib import Path

from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.export.files import atomic_target
from app.export.tables import Cell, Table, neutralise, write_xlsx

SHEET = "双向细目表"
_HEADERS = {
    "zh": ("题号", "题型", "分值", "考查知识点", "答案", "能力要求", "预估难度"),
    "en": ("Question", "Type", "Points", "Knowledge points", "Answer", "Ability", "Difficulty"),
}
# A question scored as written but with a letter key is "other", so the key does not make it a choice question.
_KINDS = {
    "zh": {QuestionKind.SINGLE: "单选题", QuestionKind.MULTIPLE: "多选题", QuestionKind.OTHER: "其他"},
    "en": {QuestionKind.SINGLE: "single choice", QuestionKind.MULTIPLE: "multiple choice", QuestionKind.OTHER: "other"},
}
_TITLE = {"zh": "【{name}】{subject}双向细目表", "en": "【{name}】{subject} test specification"}
_SEPARATOR = {"zh": "、", "en": "; "}


def write_paper_xlsx(paper: Paper, path: Path, lang: str = "zh") -> Path:
    """Write `paper` as a 双向细目表 (sheet 双向细目表: a title row, then 题号, 题型, 分值, 考查知识点, 答案,
    能力要求, 预估难度); text cells never run as formulas."""
    lang = lang if lang in _HEADERS else "en"
    table = Table(SHEET, _HEADERS[lang], [_row(q, lang) for q in paper.questions])
    with atomic_target(path, private=False) as target:  # a paper names no student
        _write(paper, table, target, lang)
    return path


def _write(paper: Paper, table: Table, path: Path, lang: str) -> None:
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Font

    write_xlsx([table], path, title=paper.name)
    book = load_workbook(path)
    sheet = book[SHEET]
    sheet.insert_rows(1)
    title = sheet.cell(1, 1, neutralise(_TITLE[lang].format(name=paper.name, subject=paper.subject).strip()))
    title.data_type = "s"
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(table.header))
    sheet.freeze_panes = "A3"
    book.save(path)


def _row(question: PaperQuestion, lang: str) -> tuple[Cell, ...]:
    kind = _KINDS[lang][question.kind] if question.kind or question.answer_key else ""
    points = question.max_score
    return (
        question.label,
        kind,
        int(points) if points is not None and points.is_integer() else points,
        _SEPARATOR[lang].join(question.knowledge_points),
        question.answer_key,
        question.ability,
        question.difficulty,
    )
