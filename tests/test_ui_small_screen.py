"""A school PC's 1366×768 screen at 125 % (issue 19, item 13): the problems' 位置 column keeps the row and column in
sight, a long status message stops short of where the data live, and the 考试对比 legend is above its bars (in sight
without scrolling)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem
from sample_stores import copy_store
from ui_fixtures import showing_diagnosis

from app.core.problems import Problem, Severity, Text
from app.services.sample import SAMPLE_CLASS

AREA = QRect(0, 0, 1092, 574)  # 1366×768 at 125 %, less a 40-pixel taskbar


def _window(make_window, store, tmp_path, qtbot, monkeypatch):
    import app.ui.base.screen as screen

    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(AREA))
    window = showing_diagnosis(make_window(db=copy_store(store, tmp_path)), qtbot)
    assert window.state.data.class_name == SAMPLE_CLASS
    return window


def test_a_long_location_keeps_its_row_and_column_in_sight(qtbot) -> None:
    from app.ui.widgets.problem_list import ProblemList

    problems = ProblemList()
    qtbot.addWidget(problems)
    where = "极课_八年级期末考试_选做题_导出于2026年12月7日.xlsx"
    problem = Problem(Severity.WARNING, Text("第 3 题", "question 3"), where, sheet="小题分", row=12, column="3")
    problems.show_problems([problem])
    shown = problem.where("en")
    option = QStyleOptionViewItem()
    problems.itemDelegateForColumn(1).initStyleOption(option, problems.model().index(0, 1))
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle and not problems.wordWrap()
    elided = QFontMetrics(problems.font()).elidedText(shown, option.textElideMode, problems.columnWidth(1))
    assert elided != shown and elided.endswith(shown[-8:])  # the file name gives way, not the row and column
    assert problems.topLevelItem(0).toolTip(1) == shown


def test_a_long_status_message_stops_short_of_the_data_folder(
    make_window, grade_store, tmp_path, qtbot, monkeypatch
) -> None:
    window = _window(make_window, grade_store, tmp_path, qtbot, monkeypatch)
    window.resize(AREA.size())
    bar = window.statusBar()
    long = "Restored the backup of 2026-12-07 12:00; the damaged store was copied as it was to " + "/very/long" * 20
    window.state.say(long, 60_000)
    qtbot.waitUntil(lambda: bar.currentMessage() == long, timeout=3000)
    shown = bar.shown_message()
    assert shown != long and shown.endswith("…")
    data = window.status.store_label
    assert 6 + bar.fontMetrics().horizontalAdvance(shown) <= data.x() - bar.GAP


def test_the_assessment_legend_is_above_its_bars(make_window, grade_store, tmp_path, qtbot, monkeypatch) -> None:
    window = _window(make_window, grade_store, tmp_path, qtbot, monkeypatch)
    view = window.workspace.class_view
    view.tabs.setCurrentIndex(2)
    chart = view.assessment_chart
    qtbot.waitUntil(lambda: bool(chart.figure.legends), timeout=10_000)
    figure = chart.figure
    figure.canvas.draw()
    (legend,) = figure.legends
    (axes,) = figure.axes
    renderer = figure.canvas.get_renderer()
    assert legend.get_window_extent(renderer).y0 >= axes.get_window_extent(renderer).y1  # above the bars
    top = figure.bbox.height - legend.get_window_extent(renderer).y1  # pixels from the figure's top
    assert top < chart.area.viewport().height() / 2  # in sight as the chart opens, scrolled to its top
