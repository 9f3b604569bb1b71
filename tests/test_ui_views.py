"""Class and student views on a hand-made diagnosis: heat map, item analysis, charts, navigation, fonts."""

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.charts.texts import label
from app.core.diagnosis import Diagnosis
from app.core.score_matrix import ScoreMatrix
from app.export.rows import ITEM_COLUMNS
from app.services.class_data import ClassData

KPS = ("有理数运算", "整式加减", "一元一次方程")


def _data(per_assessment: bool = True) -> ClassData:
    points = np.array([[3, 2, 0, 4], [0, 0, 1, 1], [3, 1, np.nan, 4], [1, 2, 2, 0]], dtype=float)
    matrix = ScoreMatrix(
        student_ids=("s1", "s2", "s3", "s4"),
        student_names=("王子涵", "李欣怡", "张梓轩", "刘浩然"),
        item_ids=(
            "第一次月考/第1题",
            "第一次月考/第2题",
            "期中考试/第1题",
            "期中考试/第2题",
        ),  # as the store qualifies them
        knowledge_points=KPS,
        assessments=("第一次月考", "期中考试"),
        item_assessment=np.array([0, 0, 1, 1]),
        points=points,
        max_scores=np.array([3.0, 2.0, 2.0, 4.0]),
        q_matrix=np.array([[1, 0, 0], [1, 1, 0], [0, 1, 1], [0, 0, 1]], dtype=bool),
        answer_keys=(None, None, "AC", None),  # 期中考试/第1题 is a multiple choice
        answers=np.array(
            [[None, None, "B", None], [None, None, "A", None], [None, None, None, None], [None, None, "AC", None]],
            dtype=object,
        ),
    )

    def diagnosis(shift: float) -> Diagnosis:
        mastery = np.clip(
            np.array([[0.9, 0.7, 0.3], [0.2, 0.3, 0.4], [0.85, 0.6, 0.5], [0.4, 0.55, 0.65]]) + shift, 0.01, 0.99
        )
        status = np.where(mastery < 0.5, "weak", np.where(mastery >= 0.8, "mastered", "developing")).astype(object)
        status[2, 2] = "insufficient"
        return Diagnosis(
            matrix.student_ids,
            KPS,
            matrix.item_ids,
            mastery,
            mastery - 0.1,
            mastery + 0.1,
            np.array([[2, 3, 2]] * 4),
            status,
            {},
            "test-1",
            "CPU",
            {"weak_below": 0.5, "mastered_from": 0.8},
        )

    per = {"第一次月考": diagnosis(-0.1), "期中考试": diagnosis(0.0)} if per_assessment else {}
    return ClassData(
        "八年级(3)班",
        "",
        matrix,
        diagnosis(0.0),
        1,
        "",
        per,
        [("整式加减", "有理数运算"), ("一元一次方程", "整式加减")],
        False,
    )


@pytest.fixture
def class_view(qtbot, ui_language):
    from app.ui.views.class_view import ClassView

    view = ClassView()
    qtbot.addWidget(view)
    view.set_data(_data())
    return view


@pytest.fixture
def student_view(qtbot, ui_language):
    from app.ui.views.student_view import StudentView

    view = StudentView()
    qtbot.addWidget(view)
    view.set_data(_data())
    return view


def _cell(view, row: int, col: int, role=Qt.ItemDataRole.DisplayRole):
    proxy = view.heat_proxy
    return proxy.data(proxy.index(row, col), role)


def test_heat_map_shows_numbers_and_symbols_not_only_colour(class_view) -> None:
    assert _cell(class_view, 0, 0) == "s1"
    assert _cell(class_view, 0, 1) == "王子涵"
    assert _cell(class_view, 0, 3) == "▲ 0.90"
    assert _cell(class_view, 1, 3) == "▼ 0.20"
    assert _cell(class_view, 0, 4) == "● 0.70"
    assert _cell(class_view, 2, 5) == "?"  # too little evidence: no number, no weak/strong colour
    assert "too little evidence" in _cell(class_view, 2, 5, Qt.ItemDataRole.ToolTipRole)
    assert _cell(class_view, 0, 3, Qt.ItemDataRole.BackgroundRole) is not None


def test_heat_map_sorts_by_mastery_with_insufficient_last(class_view) -> None:
    class_view.heat_view.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    assert [_cell(class_view, r, 0) for r in range(4)] == ["s1", "s2", "s4", "s3"]
    class_view.heat_view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # weak count
    assert _cell(class_view, 0, 0) == "s2"


