"""The 分层 tab: the students in 2–4 groups by their pattern of weak points, each with the points it shares.

The groups come from `app.insight.groups.group_students` (A needs the most support); the teacher moves a
student by dragging them onto another group or with the context menu ("Move to group B"), and the
groups' shared weak points are recomputed (`regrouped`). Export prints exactly the groups shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.insight.groups import LETTERS, Group, group_students, regrouped
from app.services.class_data import ClassData
from app.ui.base import i18n

ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Shown:
    """What the groups were computed for: a new class, diagnosis or thresholds groups the students again."""

    class_name: str
    run_id: int | None
    statuses: bytes
    n_groups: int


class MemberList(QListWidget):
    """A group's members. Students dropped here from another group, or sent with the context menu, move here:
    `move_requested(student_ids, letter)`; the view then rebuilds every group."""

    move_requested = Signal(object, str)

    def __init__(self, letter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter = letter
        self.letters: Sequence[str] = ()  # every group's letter, for the context menu
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def selected_ids(self) -> list[str]:
        """The 学号 of the students selected."""
        return [item.data(ID_ROLE) for item in self.selectedItems()]

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Students dragged from another group move here (after the drag is over, so the lists can be rebuilt)."""
        if not self.take_from(event.source()):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # the source keeps its items; the rebuild moves them
        event.accept()

    def take_from(self, source: object) -> bool:
        """Take the students selected in `source`, another group's list (a drop): True when there were some.
        They move once the drag is over (`move_requested`), so the lists can be rebuilt."""
        if not isinstance(source, MemberList) or source is self:
            return False
        ids = source.selected_ids()
        if ids:
            QTimer.singleShot(0, lambda: self.move_requested.emit(ids, self.letter))
        return bool(ids)

    def move_menu(self) -> QMenu | None:
        """The context menu for the students selected: "Move to group B", … (None when none is selected)."""
        ids = self.selected_ids()
        if not ids:
            return None
        menu = QMenu(self)
        for letter in self.letters:
            if letter != self.letter:
                action = menu.addAction(self.tr("Move to group {letter}").format(letter=letter))
                action.triggered.connect(lambda _checked=False, to=letter: self.move_requested.emit(ids, to))
        return menu

    def _menu(self, position: QPoint) -> None:
        menu = self.move_menu()
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(position))
            menu.deleteLater()


