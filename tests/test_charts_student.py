"""The student's mastery chart: a student behind overall is one finding, not a red flag on every point."""

import numpy as np
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from app.charts.style import STATUS_COLOURS
from app.charts.window import Labels, student_mastery_chart
from app.core.vocabulary import Status


def test_the_student_chart_greys_the_weak_points_of_a_student_behind_overall() -> None:
    labels = Labels(*(["x"] * 7), "weak", "developing", "mastered")
    mastery = np.array([0.3, 0.2, 0.9])

    def colours(**behind: object) -> tuple[list[str], list[str]]:
        fig = Figure()
        student_mastery_chart(
            fig, ("A", "B", "C"), mastery, mastery - 0.1, mastery + 0.1, ["weak", "weak", "mastered"], labels, **behind
        )
        markers = [to_hex(line.get_color()) for line in fig.axes[0].lines if len(line.get_xdata()) == 1]
        return markers, [t.get_text() for t in fig.legends[0].get_texts()] if fig.legends else []

    red, weak_word = to_hex(STATUS_COLOURS[Status.WEAK]), ["weak", "developing", "mastered"]
    assert colours() == ([red, red, to_hex(STATUS_COLOURS[Status.MASTERED])], weak_word)
    markers, legend = colours(behind_overall="behind overall", muted=[True, False, True])
    assert markers == ["#8a8a8a", red, to_hex(STATUS_COLOURS[Status.MASTERED])]  # B: a weak point for them
    assert legend == ["behind overall", *weak_word]


def test_the_trajectory_draws_each_value_with_its_interval_and_keeps_the_exams_end_in_view() -> None:
    from app.charts.window import trajectory_chart

    labels = Labels(*(["x"] * 7), "weak", "developing", "mastered")
    values = np.array([[0.5, 0.4], [0.3, np.nan]])
    fig = Figure()
    trajectory_chart(
        fig,
        ("第一次月考", "2026年11月八年级数学第二次月考"),
        ("A", "B"),
        values,
        "m",
        labels,
        values - 0.2,
        values + 0.2,
    )
    ax = fig.axes[0]
    bars = sorted(
        (round(float(s[0][1]), 2), round(float(s[1][1]), 2)) for c in ax.collections for s in c.get_segments()
    )
    assert bars == [(0.1, 0.5), (0.2, 0.6), (0.3, 0.7)]  # A at both exams, B at the first only
    xs = [x for line in ax.lines for x in line.get_xdata()]
    assert len(set(xs)) == len(xs)  # the lines' points side by side, not on top of each other
    assert [t.get_text() for t in ax.get_xticklabels()] == ["第一次月考", "2026…第二次月考"]