def test_double_click_in_heat_map_opens_that_student(class_view, qtbot) -> None:
    index = class_view.heat_proxy.index(3, 4)
    with qtbot.waitSignal(class_view.student_activated) as blocker:
        class_view.heat_view.doubleClicked.emit(index)
    assert blocker.args == ["s4"]


def test_item_analysis_table(class_view) -> None:
    model = class_view.item_proxy
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [  # the class report's item analysis columns, with its labels (one translation each)
        "Assessment",
        "Question",
        "Max",
        "Knowledge point",
        "Answered",
        "Score rate",
        "Discrimination",
        "Note",
        "Answers chosen (✓ key)",
    ]
    assert headers == [label(key, "en") for key in ITEM_COLUMNS]
    row = [model.data(model.index(1, c)) for c in range(model.columnCount())]
    assert row[:4] == ["第一次月考", "第2题", "2", "有理数运算, 整式加减"]  # a list in English: commas
    assert row[5] == "62%"
    assert row[8] == ""  # not a choice question
    choice = [model.data(model.index(2, c)) for c in range(model.columnCount())]
    assert choice[1] == "第1题" and choice[8] == "A 1 · AC✓ 1 · B 1"  # the key marked, ties by letters


def test_class_charts_hold_the_points_and_assessments(class_view, qtbot) -> None:
    qtbot.waitUntil(lambda: not class_view._redraw_pending)
    texts = class_view.weakness_chart.texts()
    assert set(KPS) <= set(texts)
    assert any(t.endswith("%") for t in texts)  # share of students weak, written out
    compare = class_view.assessment_chart.texts()
    assert {"第一次月考", "期中考试"} <= set(compare)


def test_one_assessment_says_there_is_nothing_to_compare(qtbot, ui_language) -> None:
    from app.ui.views.class_view import ClassView

    data = _data(per_assessment=False)
    single = ClassData(data.class_name, "", data.matrix, data.diagnosis)
    object.__setattr__(single.matrix, "assessments", ("第一次月考",))
    object.__setattr__(single.matrix, "item_assessment", np.zeros(4, dtype=int))
    view = ClassView()
    qtbot.addWidget(view)
    view.set_data(single)
    assert any("Import another assessment" in t for t in view.assessment_chart.texts())


def test_student_view_marks_insufficient_evidence_and_draws_the_path(student_view) -> None:
    student_view.show_student("s3")
    texts = student_view.mastery_chart.texts()
    assert "too little evidence" in texts
    assert student_view.summary.text() == "0 to work on, 1 developing, 1 mastered, 1 with too little evidence"
    student_view.show_student("s2")
    path_texts = student_view.path_chart.texts()
    # every point weak: prerequisites first
    order = [t.split(". ", 1)[1] for t in path_texts if ". " in t]
    assert order == ["有理数运算", "整式加减", "一元一次方程"]
    assert "有理数运算" in student_view.path_text.toPlainText()


def test_student_navigation_wraps(student_view, qtbot) -> None:
    assert student_view.current_student_id() == "s1"
    with qtbot.waitSignal(student_view.current_changed) as blocker:
        student_view.next()
    assert blocker.args == ["s2"]
    student_view.previous()
    student_view.previous()
    assert student_view.current_student_id() == "s4"


def test_trajectory_over_assessments(student_view) -> None:
    texts = student_view.trajectory_chart.texts()
    assert {"第一次月考", "期中考试"} <= set(texts)
    names, values = student_view.data.trajectory("s1")
    assert names == ["第一次月考", "期中考试"]
    assert values[1, 0] == pytest.approx(0.9)


def test_the_trajectory_shows_flagged_and_moved_points_and_the_rest_on_demand(student_view) -> None:
    data = student_view.data
    assert not data.moved("s1").any()  # 0.8 then 0.9, intervals of ±0.1 overlap
    assert student_view.trajectory_points(0).tolist() == [False, False, True]  # s1 is weak on 一元一次方程 only
    assert KPS[2] in student_view.trajectory_chart.texts() and KPS[0] not in student_view.trajectory_chart.texts()
    student_view.all_points.setChecked(True)
    assert {*KPS} <= set(student_view.trajectory_chart.texts())
    student_view.all_points.setChecked(False)
    moved = dataclasses.replace(
        data,
        per_assessment={
            **data.per_assessment,
            "第一次月考": dataclasses.replace(
                data.per_assessment["第一次月考"], lower=np.zeros((4, 3)) + 0.1, upper=np.zeros((4, 3)) + 0.2
            ),
        },
    )
    assert moved.moved("s1").tolist() == [True, True, False]  # 0.1–0.2 then 0.8–1.0 and 0.6–0.8; 0.2–0.4 overlaps
    student_view.show_student("s3")  # developing or mastered, nothing moved beyond its interval
    assert student_view.trajectory_points(2).tolist() == [False, False, False]
    assert student_view.trajectory_chart.texts() == [
        "No point is flagged or moved for this student: tick “All points” to see every point."
    ]
    student_view.set_data(moved)
    student_view.show_student("s1")
    assert student_view.trajectory_points(0).tolist() == [True, True, True]


