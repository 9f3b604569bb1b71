"""Table models over plain results: the student × knowledge-point heat map, the item analysis, the 讲评 list.

Cells show a number and a symbol besides their colour (▼ weak, ● developing, ▲ mastered,
? too little evidence: `Status.symbol`), so nothing is told by colour alone. `SORT_ROLE` gives the proxy a
number to sort on; cells without a value sort last.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.charts.layout import LABEL, short
from app.charts.style import STATUS_COLOURS, tint
from app.charts.texts import label
from app.core.diagnosis import Diagnosis
from app.core.vocabulary import Finding, Status, status_text
from app.export.rows import ITEM_COLUMNS, item_cells
from app.insight.findings import Findings
from app.insight.review import ReviewItem
from app.insight.summaries import ItemStats
from app.ui.base import i18n

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
BACKGROUNDS: dict[str, QColor] = {status: QColor(tint(colour)) for status, colour in STATUS_COLOURS.items()}
"""Cell backgrounds: the charts' status colours (`app.charts.style`), lightened so the text stays readable."""
BEHIND_BACKGROUND = QColor(tint("#8a8a8a"))
"""A weak cell of a student behind overall: grey as in the student's mastery chart, not a red map."""
_Index = QModelIndex | QPersistentModelIndex


def status_name(status: str) -> str:
    """A status in the current language (its one translation, `app.core.vocabulary`)."""
    return status_text(status, i18n.language())


def _sort_value(value: float) -> float:
    return math.inf if value is None or math.isnan(value) else float(value)


class TranslatedTableModel(QAbstractTableModel):
    """A table model whose headers and cells are re-read when the language changes."""

    def retranslate(self) -> None:
        """Re-read headers and cell texts in the current language."""
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))


class HeatMapModel(TranslatedTableModel):
    """Rows: students; columns: 学号, 姓名, weak count, then one per knowledge point."""

    FIXED = 3

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._d: Diagnosis | None = None
        self._names: Sequence[str | None] = ()
        self._muted: np.ndarray | None = None

    def set_diagnosis(
        self, diagnosis: Diagnosis | None, names: Sequence[str | None] = (), findings: Findings | None = None
    ) -> None:
        """Show `diagnosis`; `names` are the students' names in its order; with `findings`, a student behind overall
        has their weak cells grey, not red, save a weak point specific to them (as the student's mastery chart)."""
        self.beginResetModel()
        self._d = diagnosis
        self._names = tuple(names) or (None,) * (len(diagnosis.student_ids) if diagnosis else 0)
        self._muted = (
            findings.behind[:, None] & (np.asarray(findings.finding) != Finding.WEAK_POINT.value)
            if findings is not None and diagnosis is not None and findings.finding.shape == diagnosis.status.shape
            else None
        )
        self.endResetModel()

    def muted(self, row: int, k: int) -> bool:
        """Whether cell (row, k) is a weak point of a student behind overall (drawn grey, one finding for the row)."""
        return bool(self._muted is not None and self._muted[row, k])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """One row per student."""
        return 0 if parent.isValid() or self._d is None else len(self._d.student_ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """The fixed columns, then one per knowledge point."""
        return 0 if parent.isValid() or self._d is None else self.FIXED + len(self._d.knowledge_points)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        """The column headers (and their tooltips)."""
        if orientation != Qt.Orientation.Horizontal or self._d is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return QCoreApplication.translate("HeatMapModel", "Student ID")
            if section == 1:
                return QCoreApplication.translate("HeatMapModel", "Name")
            if section == 2:
                return QCoreApplication.translate("HeatMapModel", "Weak")
            return short(self._d.knowledge_points[section - self.FIXED], LABEL)  # as the charts' rows cut it
        if role == Qt.ItemDataRole.ToolTipRole and section == 2:
            return QCoreApplication.translate("HeatMapModel", "Number of weak knowledge points")
        if role == Qt.ItemDataRole.ToolTipRole and section >= self.FIXED:
            return self._d.knowledge_points[section - self.FIXED]  # whole, where the header cut it
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """A cell: its text, sort key, colours, alignment and tooltip."""
        d = self._d
        if d is None or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if col == 0:
            return d.student_ids[row] if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE) else None
        if col == 1:
            name = self._names[row] if row < len(self._names) else None
            return (name or "") if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE) else None
        if col == 2:
            weak = int(np.sum(d.status[row] == Status.WEAK))
            if role == Qt.ItemDataRole.DisplayRole:
                return str(weak)
            if role == SORT_ROLE:
                return weak
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        k = col - self.FIXED
        status = str(d.status[row, k])
        mastery = float(d.mastery[row, k])
        if role == Qt.ItemDataRole.DisplayRole:
            symbol = Status(status).symbol
            return symbol if status == Status.INSUFFICIENT else f"{symbol} {mastery:.2f}"
        if role == SORT_ROLE:
            return _sort_value(float("nan") if status == Status.INSUFFICIENT else mastery)
        behind = status == Status.WEAK and self.muted(row, k)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(BEHIND_BACKGROUND if behind else BACKGROUNDS.get(status, QColor("white")))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1a1a1a"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate(
                "HeatMapModel",
                "{name} · {kp}\nmastery {m:.2f} (interval {lo:.2f}–{hi:.2f})\n{n} scored questions · {status}",
            ).format(
                name=self._names[row] or d.student_ids[row],
                kp=d.knowledge_points[k],
                m=mastery,
                lo=float(d.lower[row, k]),
                hi=float(d.upper[row, k]),
                n=int(d.evidence[row, k]),
                status=status_name(status),
            ) + (f" · {Finding.BEHIND_OVERALL.text.get(i18n.language())}" if behind else "")
        return None


