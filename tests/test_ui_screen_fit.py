"""Every window and dialog fits a school PC's screen, with nothing clipped or overlapping.

Screens of 1280×720, 1366×768 and 1920×1080 at 100, 125 and 150 % scaling are emulated by their
logical size (physical ÷ scale, less a 40-pixel taskbar): Qt lays widgets out in logical pixels with
fonts of the same logical size at any scaling, so a 1366×768 screen at 125 % is a 1092×574 one.
`app.ui.base.screen.available_geometry` answers that size, the windows are sized and shown in it, then:

- the window and its least size (`minimumSizeHint`) fit the screen (less its frame);
- every visible widget lies inside its parent (a scroll area's content may scroll), visible siblings
  do not overlap, a wrapped label is tall enough for its text and a button or an unwrapped label wide
  enough for its own;
- in every chart, no two texts (tick labels, axis titles, legends, numbers) overlap, none leaves the
  figure, and the learning path's boxes neither collide nor lose their text.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QMenu,
    QScrollBar,
    QSizeGrip,
    QSplitterHandle,
    QTabBar,
    QWidget,
)
from ui_fixtures import grade_window

from app.services.sample import sample_files

TASKBAR = 40
SCREENS = ((1280, 720), (1366, 768), (1920, 1080))
SCALES = (1.0, 1.25, 1.5)
TYPICAL = (1366, 768, 1.25)  # the school PC of the issue: always tested; the others are slow
CASES = [
    pytest.param(w, h, s, id=f"{w}x{h}@{round(s * 100)}%", marks=() if (w, h, s) == TYPICAL else pytest.mark.slow)
    for w, h in SCREENS
    for s in SCALES
]


def logical_area(width: int, height: int, scale: float) -> QRect:
    """The usable logical area of a `width`×`height` screen at `scale`, below a taskbar."""
    return QRect(0, 0, int(width / scale), int(height / scale) - TASKBAR)


# ---------------------------------------------------------------- what "fits" means


def _scrolled(widget: QWidget) -> bool:
    """True for a widget whose parent is a scroll area's viewport: it may be larger than what shows."""
    parent = widget.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    return isinstance(area, QAbstractScrollArea) and area.viewport() is parent


def _internal(widget: QWidget) -> bool:
    """Parts Qt composes inside its own widgets (a combo box's line edit, a tab bar's arrows, scroll bars)."""
    w = widget.parentWidget()
    while w is not None:
        if isinstance(w, (QComboBox, QAbstractSpinBox, QTabBar, QScrollBar, QMenu)):
            return True
        w = w.parentWidget()
    return isinstance(widget, (QScrollBar, QSizeGrip, QSplitterHandle)) or (
        type(widget).__name__
        in (
            "QWidget",
            "QFocusFrame",
            "QRubberBand",
        )
        and isinstance(widget.parentWidget(), QAbstractScrollArea)
    )


def _name(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "title", "windowTitle"):
        if hasattr(widget, getter):
            text = str(getattr(widget, getter)() or "")[:30]
            if text:
                break
    return f"{type(widget).__name__}({widget.objectName() or text!r})"


def fit_problems(window: QWidget, area: QRect) -> list[str]:
    """What does not fit in `window`, shown on a screen whose usable part is `area`."""
    from app.ui.base.screen import FRAME

    problems = []
    room_w, room_h = area.width() - FRAME.width(), area.height() - FRAME.height()
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if least.width() > room_w or least.height() > room_h:
        problems.append(f"{_name(window)} needs at least {least.width()}×{least.height()}, room {room_w}×{room_h}")
    if window.width() > room_w or window.height() > room_h:
        problems.append(f"{_name(window)} is {window.width()}×{window.height()}, room {room_w}×{room_h}")
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.isWindow() or _internal(w):
            continue
        parent = w.parentWidget()
        if parent is None or not parent.isVisible():
            continue
        if not _scrolled(w) and not parent.rect().contains(w.geometry()):
            problems.append(f"{_name(w)} at {w.geometry().getRect()} leaves {_name(parent)} {parent.size().toTuple()}")
        if isinstance(w, QLabel) and w.text() and not _scrolled(w):
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + 2:
                    problems.append(f"{_name(w)} needs {need} px of height, has {w.height()}")
            elif w.width() + 2 < w.minimumSizeHint().width():
                problems.append(f"{_name(w)} needs {w.minimumSizeHint().width()} px of width, has {w.width()}")
        if isinstance(w, QAbstractButton) and w.text() and w.width() + 2 < w.minimumSizeHint().width():
            problems.append(f"{_name(w)} needs {w.minimumSizeHint().width()} px of width, has {w.width()}")
    for parent in [window, *window.findChildren(QWidget)]:
        if not parent.isVisible() or _internal(parent) or isinstance(parent, QAbstractScrollArea):
            continue
        kids = [
            c
            for c in parent.children()
            if isinstance(c, QWidget) and c.isVisible() and not c.isWindow() and not _internal(c)
        ]
        for i, a in enumerate(kids):
            for b in kids[i + 1 :]:
                overlap = a.geometry().intersected(b.geometry())
                if overlap.width() > 1 and overlap.height() > 1:
                    problems.append(f"{_name(a)} overlaps {_name(b)} in {_name(parent)}")
    return problems


