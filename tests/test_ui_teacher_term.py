"""What a teacher's term in the window showed wrong (issue 20, UI QA): a long point name widening the heat map, a
reliability too few scores measure read as "nan", a gap of nought printed "-0.00", an English colon in Chinese."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from insight_helpers import judged
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.charts.layout import LABEL, short, signed
from app.core.diagnosis import Diagnosis
from app.core.problems import Text
from app.core.vocabulary import Finding
from app.insight.findings import Findings
from app.insight.grain import Grain, GrainKind
from app.services.sample import SAMPLE_CLASS

LONG = "一元二次方程根与系数关系的综合应用问题题"  # 20 characters, as a teacher may tag a point
POINTS = (LONG, "有理数运算", "整式加减")


def _diagnosis() -> Diagnosis:
    return judged(("001", "002"), POINTS, np.array([[0.3, 0.55, 0.9], [0.6, 0.7, 0.4]]))


def test_a_long_point_name_is_cut_in_the_heat_maps_header_and_whole_in_its_tooltip(qtbot) -> None:
    from app.ui.views.class_view import make_table
    from app.ui.views.models import HeatMapModel

    assert len(LONG) == 20
    parent = QWidget()
    qtbot.addWidget(parent)
    model = HeatMapModel(parent)
    view, proxy = make_table(model, parent)
    model.set_diagnosis(_diagnosis(), ("甲", "乙"))
    view.resizeColumnsToContents()
    column = HeatMapModel.FIXED  # the long point's
    shown = proxy.headerData(column, Qt.Orientation.Horizontal)
    assert shown == short(LONG, LABEL) and shown.endswith("…") and len(shown) == LABEL
    assert proxy.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == LONG
    metrics = view.horizontalHeader().fontMetrics()
    assert view.columnWidth(column) < metrics.horizontalAdvance(LONG)  # it no longer pushes the other points away
    assert proxy.headerData(column + 1, Qt.Orientation.Horizontal) == "有理数运算"  # a short name stays whole


def _grain(fine: float, grouped: float, supported: bool) -> Grain:
    return Grain(
        kind=GrainKind.TAGGED,
        groups=((LONG, "有理数运算"), ("整式加减",)),
        names=(Text(f"{LONG}等2个", f"{LONG} +1"), Text("整式加减", "整式加减")),
        reliability=grouped,
        fine_reliability=fine,
        supported=supported,
    )


def test_a_reliability_too_few_scores_measure_reads_as_a_dash_not_nan(qtbot, ui_language) -> None:
    from app.ui.views.class_view import ClassView

    view = ClassView()
    qtbot.addWidget(view)
    for lang in ("en", "zh"):
        ui_language(lang)
        view.data = SimpleNamespace(grain=_grain(math.nan, -0.01, supported=False))
        text = view.grain_text()
        assert "nan" not in text.lower() and "—" in text and "0.00" in text and "-0.01" not in text, text
        view.data = SimpleNamespace(grain=_grain(math.nan, 0.62, supported=True))
        text = view.grain_text()
        assert "nan" not in text.lower() and "—" in text and "0.62" in text, text
        view.data = None  # the view re-renders on the next language change: from its real data only


def test_a_reliability_below_nought_reads_as_none_in_the_window_and_the_command_line(qtbot, ui_language) -> None:
    """A split-half estimate under 0 is no reliability: 0.00 in the class view's grain note and the CLI's (one rule)."""
    from app.services.grain import grain_text, shown_reliability
    from app.ui.views.class_view import ClassView, reliability

    values = (-0.01, -0.004, -0.0, 0.0, 0.004, 0.62, math.nan)
    assert [shown_reliability(v) for v in values] == ["0.00", "0.00", "0.00", "0.00", "0.00", "0.62", "—"]
    assert [reliability(v) for v in values] == [shown_reliability(v) for v in values]
    view = ClassView()
    qtbot.addWidget(view)
    for lang in ("en", "zh"):
        ui_language(lang)
        view.data = SimpleNamespace(grain=_grain(-0.03, -0.01, supported=False))
        window = view.grain_text()
        printed = grain_text(view.data.grain)
        assert printed is not None
        for text in (window, printed.get(lang)):
            assert "-0.0" not in text and text.count("0.00") == 2, text
        view.data = None


def test_a_gap_of_nought_against_the_grade_has_no_sign() -> None:
    assert [signed(v) for v in (-0.004, -0.0, 0.0, 0.0049)] == ["0.00"] * 4
    assert [signed(v) for v in (-0.02, 0.013, 0.005 + 1e-9)] == ["-0.02", "+0.01", "+0.01"]


def test_the_grade_chart_prints_no_minus_nought(qtbot) -> None:
    from matplotlib.figure import Figure

    from app.charts.window import GradeLabels, grade_chart
    from app.insight.grade import PointAgainstGrade

    rows = [
        PointAgainstGrade(k, 0.5 + gap, 0.4, 0.6, 0.5, 0.45, 0.55, gap) for k, gap in zip(POINTS, (-0.003, 0.002, 0.04))
    ]
    fig = Figure()
    grade_chart(fig, rows, GradeLabels("this class", "behind", "grade", "mean mastery"))
    printed = {t.get_text() for t in fig.axes[0].texts}
    assert {"0.00", "+0.04"} <= printed and "-0.00" not in printed and "+0.00" not in printed


def test_a_finding_and_its_points_take_the_chinese_colon(qtbot, ui_language) -> None:
    from app.ui.views.student_view import StudentView

    d = _diagnosis()
    none, unsure = Finding.NONE.value, Finding.NOT_SURE.value
    found = Findings(
        finding=np.array([[unsure, unsure, none], [Finding.WEAK_POINT.value, none, none]], dtype=object),
        p_weak=np.zeros(d.mastery.shape),
        overall=np.array([0.6, 0.7]),
        behind=np.array([False, False]),
        point_specific=True,
        reliability=0.7,
        confidence=0.8,
    )
    view = StudentView()
    qtbot.addWidget(view)
    ui_language("zh")
    view.data = SimpleNamespace(findings=found, diagnosis=d, at_grain=None)
    assert f"暂不确定：{LONG}、有理数运算" in view.kinds_text(0)
    assert f"▼ 薄弱点：{LONG}" in view.kinds_text(1)
    view.data = None
    ui_language("en")
    view.data = SimpleNamespace(findings=found, diagnosis=d, at_grain=None)
    assert f"not sure yet: {LONG}, 有理数运算" in view.kinds_text(0)
    assert f"▼ Weak point: {LONG}" in view.kinds_text(1)
    view.data = None


LONG_CLASS = "八年级(12)班数学拓展实验提高班"


def _with_long_class(store, tmp_path):
    """`store` with a one-exam class added and diagnosed whose points include LONG (seeded scores)."""
    from app.importer import ImportOptions
    from app.services.diagnosing import diagnose_stored_class
    from app.services.importing import ImportRequest, import_parsed, read_checked
    from app.services.store import open_store

    rng = np.random.default_rng(3)
    points = [LONG, "有理数运算", LONG, "整式加减", LONG, "全等三角形的判定"]
    rows = [
        "学号,姓名," + ",".join(f"第{i + 1}题" for i in range(len(points))),
        "满分,," + ",".join("5" for _ in points),
        "知识点,," + ",".join(points),
        *(f"{s + 1:03d},学生{s + 1}," + ",".join(str(v) for v in rng.integers(0, 6, len(points))) for s in range(30)),
    ]
    book = tmp_path / "长名字.csv"
    book.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    db, _ = open_store(store)
    try:
        parsed = read_checked(book, None, ImportOptions(assessment="第一次测验"))
        import_parsed(db, ImportRequest(parsed, LONG_CLASS, path=str(book)))
        diagnose_stored_class(db, LONG_CLASS)
    finally:
        db.close()
    return store


def test_a_one_exam_class_after_a_term_class_offers_no_all_points_that_do_nothing(
    make_window, grade_store, tmp_path, qtbot
) -> None:
    from sample_stores import copy_store
    from ui_fixtures import showing_diagnosis

    window = showing_diagnosis(make_window(db=_with_long_class(copy_store(grade_store, tmp_path), tmp_path)), qtbot)
    student = window.workspace.student_view
    window.commands.show_tab(1)
    qtbot.waitUntil(lambda: not student._redraw_pending, timeout=5000)
    assert len(window.state.data.matrix.assessments) == 3 and student.all_points.isEnabled()
    with qtbot.waitSignal(window.loader.shown, timeout=30_000):
        window.loader.show_class(LONG_CLASS)
    qtbot.waitUntil(lambda: not student._redraw_pending, timeout=5000)
    assert window.state.data.class_name == LONG_CLASS and len(window.state.data.matrix.assessments) == 1
    assert not student.all_points.isEnabled() and student.all_points.text() == "All points"  # no "(N more)" left over
    heat = window.workspace.class_view.heat_proxy
    column = next(
        c
        for c in range(heat.columnCount())
        if heat.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == LONG
    )
    assert heat.headerData(column, Qt.Orientation.Horizontal) == short(LONG, LABEL)


def test_a_one_exam_class_after_a_term_class_says_why_its_term_tabs_are_empty_in_sight(
    make_window, grade_store, tmp_path, qtbot, monkeypatch
) -> None:
    from PySide6.QtCore import QRect
    from sample_stores import copy_store
    from ui_fixtures import showing_diagnosis

    import app.ui.base.screen as screen

    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(0, 0, 1092, 574))
    window = showing_diagnosis(make_window(db=_with_long_class(copy_store(grade_store, tmp_path), tmp_path)), qtbot)
    view = window.workspace.class_view
    charts = {2: view.assessment_chart, 3: view.progress_chart}
    for tab in range(view.tabs.count()):  # drawn for the term's class: taller than the view, scrolled
        view.tabs.setCurrentIndex(tab)
        qtbot.wait(100)
    assert all(c.canvas.height() > c.area.viewport().height() for c in charts.values())
    view.tabs.setCurrentIndex(0)  # the class changes while neither chart is on screen
    view.show_points.setChecked(True)
    qtbot.wait(100)
    view.show_points.setChecked(False)
    qtbot.wait(100)
    with qtbot.waitSignal(window.loader.shown, timeout=30_000):
        window.loader.refresh_store(select=LONG_CLASS)
    for tab, chart in charts.items():
        view.tabs.setCurrentIndex(tab)
        qtbot.wait(100)
        assert chart.canvas.height() <= chart.area.viewport().height()  # the message in sight, not below it
        assert "two" in chart.texts()[0] or "another" in chart.texts()[0]
    assert view.progress_notes.isHidden()  # nothing to say under the message: no empty box
    with qtbot.waitSignal(window.loader.shown, timeout=30_000):
        window.loader.show_class(SAMPLE_CLASS)
    assert not view.progress_notes.isHidden() and view.progress_note.text()
    assert view.progress_note.alignment() & Qt.AlignmentFlag.AlignTop  # from the box's top, not floating mid-box


def test_a_file_without_a_date_asks_for_it_in_chinese_words(make_window, qtbot, tmp_path, ui_language) -> None:
    from test_ui_i18n import _english_words, _visible_texts

    book = tmp_path / "八年级_单元测验.csv"
    book.write_text("学号,姓名,第1题,第2题\n满分,,3,5\n知识点,,有理数运算,整式加减\n001,王子涵,3,4\n002,李欣怡,2,5\n")
    window = make_window()
    window.commands.set_language("zh")
    window.importing.import_file(str(book))
    wizard = window.importing.wizard
    qtbot.addWidget(wizard)
    wizard.file_page.class_edit.setCurrentText("八年级(3)班")
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        wizard.next()
    assert wizard.needs_date()
    page = wizard.preview_page
    texts = [*_visible_texts(wizard), page.date.toolTip(), page.date.placeholderText()]
    assert "年-月-日" in " ".join(texts)
    assert _english_words(texts) == set()  # was "请在左边填写日期（YYYY-MM-DD）"
    wizard.reject()


def test_diagnosing_the_grade_of_a_class_no_other_class_shares_says_so(
    make_window, grade_store, tmp_path, qtbot
) -> None:
    from sample_stores import copy_store
    from ui_fixtures import showing_diagnosis

    window = showing_diagnosis(make_window(db=_with_long_class(copy_store(grade_store, tmp_path), tmp_path)), qtbot)
    with qtbot.waitSignal(window.loader.shown, timeout=30_000):
        window.loader.show_class(LONG_CLASS)
    window.menus.act_diagnose_grade.trigger()
    said = f"No other class sat {LONG_CLASS}'s exams: diagnosed {LONG_CLASS} alone."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=60_000)  # not "Diagnosed 1 classes"
    qtbot.waitUntil(lambda: window.runner.task is None, timeout=10_000)


def test_a_key_asked_in_two_lines_gets_two_lines_not_an_orphan_third() -> None:
    from matplotlib.figure import Figure

    from app.charts.layout import split_lines, wrapped
    from app.charts.style import register_font

    register_font()
    key = "全班平均掌握度及其 90% 区间：空心为学期初（第一次月考 之后），其下为现在（2026年11月八年级数学第二次月考 之后）"
    assert split_lines(key, 2).count("\n") == 1  # was three lines, the last "之后）"
    assert split_lines(key, 2).replace("\n", " ") == key
    fig = Figure(figsize=(5.48, 3.5), dpi=100)  # the progress tab's chart on a 1366×768 screen at 125 %
    assert wrapped(fig, key, 508, 7.5).count("\n") == 1
    assert split_lines("a b c d", 2) == "a b\nc d" and split_lines("一个很长的词 短", 2) == "一个很长的词\n短"