def short_item(item_id: str, assessment: str) -> str:
    """A question's id without the assessment the store qualifies it with ("期中考试/第3题" → "第3题")."""
    prefix = f"{assessment}/"
    return item_id[len(prefix) :] if item_id.startswith(prefix) else item_id


class ItemAnalysisModel(TranslatedTableModel):
    """One row per question, in the columns of the class report's item analysis (`ITEM_COLUMNS`, their labels
    `app.charts.texts`'): assessment, question, max score, knowledge points, answered, score rate, discrimination,
    notes, and for a choice question the answers chosen with how many chose each (the key marked ✓)."""

    LOW_DISCRIMINATION = 0.2
    NUMBERS = ("max_score", "answered", "score_rate", "discrimination")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[ItemStats] = []

    def set_items(self, items: Sequence[ItemStats]) -> None:
        """Show `items` (from `item_analysis`)."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """One row per question."""
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """The item analysis' columns."""
        return 0 if parent.isValid() else len(ITEM_COLUMNS)

    def headers(self) -> list[str]:
        """The column headers in the current language."""
        return [label(key, i18n.language()) for key in ITEM_COLUMNS]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        """The column headers (and the discrimination and answers tooltips)."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole and ITEM_COLUMNS[section] == "discrimination":
            return QCoreApplication.translate(
                "ItemAnalysisModel",
                "Score rate of the top 27% of students minus that of the bottom 27%; "
                "below 0.2 (⚠) the question separates them poorly.",
            )
        if role == Qt.ItemDataRole.ToolTipRole and ITEM_COLUMNS[section] == "options":
            return QCoreApplication.translate(
                "ItemAnalysisModel",
                "Choice questions: each answer given and how many students gave it, most chosen first; ✓ marks the key.",
            )
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """A cell: its text, sort key, alignment, background and tooltip."""
        if not index.isValid():
            return None
        item, key = self._items[index.row()], ITEM_COLUMNS[index.column()]
        value = item_cells(item, i18n.language())[key]
        if role == SORT_ROLE:
            if key == "question_id":
                return index.row()  # file order, so 第10题 sorts after 第9题
            return _sort_value(value) if isinstance(value, float) else value
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "max_score":
                return f"{item.max_score:g}"
            if key == "score_rate":
                return "—" if math.isnan(item.score_rate) else f"{item.score_rate:.0%}"
            if key == "discrimination":
                if math.isnan(item.discrimination):
                    return "—"
                flag = " ⚠" if item.discrimination < self.LOW_DISCRIMINATION else ""
                return f"{item.discrimination:.2f}{flag}"
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in self.NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and key == "score_rate" and item.score_rate < 0.4:  # False for NaN
            return QBrush(BACKGROUNDS[Status.WEAK])
        if role == Qt.ItemDataRole.ToolTipRole and key in ("knowledge_point", "flag", "options"):
            return value or None
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and key == "discrimination"
            and item.discrimination < self.LOW_DISCRIMINATION
        ):
            return QCoreApplication.translate(
                "ItemAnalysisModel", "Low discrimination: check the question and its key."
            )
        return None


class StudentFilter(QSortFilterProxyModel):
    """The heat map's sorting proxy that also keeps only the students whose 学号 or name contains the text typed."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.needle = ""

    def set_text(self, text: str) -> None:
        """Keep the rows whose 学号 (column 0) or name (column 1) contains `text` (any case); "" keeps all."""
        self.beginFilterChange()
        self.needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        """True when the needle is empty or found in the student's 学号 or name."""
        if not self.needle:
            return True
        model = self.sourceModel()
        for column in (0, 1):
            value = model.data(model.index(source_row, column, source_parent))
            if value and self.needle in str(value).casefold():
                return True
        return False