def chart_problems(chart) -> list[str]:
    """Texts of a ChartWidget's figure that overlap each other or leave the figure; colliding path boxes."""
    from matplotlib.legend import Legend
    from matplotlib.patches import FancyBboxPatch
    from matplotlib.text import Text

    chart.settle()
    fig = chart.figure
    renderer = fig.canvas.get_renderer()
    page = fig.bbox.padded(1)
    problems = []
    boxes = []
    hidden = set()  # labels of ticks outside their axis' view, which matplotlib does not draw
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    hidden |= {id(tick.label1), id(tick.label2)}
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip() or id(text) in hidden:
            continue
        if isinstance(text.axes, object) and text.get_clip_on() and text.axes is not None:
            extent = text.get_window_extent(renderer)
            if not text.axes.bbox.overlaps(extent):
                continue  # clipped away by its axes
        extent = text.get_window_extent(renderer)
        if extent.width <= 0:
            continue
        boxes.append((text.get_text(), extent))
        if not (page.contains(extent.x0, extent.y0) and page.contains(extent.x1, extent.y1)):
            problems.append(f"{text.get_text()!r} leaves the figure")
    for i, (a, ea) in enumerate(boxes):
        for b, eb in boxes[i + 1 :]:
            w = min(ea.x1, eb.x1) - max(ea.x0, eb.x0)
            h = min(ea.y1, eb.y1) - max(ea.y0, eb.y0)
            if w > 1 and h > 1:
                problems.append(f"{a!r} overlaps {b!r}")
    for legend in fig.findobj(Legend):
        extent = legend.get_window_extent(renderer)
        if not (page.contains(extent.x0, extent.y0) and page.contains(extent.x1, extent.y1)):
            problems.append("a legend leaves the figure")
        for ax in fig.axes:
            for label in (ax.xaxis.label, ax.yaxis.label):
                if label.get_text() and label.get_window_extent(renderer).overlaps(extent):
                    problems.append(f"a legend overlaps the axis title {label.get_text()!r}")
    for ax in fig.axes:
        patches = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, FancyBboxPatch)]
        for i, a in enumerate(patches):
            for b in patches[i + 1 :]:
                if min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1:
                    problems.append("two learning-path boxes collide")
        if patches:
            for text in ax.texts:
                e = text.get_window_extent(renderer)
                if not any(p.x0 <= e.x0 and e.x1 <= p.x1 and p.y0 <= e.y0 and e.y1 <= p.y1 for p in patches):
                    problems.append(f"{text.get_text()!r} is not inside its learning-path box")
    return problems


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def screen(monkeypatch):
    """Emulate a screen: `screen(w, h, scale)` makes `available_geometry` answer its logical area."""
    import app.ui.base.screen as screen_module

    def use(width: int, height: int, scale: float) -> QRect:
        area = logical_area(width, height, scale)
        monkeypatch.setattr(screen_module, "available_geometry", lambda widget=None: QRect(area))
        return area

    return use


def _settle(qapp, *widgets) -> None:
    for _ in range(5):
        qapp.processEvents()
    for w in widgets:
        for chart in w.findChildren(QWidget):
            if type(chart).__name__ == "ChartWidget" and chart.isVisible():
                chart.settle()
    qapp.processEvents()