def test_views_relabel_in_chinese(class_view, student_view, ui_language, qtbot) -> None:
    ui_language("zh")
    qtbot.waitUntil(lambda: class_view.tabs.tabText(0) == "热力图", timeout=3000)
    assert class_view.item_proxy.headerData(5, Qt.Orientation.Horizontal) == "得分率"
    assert student_view.next_button.text() == "下一个 ▶"
    qtbot.waitUntil(lambda: not student_view._redraw_pending)
    student_view.show_student("s3")
    assert "证据不足" in student_view.mastery_chart.texts()


def test_the_window_draws_names_of_cjk_extension_a_with_the_bundled_supplement(qapp) -> None:
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    from app.core.resources import SUPPLEMENT_FONT_FILE
    from app.ui.base.fonts import register_qt_font

    register_qt_font()
    supplement = "Zhidian CJK Supplement"
    assert supplement in QFontDatabase.families()
    assert SUPPLEMENT_FONT_FILE.exists() and supplement in qapp.font().families()  # after the bundled face
    assert all(QFontMetrics(QFont(supplement)).inFontUcs4(ord(c)) for c in "䶮㛃")  # 李䶮, 王㛃


def test_bundled_font_is_registered_with_qt_and_matplotlib(qapp) -> None:
    import matplotlib
    from matplotlib import font_manager
    from PySide6.QtGui import QFontDatabase

    from app.charts.style import FONT_FAMILY, FONT_FILE, register_font
    from app.ui.base.fonts import register_qt_font

    assert register_qt_font() == FONT_FAMILY
    assert FONT_FAMILY in QFontDatabase.families()
    assert FONT_FAMILY in qapp.font().families()
    from PySide6.QtGui import QFont, QFontMetrics

    assert all(QFontMetrics(QFont(FONT_FAMILY)).inFontUcs4(ord(c)) for c in "知点掌握度薄弱▼▲●?")
    register_font()
    assert matplotlib.rcParams["font.sans-serif"][0] == FONT_FAMILY
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert str(FONT_FILE) in {f.fname for f in font_manager.fontManager.ttflist}
    found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    assert font_manager.get_font(found).family_name == FONT_FAMILY  # the bundled face, or the same from the system


@pytest.mark.parametrize("anchored", [0, 12])
def test_the_run_line_says_when_questions_started_from_an_earlier_calibration(qtbot, ui_language, anchored) -> None:
    from test_ui_lessons import _class_data

    from app.ui.views.workspace import Workspace

    workspace = Workspace()
    qtbot.addWidget(workspace)
    data = _class_data(grade=False)
    data = dataclasses.replace(
        data, diagnosis=dataclasses.replace(data.diagnosis, settings={"anchored_items": anchored}, seconds=0.25)
    )
    workspace.fill_run_picker(data)
    expected = "Diagnosis: model t, CPU, 0.2 s"
    if anchored:
        expected += "; 12 questions started from an earlier grade's calibration of the paper"
    assert data.run_label == expected