def people_text(ids: Sequence[str], names: dict[str, str | None], limit: int = 0) -> str:
    """Students named as the teacher knows them ("宋欣怡", or the 学号 when there is no name), joined with 、;
    with `limit`, the first `limit` of them and how many more."""
    shown = [names.get(s) or s for s in ids]
    if limit and len(shown) > limit:
        more = QCoreApplication.translate("ReviewModel", "and {n} more").format(n=len(shown) - limit)
        return i18n.listed(shown[:limit]) + " " + more
    return i18n.listed(shown)


class ReviewModel(TranslatedTableModel):
    """The 讲评 list: one row per question to go over, highest priority first."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[ReviewItem] = []
        self.names: dict[str, str | None] = {}

    def set_items(self, items: Sequence[ReviewItem], names: dict[str, str | None]) -> None:
        """Show `items` (from `review_list`); `names` maps 学号 to name for the students listed."""
        self.beginResetModel()
        self.items, self.names = list(items), dict(names)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """One row per question on the list."""
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Nine columns."""
        return 0 if parent.isValid() else 9

    def headers(self) -> list[str]:
        """The column headers in the current language."""
        return [
            QCoreApplication.translate("ReviewModel", "#"),
            QCoreApplication.translate("ReviewModel", "Question"),
            QCoreApplication.translate("ReviewModel", "Exam"),
            QCoreApplication.translate("ReviewModel", "Knowledge points"),
            QCoreApplication.translate("ReviewModel", "Score rate"),
            QCoreApplication.translate("ReviewModel", "Discrimination"),
            QCoreApplication.translate("ReviewModel", "Weak share"),
            QCoreApplication.translate("ReviewModel", "Key"),
            QCoreApplication.translate("ReviewModel", "Wrong answers / lost marks"),
        ]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        """The column headers and what they mean."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = {
                0: QCoreApplication.translate(
                    "ReviewModel", "Order to go over the questions: most marks lost where it matters most first"
                ),
                5: QCoreApplication.translate("ReviewModel", "Score rate of the top 27% minus that of the bottom 27%"),
                6: QCoreApplication.translate(
                    "ReviewModel", "Share of students weak on at least one of the question's knowledge points"
                ),
                7: QCoreApplication.translate("ReviewModel", "The right answer of a choice question"),
                8: QCoreApplication.translate(
                    "ReviewModel",
                    "Choice questions: each wrong answer and how many chose it; other questions: how many lost marks",
                ),
            }
            return tips.get(section)
        return None

    def wrong_text(self, item: ReviewItem) -> str:
        """The wrong answers with their counts ("C 9人 · A 7人"), or how many lost marks on a non-choice question."""
        zh = i18n.language() == "zh"
        if item.answer_key:
            if not item.wrong_options:
                return QCoreApplication.translate("ReviewModel", "no wrong answer recorded")
            return " · ".join(f"{w.answer} {len(w.students)}{'人' if zh else ''}" for w in item.wrong_options)
        return QCoreApplication.translate("ReviewModel", "lost marks: {n}").format(n=len(item.lost_marks))

    def who_text(self, item: ReviewItem, limit: int = 0) -> str:
        """Who gave each wrong answer ("C: 宋欣怡、…"), or who lost marks, one line per answer."""
        if item.answer_key:
            return "\n".join(f"{w.answer}: {people_text(w.students, self.names, limit)}" for w in item.wrong_options)
        return people_text(item.lost_marks, self.names, limit)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """A cell: its text, sort key, alignment and tooltip (the names behind the counts)."""
        if not index.isValid():
            return None
        item, col, row = self.items[index.row()], index.column(), index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = [
                str(row + 1),
                short_item(item.item_id, item.assessment),
                item.assessment,
                i18n.listed(item.knowledge_points),
                "—" if math.isnan(item.score_rate) else f"{item.score_rate:.0%}",
                "—" if math.isnan(item.discrimination) else f"{item.discrimination:.2f}",
                f"{item.weak_share:.0%}",
                item.answer_key or "",
                self.wrong_text(item),
            ]
            return texts[col]
        if role == SORT_ROLE:
            values: list[object] = [
                row,
                row,
                item.assessment,
                i18n.listed(item.knowledge_points),
                _sort_value(item.score_rate),
                _sort_value(item.discrimination),
                item.weak_share,
                item.answer_key or "",
                len(item.lost_marks) + sum(len(w.students) for w in item.wrong_options),
            ]
            return values[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 4, 5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == 4 and item.score_rate < 0.4:
            return QBrush(BACKGROUNDS[Status.WEAK])
        if role == Qt.ItemDataRole.ToolTipRole and col == 8:
            return self.who_text(item, limit=20) or None
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return i18n.listed(item.knowledge_points) or None
        return None