def _fits(qapp, window: QWidget, area: QRect, where: str) -> list[str]:
    _settle(qapp, window)
    found = [f"{where}: {p}" for p in fit_problems(window, area)]
    for chart in window.findChildren(QWidget):
        if type(chart).__name__ == "ChartWidget" and chart.isVisible():
            found += [
                f"{where}, chart {chart.parentWidget().objectName() or _name(chart.parentWidget())}: {p}"
                for p in chart_problems(chart)
            ]
    return found


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("width", "height", "scale"), CASES)
def test_the_main_window_and_its_views_fit(
    make_window, grade_store, tmp_path, qtbot, qapp, screen, ui_language, width, height, scale, lang
) -> None:
    area = screen(width, height, scale)
    ui_language(lang)
    window = grade_window(make_window, grade_store, tmp_path, qtbot)
    found = []
    ws = window.workspace
    class_view = ws.class_view
    student_view = ws.student_view
    for tab in range(class_view.tabs.count()):
        ws.tabs.setCurrentWidget(class_view)
        class_view.tabs.setCurrentIndex(tab)
        found += _fits(qapp, window, area, f"class view, tab {tab}")
    ws.tabs.setCurrentWidget(student_view)
    student_view.show_student(window.state.data.diagnosis.student_ids[1])  # nine weak points: a long learning path
    found += _fits(qapp, window, area, "student view")
    for view in (ws.review_view, ws.groups_view):
        ws.tabs.setCurrentWidget(view)
        found += _fits(qapp, window, area, type(view).__name__)
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("width", "height", "scale"), CASES)
def test_the_dialogs_fit(make_window, grade_store, tmp_path, qtbot, qapp, screen, width, height, scale) -> None:
    from app.engine.evaluate import Rival
    from app.engine.profile import ProfileReliability
    from app.services.priors import PriorState
    from app.ui.dialogs.check import CheckModelDialog

    area = screen(width, height, scale)
    window = grade_window(make_window, grade_store, tmp_path, qtbot)
    found = []
    for what in ("plans", "handbook", "report", "mastery", "review", "groups"):
        window.exporting.export(what)
        dialog = window.exporting.export_dialog
        qtbot.addWidget(dialog)
        found += _fits(qapp, dialog, area, f"export {what}")
        dialog.reject()

    check = CheckModelDialog(window.state.db, window.state.data.class_name, window.runner, parent=window)
    qtbot.addWidget(check)
    check.show()
    found += _fits(qapp, check, area, "check the model, running")
    qtbot.waitUntil(lambda: not check.busy, timeout=120_000)  # its real check ends here, not after the test
    result = SimpleNamespace(
        engine={"auc": 0.81, "rmse": 0.31, "log_loss": 0.52, "ece": 0.04},
        baseline={"auc": 0.72, "rmse": 0.36, "log_loss": 0.61, "ece": 0.06},
        hidden_scores=480,
        hide=0.2,
        seed=0,
        engine_better=True,
        reliability=ProfileReliability(0.02, 0.04, 120),
        peer_classes=3,
        rivals=(
            Rival("rasch", {"auc": 0.81, "rmse": 0.31}, {"auc": 0.80, "rmse": 0.315}, 480),
            Rival("latest_exam", {"auc": 0.80, "rmse": 0.32}, {"auc": 0.76, "rmse": 0.35}, 160),
        ),
    )
    check._on_checked(result, PriorState(trained=False, better=False, in_use=False, card=None))  # none trained yet
    check.details_button.click()
    found += _fits(qapp, check, area, "check the model, with its details")
    check.prior_box.note = (
        "failed",
        "Training the school's own prior needs at least 3 classes tagged with knowledge points",
    )
    trained = SimpleNamespace(
        trained=True,
        better=True,
        in_use=True,
        classes=12,
        date="2025-06-01",
        comparison={
            "held_out_classes": 4,
            "local": {"auc": 0.8, "log_loss": 0.5},
            "shipped": {"auc": 0.78, "log_loss": 0.52},
        },
    )
    check._show_prior(trained)
    found += _fits(qapp, check, area, "check the model, the school's model trained")
    check.reject()

    window.exporting.show_graph()
    graph = window.exporting.graph_dialog
    found += _fits(qapp, graph, area, "knowledge graph")
    graph.close()

    window.papers.edit_paper()
    paper = window.papers.dialog
    qtbot.addWidget(paper)
    found += _fits(qapp, paper, area, "paper")
    paper.reject()
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("width", "height", "scale"), CASES)
def test_the_import_wizard_fits_with_its_buttons_on_screen(
    make_window, grade_store, tmp_path, qtbot, qapp, screen, width, height, scale
) -> None:
    from PySide6.QtWidgets import QWizard

    area = screen(width, height, scale)
    window = grade_window(make_window, grade_store, tmp_path, qtbot)
    window.importing.import_file(str(sample_files().gradebooks[0]))
    wizard = window.importing.wizard
    qtbot.addWidget(wizard)
    wizard.file_page.class_edit.setCurrentText("八年级(9)班")  # a class the store does not hold yet
    found = _fits(qapp, wizard, area, "wizard, file page")
    with qtbot.waitSignal(wizard.parsed_ready, timeout=30_000):
        wizard.next()
    found += _fits(qapp, wizard, area, "wizard, preview page")
    wizard.go_tagging()
    assert wizard.currentPage() is wizard.tagging_page
    found += _fits(qapp, wizard, area, "wizard, tagging page")
    for button in (
        QWizard.WizardButton.BackButton,
        QWizard.WizardButton.FinishButton,
        QWizard.WizardButton.CancelButton,
    ):
        b = wizard.button(button)
        corner = b.mapTo(wizard, b.rect().bottomRight())
        assert wizard.rect().contains(corner), f"{b.text()} is off the wizard"
    wizard.reject()
    assert not found, "\n".join(found)