def test_the_trajectory_of_a_student_behind_overall_draws_a_few_lines_not_every_point(qtbot, ui_language) -> None:
    from app.insight.findings import Findings
    from app.services.class_data import TRAJECTORY_LINES
    from app.ui.views.student_view import StudentView

    kps = tuple(f"P{k}" for k in range(7))
    matrix = ScoreMatrix(
        ("s1",),
        ("王子涵",),
        ("E1/Q1", "E2/Q1"),
        kps,
        ("E1", "E2"),
        np.array([0, 1]),
        np.array([[1.0, 1.0]]),
        np.ones(2),
        np.ones((2, 7), dtype=bool),
    )

    def state(mastery: list[float], half: float) -> Diagnosis:
        m = np.array([mastery])
        return Diagnosis(
            ("s1",),
            kps,
            matrix.item_ids,
            m,
            m - half,
            m + half,
            np.full((1, 7), 3),
            np.full((1, 7), "weak", dtype=object),
            {},
            "test-1",
            "CPU",
            {"weak_below": 0.5},
        )

    now = state([0.30, 0.20, 0.25, 0.35, 0.28, 0.22, 0.45], 0.05)
    start = state([0.30, 0.20, 0.25, 0.35, 0.28, 0.22, 0.10], 0.05)  # P6 rose beyond its interval
    p_weak = np.array([[0.90, 0.99, 0.95, 0.80, 0.92, 0.97, 0.60]])
    found = Findings(
        np.full((1, 7), "behind overall", dtype=object), p_weak, np.array([0.3]), np.array([True]), False, 0.3, 0.8
    )
    data = ClassData("八年级(3)班", "", matrix, now, 1, "", {"E1": start, "E2": now}, findings=found)
    view = StudentView()
    qtbot.addWidget(view)
    view.set_data(data)
    shown = data.trajectory_points("s1")
    assert TRAJECTORY_LINES == 5 and shown.sum() == TRAJECTORY_LINES
    # the point that moved first, then the most likely weak: P1 0.99, P5 0.97, P2 0.95, P4 0.92; not P0 nor P3
    assert [kps[k] for k in np.flatnonzero(shown)] == ["P1", "P2", "P4", "P5", "P6"]
    texts = view.trajectory_chart.texts()
    assert {"P1", "P6"} <= set(texts) and "P0" not in texts and "P3" not in texts
    assert view.all_points.text() == "All points (2 more)"
    view.all_points.setChecked(True)
    assert set(kps) <= set(view.trajectory_chart.texts()) and view.all_points.text() == "All points"


def test_the_progress_tab_sets_the_start_of_term_against_now_with_intervals(qtbot, ui_language) -> None:
    from app.insight.progress import class_progress
    from app.ui.views.class_view import ClassView

    data = _data()
    first = data.per_assessment["第一次月考"]  # sure of the start: every point's class mean rose beyond its interval
    tight = dataclasses.replace(first, lower=first.mastery - 0.01, upper=first.mastery + 0.01)
    data = dataclasses.replace(data, per_assessment={**data.per_assessment, "第一次月考": tight})
    view = ClassView()
    qtbot.addWidget(view)
    view.set_data(data)
    qtbot.waitUntil(lambda: not view._redraw_pending)
    assert view.tabs.tabText(3) == "Progress" and view.tabs.widget(3).isAncestorOf(view.progress_note)
    rows = class_progress(data.states())
    assert [p.direction for p in rows] == [1, 1, 1]
    texts = view.progress_chart.texts()
    assert {f"{p.start.mastery:.2f}→{p.now.mastery:.2f}" for p in rows} <= set(texts)
    assert {*KPS, "Now: rose beyond its uncertainty"} <= set(texts)
    key = "Class mean mastery with its 90% interval: hollow, the start of term (after 第一次月考)"
    assert any(t.replace("\n", " ").startswith(key) for t in texts)  # wrapped to the chart's width
    (ax,) = view.progress_chart.figure.axes
    marks = [line.get_marker() for line in ax.lines]
    assert marks == ["o", "^"] * 3  # the start hollow, now a rise
    intervals = sorted(round(float(s[1][0] - s[0][0]), 3) for c in ax.collections for s in c.get_segments())
    assert len(intervals) == 6 and all(width > 0 for width in intervals)
    assert view.progress_note.text().startswith("Since the start of term (after 第一次月考) to now (after 期中考试)")


def test_the_student_sees_how_the_points_of_their_plan_stood_after_the_next_exam(student_view) -> None:
    student_view.show_student("s2")  # weak everywhere after 第一次月考: the rule's plan holds the three points
    assert student_view.progress_text(1).splitlines()[-1] == (
        "The plan made after 第一次月考 held 3 point(s); by 期中考试 none moved beyond its uncertainty."
    )
    student_view.show_student("s3")  # nothing weak after 第一次月考: no plan, no line
    assert "plan" not in student_view.progress_text(2)
    sure = {  # both states sure to ±0.01: each planned point rose beyond its uncertainty
        exam: dataclasses.replace(d, lower=d.mastery - 0.01, upper=d.mastery + 0.01)
        for exam, d in student_view.data.per_assessment.items()
    }
    student_view.set_data(dataclasses.replace(student_view.data, per_assessment=sure))
    student_view.show_student("s2")
    assert student_view.progress_text(1).splitlines()[-1] == (
        "The plan made after 第一次月考 held 3 point(s); by 期中考试: ↑ 有理数运算 0.10→0.20, ↑ 整式加减 0.20→0.30, "
        "↑ 一元一次方程 0.30→0.40; 0 within their uncertainty."
    )
