"""Student view: mastery with intervals, the learning path, mastery across assessments; prev/next.

The student picker is searched by 学号 or name (type part of either); below the mastery chart, the points
where the student is weak relative to the class (the whole interval below the class's mean), then the
student's overall level and the points clearly below it: marked only where the class's knowledge-point
profile is reliable enough beyond each student's overall level, else one note says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.charts import window as charts
from app.charts.layout import LABEL
from app.core.vocabulary import Finding, Status, status_counts
from app.insight.grade import weak_relative_to_class
from app.insight.progress import student_progress
from app.services.class_data import ClassData
from app.ui.base import i18n
from app.ui.views.class_view import chart_labels, reliability
from app.ui.widgets.chart import ChartWidget


@dataclass(frozen=True)
class MasteryRows:
    """The rows of a student's mastery chart, top to bottom: the first `groups` are groups of points."""

    names: list[str]
    mastery: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    status: list[str]
    muted: list[bool]  # not a weak point for the student specifically
    groups: int


class StudentView(i18n.Relabelled, QWidget):
    """One student at a time; `current_changed(student_id)` when the shown student changes."""

    current_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ClassData | None = None
        self.index = -1
        self._redraw_pending = False

        self.prev_button = QPushButton(self)
        self.prev_button.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left))
        self.prev_button.clicked.connect(self.previous)
        self.next_button = QPushButton(self)
        self.next_button.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right))
        self.next_button.clicked.connect(self.next)
        self.picker = QComboBox(self)
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.setMinimumContentsLength(16)
        completer = QCompleter(self.picker.model(), self.picker)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.picker.setCompleter(completer)
        self.picker.currentIndexChanged.connect(self._on_pick)
        line = self.picker.lineEdit()
        assert line is not None  # an editable combo box has one
        line.returnPressed.connect(self._find_typed)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.relative = QLabel(self)
        self.relative.setWordWrap(True)
        self.relative.setTextFormat(Qt.TextFormat.PlainText)
        self.kinds = QLabel(self)
        self.kinds.setWordWrap(True)
        self.kinds.setTextFormat(Qt.TextFormat.PlainText)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.picker)
        nav.addWidget(self.next_button)
        nav.addWidget(self.summary, 1)

        self.mastery_box = QGroupBox(self)
        # where the class's points cannot be told apart but groups of them can, the chart's first rows are the
        # groups and the findings below say the groups' (one chart, no line of their own: on small screens a second
        # chart or line took the points' room)
        self.mastery_chart = ChartWidget(self, min_height=110)
        mb = QVBoxLayout(self.mastery_box)
        mb.addWidget(self.mastery_chart, 1)
        mb.addWidget(self.relative)
        mb.addWidget(self.kinds)

        # the learning path and the trajectory share the right half as two tabs, each with the whole height
        self.path_box = QWidget(self)
        self.path_chart = ChartWidget(self, min_height=80)
        self.path_text = QTextBrowser(self)
        self.path_text.setOpenLinks(False)
        self.path_text.setMinimumHeight(50)
        pb = QVBoxLayout(self.path_box)
        pb.addWidget(self.path_chart, 3)
        pb.addWidget(self.path_text, 2)

        self.trajectory_box = QWidget(self)
        self.trajectory_chart = ChartWidget(self, min_height=80)
        self.all_points = QCheckBox(self)  # off: the student's flagged and moved points only (17 lines are unreadable)
        self.all_points.toggled.connect(lambda _: self._render())
        self.progress = QLabel(self)  # since the start of term: the points that moved beyond their uncertainty
        self.progress.setWordWrap(True)
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        # its width follows the splitter: a long line's hint would push the mastery chart aside when a student is shown
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        tb = QVBoxLayout(self.trajectory_box)
        tb.addWidget(self.trajectory_chart, 1)
        tb.addWidget(self.progress)
        tb.addWidget(self.all_points)

        self.side_tabs = QTabWidget(self)
        self.side_tabs.addTab(self.path_box, "")
        self.side_tabs.addTab(self.trajectory_box, "")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.mastery_box)
        split.addWidget(self.side_tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)

        for box_layout in (mb, pb, tb):
            box_layout.setContentsMargins(4, 4, 4, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(split, 1)
        self.retranslate()

    # ----------------------------------------------------------------- data and navigation

    def set_data(self, data: ClassData | None) -> None:
        """Show `data`'s students; keeps the current student when it is still there."""
        current = self.current_student_id()
        self.data = data
        self.picker.blockSignals(True)
        self.picker.clear()
        d = data.diagnosis if data else None
        if data and d:
            for sid, name in zip(d.student_ids, data.student_names(), strict=True):
                self.picker.addItem(f"{sid}  {name or ''}".strip(), sid)
        self.picker.blockSignals(False)
        ids = list(d.student_ids) if d else []
        self.index = ids.index(current) if current in ids else (0 if ids else -1)
        if self.index >= 0:
            self.picker.setCurrentIndex(self.index)
        self._render()

    def current_student_id(self) -> str | None:
        """学号 of the student shown, if any."""
        if self.data and self.data.diagnosis and 0 <= self.index < len(self.data.diagnosis.student_ids):
            return self.data.diagnosis.student_ids[self.index]
        return None

    def show_student(self, student_id: str) -> None:
        """Jump to the student with 学号 `student_id`."""
        if self.data and self.data.diagnosis and student_id in self.data.diagnosis.student_ids:
            self.picker.setCurrentIndex(self.data.diagnosis.student_ids.index(student_id))

    def next(self) -> None:
        """Show the next student (wraps around)."""
        if self.picker.count():
            self.picker.setCurrentIndex((self.picker.currentIndex() + 1) % self.picker.count())

    def previous(self) -> None:
        """Show the previous student (wraps around)."""
        if self.picker.count():
            self.picker.setCurrentIndex((self.picker.currentIndex() - 1) % self.picker.count())

    def find_student(self, text: str) -> str | None:
        """Show the first student whose 学号 or name contains `text` (any case); their 学号, or None."""
        needle = text.strip().casefold()
        if not needle or not self.data or not self.data.diagnosis:
            return None
        names = self.data.student_names()
        for i, (sid, name) in enumerate(zip(self.data.diagnosis.student_ids, names, strict=True)):
            if needle in sid.casefold() or (name and needle in name.casefold()):
                self.picker.setCurrentIndex(i)
                self.picker.setEditText(self.picker.itemText(i))
                return sid
        return None

    def _find_typed(self) -> None:
        line = self.picker.lineEdit()
        if line is not None and self.find_student(line.text()) is None and 0 <= self.index < self.picker.count():
            self.picker.setEditText(self.picker.itemText(self.index))

    def _on_pick(self, index: int) -> None:
        if index < 0 or index == self.index:
            return
        self.index = index
        self._render()
        sid = self.current_student_id()
        if sid:
            self.current_changed.emit(sid)

    # ----------------------------------------------------------------- drawing

    def _render(self) -> None:
        self._redraw_pending = False
        labels = chart_labels()
        data = self.data
        d = data.diagnosis if data is not None else None
        has = data is not None and d is not None and self.index >= 0
        for w in (self.prev_button, self.next_button, self.picker, self.all_points):
            w.setEnabled(has)
        if data is None or d is None or not has:
            message = self.tr("Run the diagnosis to see each student's mastery.")
            for chart in (self.mastery_chart, self.path_chart, self.trajectory_chart):
                chart.show_message(message)
            self.summary.setText("")
            self.relative.setText("")
            self.progress.setText("")
            self.kinds.hide()
            self.path_text.clear()
            return
        s = self.index
        self.relative.setText(self._relative_text(weak_relative_to_class(d, s)))
        kinds = self.kinds_text(s)
        self.kinds.setText(kinds)
        self.kinds.setVisible(bool(kinds))
        details = self.group_text(d.student_ids[s])
        self.kinds.setToolTip(f"{details}\n\n{self._kinds_tip()}" if details else self._kinds_tip())
        found = data.findings
        behind = found is not None and bool(found.behind[s])
        rows = self._mastery_rows(s)
        self.mastery_chart.draw(
            lambda fig: charts.student_mastery_chart(
                fig,
                rows.names,
                rows.mastery,
                rows.lower,
                rows.upper,
                rows.status,
                labels,
                data.thresholds,
                behind_overall=Finding.BEHIND_OVERALL.text.get(i18n.language()) if behind else None,
                muted=rows.muted,
                groups=rows.groups,
            ),
            height=charts.student_mastery_height(len(rows.names)),
        )
        steps = data.learning_path(s)
        self.path_chart.draw(
            lambda fig: charts.learning_path_chart(fig, steps, labels),
            height=lambda width: charts.path_layout(len(steps), width)[1] if steps else 0,
        )
        self.path_text.setHtml(self._path_html(steps))
        self.progress.setText(self.progress_text(s))
        names, values = data.trajectory(d.student_ids[s])
        over_time, hidden = len(names) >= 2, 0
        if over_time:
            kps = list(d.knowledge_points)
            shown = self.trajectory_points(s)[None, :]
            every, values = values, np.where(shown, values, np.nan)
            lower, upper = (np.where(shown, v, np.nan) for v in data.trajectory_intervals(d.student_ids[s]))
            lines = int((~np.isnan(values)).any(axis=0).sum())
            hidden = int((~np.isnan(every)).any(axis=0).sum()) - lines
            axis = self.tr("Mastery (bar: {level:.0%} interval)").format(level=data.thresholds.interval_level)
            if lines == 0:
                self.trajectory_chart.show_message(
                    self.tr("No point is flagged or moved for this student: tick “All points” to see every point.")
                )
            else:
                self.trajectory_chart.draw(
                    lambda fig: charts.trajectory_chart(
                        fig, names, kps, values, axis, labels, lower=lower, upper=upper
                    ),
                    height=charts.trajectory_height(lines),
                )
        elif len(data.matrix.assessments) >= 2:
            self.trajectory_chart.show_message(self.tr("Run the diagnosis again to see mastery across assessments."))
        else:
            self.trajectory_chart.show_message(
                self.tr("One assessment so far: mastery over time appears after the next one is imported.")
            )
        self.all_points.setEnabled(over_time)  # with one state there is nothing more to show, nor a count left over
        self.all_points.setText(
            self.tr("All points ({count} more)").format(count=hidden) if hidden else self.tr("All points")
        )
        self.summary.setText(i18n.text(status_counts({st: int((d.status[s] == st).sum()) for st in Status})))

    def _mastery_rows(self, s: int) -> MasteryRows:
        """Student `s`'s rows of the mastery chart: the groups of the class's supported grain first where it has one
        (`ClassData.at_grain`), then every point; a row is muted unless its finding is a weak point for the student
        specifically. Sets the box's title and
        the findings' line of the groups (`kinds_text`, the details in its tooltip: `group_text`)."""
        data = self.data
        assert data is not None and data.diagnosis is not None
        d, found, sid, lang = data.diagnosis, data.findings, data.diagnosis.student_ids[s], i18n.language()
        names, status = list(d.knowledge_points), list(d.status[s])
        values = [d.mastery[s], d.lower[s], d.upper[s]]
        muted = [f != Finding.WEAK_POINT.value for f in found.finding[s]] if found is not None else [False] * len(names)
        at_grain = data.at_grain if data.at_grain is not None and sid in data.at_grain.student_ids else None
        self.mastery_box.setTitle(
            self.tr("Mastery per group of points, then per knowledge point (with interval)")
            if at_grain is not None
            else self.tr("Mastery per knowledge point (with interval)")
        )
        if at_grain is None:
            return MasteryRows(names, values[0], values[1], values[2], status, muted, 0)
        g = at_grain.student_ids.index(sid)
        grouped = at_grain.diagnosis
        values = [np.concatenate([x[g], v]) for x, v in zip((grouped.mastery, grouped.lower, grouped.upper), values)]
        return MasteryRows(
            names=at_grain.labels(lang, LABEL) + names,  # cut to a row's width, each group's count kept
            mastery=values[0],
            lower=values[1],
            upper=values[2],
            status=list(grouped.status[g]) + status,
            muted=[f != Finding.WEAK_POINT.value for f in at_grain.findings.finding[g]] + muted,
            groups=len(at_grain.groups),
        )

    def group_line(self, student_id: str) -> str:
        """The student's finding on each group of the class's supported grain, on one line; "" without one."""
        at_grain = self.data.at_grain if self.data is not None else None
        if at_grain is None or student_id not in at_grain.student_ids:
            return ""
        lang = i18n.language()
        found = i18n.listed(
            f"{g.label.get(lang)} {cell.finding.text.get(lang)}"
            for g, cell in zip(at_grain.groups, at_grain.of(student_id))
        )
        return self.tr("By group: {found}").format(found=found)

    def group_text(self, student_id: str) -> str:
        """The student at the class's supported grain: why groups, then each group's mastery with its interval,
        P(weak) and finding, one a line (a group of points tagged together with its points); "" without one."""
        at_grain = self.data.at_grain if self.data is not None else None
        if at_grain is None or student_id not in at_grain.student_ids:
            return ""
        lang = i18n.language()
        lines = [
            self.tr("By group: this class's points cannot be told apart, these groups can (reliability {r}).").format(
                r=reliability(at_grain.grain.reliability)
            )
        ]
        for g, cell in zip(at_grain.groups, at_grain.of(student_id)):
            label, points = g.label.get(lang), i18n.listed(g.points)
            lines.append(
                self.tr("{group}: {m:.2f} [{lower:.2f}–{upper:.2f}], P(weak) {p:.0%} · {finding}").format(
                    group=label if label == points else label + self.tr(" ({points})").format(points=points),
                    m=cell.mastery,
                    lower=cell.lower,
                    upper=cell.upper,
                    p=cell.p_weak,
                    finding=cell.finding.text.get(lang),
                )
            )
        return "\n".join(lines)

    def trajectory_points(self, s: int) -> np.ndarray:
        """(K,) bool: the points the trajectory shows for student `s`: all of them when "All points" is ticked,
        else those `ClassData.trajectory_points` picks (moved, flagged, then most likely weak; a few)."""
        data = self.data
        assert data is not None and data.diagnosis is not None
        if self.all_points.isChecked():
            return np.ones(len(data.diagnosis.knowledge_points), dtype=bool)
        return data.trajectory_points(data.diagnosis.student_ids[s])

    def progress_text(self, s: int) -> str:
        """Student `s` since the start of term: each point that moved beyond its uncertainty from its first judged
        state to now (`insight.progress`), and how many stayed within it; "" with fewer than two exams' states."""
        data = self.data
        assert data is not None and data.diagnosis is not None
        states = data.states()
        if len(states) < 2:
            return ""
        found = student_progress(states, data.diagnosis.student_ids[s], data.diagnosis.knowledge_points)
        went = [p for p in found if p.direction]
        lines = [self.tr("Since the start of term (after {exam}):").format(exam=states[0][0])]
        lines += [
            ("↑ " if p.direction > 0 else "↓ ")
            + self.tr("{point}: {start} [{start_lower}–{start_upper}] → {now} [{now_lower}–{now_upper}]").format(
                point=p.knowledge_point,
                start=f"{p.start.mastery:.2f}",
                start_lower=f"{p.start.lower:.2f}",
                start_upper=f"{p.start.upper:.2f}",
                now=f"{p.now.mastery:.2f}",
                now_lower=f"{p.now.lower:.2f}",
                now_upper=f"{p.now.upper:.2f}",
            )
            for p in went
        ]
        lines.append(
            self.tr("{count} other point(s) stayed within their uncertainty.").format(count=len(found) - len(went))
            if went
            else self.tr("No point moved beyond its uncertainty ({count} compared).").format(count=len(found))
        )
        lines += self._plan_lines(data.diagnosis.student_ids[s])
        return "\n".join(lines)

    def _plan_lines(self, student_id: str) -> list[str]:
        """How the points of the student's plan (exported, else the rule's latest; `ClassData.shown_followups`)
        stood after the next exam: those that moved beyond their uncertainty, how many stayed within it."""
        assert self.data is not None
        out = []
        for f in self.data.shown_followups():
            found = f.points.get(student_id)
            if not found:
                continue
            whose = (
                self.tr("The plan exported on {day} after {after}").format(
                    day=f.exported.date().isoformat(), after=f.after
                )
                if f.exported is not None
                else self.tr("The plan made after {after}").format(after=f.after)
            )
            went = [p for p in found if p.direction]
            if not went:
                out.append(
                    self.tr("{whose} held {count} point(s); by {next} none moved beyond its uncertainty.").format(
                        whose=whose, count=len(found), next=f.next
                    )
                )
                continue
            moved = i18n.listed(
                [
                    f"{'↑' if p.direction > 0 else '↓'} {p.knowledge_point} {p.start.mastery:.2f}→{p.now.mastery:.2f}"
                    for p in went
                ]
            )
            out.append(
                self.tr("{whose} held {count} point(s); by {next}: {moved}; {rest} within their uncertainty.").format(
                    whose=whose, count=len(found), next=f.next, moved=moved, rest=len(found) - len(went)
                )
            )
        return out

    def _relative_text(self, points: tuple[str, ...]) -> str:
        if points:
            return self.tr("Weak relative to the class (whole interval below the class mean): {points}").format(
                points=i18n.listed(points)
            )
        return self.tr("Not below the class mean on any knowledge point.")

    def kinds_text(self, s: int) -> str:
        """Student `s`'s findings: behind overall as one line (not a flag on every point; the groups' findings after
        it where a group is a weak point for them), else their overall level, the points weak for them specifically
        (or why none are marked; at the class's supported grain, each group's finding instead) and those not sure
        yet; "" for a run that does not keep the student's overall level."""
        found = self.data.findings if self.data is not None else None
        if found is None or found.overall is None or self.data is None or self.data.diagnosis is None:
            return ""
        lang = i18n.language()
        kps = self.data.diagnosis.knowledge_points
        sid, at_grain = self.data.diagnosis.student_ids[s], self.data.at_grain
        by_group = self.group_line(sid)
        if found.behind[s]:
            behind = self.tr(
                "{finding}: about {p:.0%} of an average question's points, at least {c:.0%} sure it is below the "
                "weak threshold. Work on every point with this student rather than one in particular."
            ).format(finding=_sentence(Finding.BEHIND_OVERALL.text.get(lang)), p=found.overall[s], c=found.confidence)
            group_weak = (
                by_group and at_grain is not None and Finding.WEAK_POINT in {c.finding for c in at_grain.of(sid)}
            )
            return f"{behind}\n{by_group}" if group_weak else behind
        lines = [
            self.tr("Overall level: about {p:.0%} of an average question's points; not behind overall.").format(
                p=found.overall[s]
            )
        ]
        weak = [kps[k] for k in found.points(s, Finding.WEAK_POINT)]
        if by_group:  # the points cannot be told apart, the groups can: what the evidence supports is theirs
            lines.append(by_group)
        elif not found.point_specific:
            lines.append(
                self.tr(
                    "No point is flagged for this student specifically: this class's scores do not tell points "
                    "apart reliably (reliability {r})."
                ).format(r=reliability(found.reliability))
            )
        elif weak:
            lines.append("▼ " + self._found(_sentence(Finding.WEAK_POINT.text.get(lang)), i18n.listed(weak)))
        else:
            lines.append(self.tr("No point is clearly below this student's own level."))
        unsure = [kps[k] for k in found.points(s, Finding.NOT_SURE)]
        if unsure:  # on the overall line, named up to three, so the view keeps its height
            named = i18n.listed(unsure) if len(unsure) <= 3 else self.tr("{n} points").format(n=len(unsure))
            lines[0] += " ? " + self._found(Finding.NOT_SURE.text.get(lang), named)
        return "\n".join(lines)

    def _found(self, finding: str, points: str) -> str:
        """A finding and its points, with the colon of the language shown (Chinese takes "：")."""
        return self.tr("{finding}: {points}").format(finding=finding, points=points)

    def _kinds_tip(self) -> str:
        return self.tr(
            "Behind overall: the student is behind on most points alike (one finding, not a flag on every point). "
            "Weak point: a point clearly below the rest of this student's points, marked only where the class's "
            "scores can tell. Not sure yet: may be weak, but the evidence does not reach the confidence set in "
            "Settings"
        )

    def _path_html(self, steps: list) -> str:
        if not steps:
            return "<p>" + self.tr("No weak knowledge points: nothing to catch up on.") + "</p>"
        lang = i18n.language()
        rows = []
        for step in steps:
            reason = getattr(step, "reason", None)
            why = reason.get(lang) if reason is not None and hasattr(reason, "get") else ""
            rows.append(f"<li><b>{_esc(step.knowledge_point)}</b> — {_esc(why) or f'{step.mastery:.2f}'}</li>")
        return "<ol style='margin-left: -20px'>" + "".join(rows) + "</ol>"

    # ----------------------------------------------------------------- language

    def retranslate(self) -> None:
        """Re-label everything in the current language."""
        self.prev_button.setText(self.tr("◀ Previous"))
        self.prev_button.setToolTip(self.tr("Previous student (Alt+Left)"))
        self.next_button.setText(self.tr("Next ▶"))
        self.next_button.setToolTip(self.tr("Next student (Alt+Right)"))
        self.picker.setToolTip(self.tr("Choose a student, or type part of a 学号 or name and press Enter"))
        line = self.picker.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("学号 or name"))
        self.summary.setToolTip(
            self.tr(
                "This student's points counted by mastery: “to work on” is below the weak threshold. Whether a point "
                "is weak for this student specifically, or they are behind overall, or it is not sure yet, the "
                "findings below say."
            )
        )
        self.relative.setToolTip(
            self.tr(
                "Points where this student's whole interval lies below the class's mean mastery: behind the class, "
                "whatever the threshold says"
            )
        )
        self.kinds.setToolTip(self._kinds_tip())
        self.path_text.setToolTip(self.tr("Why each point is on the path, in the order to work on them"))
        self.all_points.setText(self.tr("All points"))
        self.all_points.setToolTip(
            self.tr(
                "Show every knowledge point across the assessments; unticked, only this student's flagged points and "
                "those that moved beyond their uncertainty"
            )
        )
        self.mastery_box.setTitle(self.tr("Mastery per knowledge point (with interval)"))
        self.side_tabs.setTabText(0, self.tr("Learning path"))
        self.side_tabs.setTabText(1, self.tr("Mastery across assessments"))
        self.side_tabs.setTabToolTip(
            0, self.tr("Learning path: weak points, prerequisites first, in the order to work on them, and why")
        )
        self.side_tabs.setTabToolTip(1, self.tr("How this student's mastery moved from one assessment to the next"))
        if not self._redraw_pending:
            self._redraw_pending = True
            QTimer.singleShot(0, self._render)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sentence(text: str) -> str:
    """`text` starting a sentence (English words of the vocabulary are lower case)."""
    return text[:1].upper() + text[1:]