class GroupPanel(QGroupBox):
    """One group: its members, the weak points most of them share, their mean mastery."""

    def __init__(self, letter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter = letter
        self.group: Group | None = None
        self.points = QLabel(self)
        self.points.setWordWrap(True)
        self.points.setTextFormat(Qt.TextFormat.PlainText)
        self.members = MemberList(letter, self)
        self.members.setMinimumHeight(60)
        layout = QVBoxLayout(self)
        layout.addWidget(self.points)
        layout.addWidget(self.members, 1)
        self.setMinimumWidth(170)

    def show_group(self, group: Group, names: dict[str, str | None]) -> None:
        """Show `group` (`names`: 学号 → name)."""
        self.group = group
        self.members.clear()
        for sid in group.students:
            item = QListWidgetItem(f"{names.get(sid) or sid}  {sid}" if names.get(sid) else sid)
            item.setData(ID_ROLE, sid)
            self.members.addItem(item)
        self.retranslate()

    def retranslate(self) -> None:
        """Re-label the panel in the current language."""
        group = self.group
        n = len(group.students) if group else 0
        self.setTitle(self.tr("Group {letter} ({n})").format(letter=self.letter, n=n))
        if group is None or not group.students:
            self.points.setText(self.tr("No students: drag students here to fill this group."))
        elif group.weak_points:
            self.points.setText(
                self.tr("Shared weak points: {points}. Mean mastery {mean:.2f}.").format(
                    points=i18n.listed(group.weak_points), mean=group.mean_mastery
                )
            )
        else:
            self.points.setText(
                self.tr("No point most of them are weak on. Mean mastery {mean:.2f}.").format(mean=group.mean_mastery)
            )
        self.members.setToolTip(
            self.tr("Drag students onto another group, or right-click them to move them to another group")
        )


class GroupsView(i18n.Relabelled, QWidget):
    """The class's 分层 groups; `export_requested("groups")` when the teacher clicks Export."""

    export_requested = Signal(str)
    groups_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ClassData | None = None
        self.groups: list[Group] = []
        self.shown: Shown | None = None
        self.panels: list[GroupPanel] = []
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.count_label = QLabel(self)
        self.count = QSpinBox(self)
        self.count.setRange(2, 4)
        self.count.setValue(3)
        self.count.valueChanged.connect(lambda _v: self.regroup())
        self.count_label.setBuddy(self.count)
        self.regroup_button = QPushButton(self)
        self.regroup_button.clicked.connect(self.regroup)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(lambda: self.export_requested.emit("groups"))
        self.holder = QWidget(self)
        self.row = QHBoxLayout(self.holder)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setWidget(self.holder)
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.count)
        top.addWidget(self.regroup_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.area, 1)
        self.retranslate()

    # ----------------------------------------------------------------- data

    def set_data(self, data: ClassData | None) -> None:
        """Show `data`'s groups; the teacher's moves are kept while the class, its diagnosis and thresholds stay."""
        self.data = data
        if self._key() != self.shown:
            self.regroup()
        else:
            self._show()

    def _key(self) -> Shown | None:
        data = self.data
        if data is None or data.diagnosis is None:
            return None
        statuses = "|".join(map(str, data.diagnosis.status.ravel())).encode()
        return Shown(data.class_name, data.run_id, statuses, self.count.value())

    def regroup(self) -> None:
        """Group the students again by weak-point pattern into the number of groups chosen (forgets moves)."""
        data = self.data
        d = data.diagnosis if data is not None else None
        self.groups = group_students(d, self.count.value()) if d is not None else []
        self.shown = self._key()
        self._show()
        self.groups_changed.emit()

    def members(self) -> tuple[tuple[str, ...], ...]:
        """The groups shown, as the export takes them: the students' 学号, group A first."""
        return tuple(g.students for g in self._all_groups())

    def move_students(self, student_ids: Sequence[str], letter: str) -> None:
        """Move students to group `letter` and recompute every group's shared weak points."""
        data = self.data
        if data is None or data.diagnosis is None:
            return
        moving = set(student_ids)
        groups = self._all_groups()
        order = list(data.diagnosis.student_ids)
        new = []
        for g in groups:
            kept = [s for s in g.students if s not in moving]
            if g.letter == letter:
                kept = sorted({*kept, *moving}, key=order.index)
            new.append(regrouped(data.diagnosis, g.letter, kept))
        self.groups = new
        self._show()
        self.groups_changed.emit()

    def _all_groups(self) -> list[Group]:
        """One group per letter shown (empty where the grouping found fewer groups)."""
        by_letter = {g.letter: g for g in self.groups}
        if not self.groups:
            return []
        return [
            by_letter.get(letter) or Group(letter, (), (), float("nan"))
            for letter in LETTERS[: max(self.count.value(), len(self.groups))]
        ]

    # ----------------------------------------------------------------- drawing

    def _show(self) -> None:
        groups = self._all_groups()
        while len(self.panels) > len(groups):
            panel = self.panels.pop()
            self.row.removeWidget(panel)
            panel.deleteLater()
        while len(self.panels) < len(groups):
            panel = GroupPanel(LETTERS[len(self.panels)], self.holder)
            panel.members.move_requested.connect(self.move_students)
            self.row.addWidget(panel, 1)
            self.panels.append(panel)
        names = dict(zip(self.data.matrix.student_ids, self.data.matrix.student_names)) if self.data else {}
        letters = [g.letter for g in groups]
        for panel, group in zip(self.panels, groups, strict=True):
            panel.members.letters = letters
            panel.show_group(group, names)
        diagnosed = bool(groups)
        self.export_button.setEnabled(diagnosed)
        self.regroup_button.setEnabled(diagnosed)
        self.count.setEnabled(diagnosed)
        self._show_intro()

    def _show_intro(self) -> None:
        if not self.groups:
            self.intro.setText(self.tr("Run the diagnosis to group the students by their weak points."))
        else:
            self.intro.setText(
                self.tr(
                    "Students grouped by their pattern of weak points, A needing the most support. Drag a student "
                    "onto another group (or right-click) to move them; Export prints one practice sheet per group "
                    "as shown here."
                )
            )

    def retranslate(self) -> None:
        """Re-label everything in the current language."""
        self.count_label.setText(self.tr("Groups:"))
        self.count.setToolTip(self.tr("How many groups (2–4); changing it groups the students again"))
        self.regroup_button.setText(self.tr("Group again"))
        self.regroup_button.setToolTip(self.tr("Group the students again by weak points, forgetting the moves made"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Print these groups, one practice sheet each (PDF or Excel)"))
        for panel in self.panels:
            panel.retranslate()
        self._show_intro()
