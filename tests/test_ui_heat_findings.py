"""The heat map follows the findings: a student behind overall is one finding, not a red row of weak cells."""

from __future__ import annotations

import math

import numpy as np
from insight_helpers import judged
from PySide6.QtCore import Qt

from app.core.vocabulary import Finding, Status
from app.insight.findings import Findings
from app.ui.views.models import BACKGROUNDS, BEHIND_BACKGROUND, HeatMapModel


def test_a_behind_overall_students_weak_cells_are_grey_save_a_weak_point_of_their_own(qtbot) -> None:
    m = np.array([[0.2, 0.3, 0.9], [0.2, 0.3, 0.9]])
    d = judged(("behind", "other"), ("A", "B", "C"), m)
    found = Findings(
        finding=np.array(
            [
                [Finding.WEAK_POINT.value, Finding.BEHIND_OVERALL.value, Finding.BEHIND_OVERALL.value],
                [Finding.NOT_SURE.value, Finding.NOT_SURE.value, Finding.NONE.value],
            ],
            dtype=object,
        ),
        p_weak=np.zeros(m.shape),
        overall=np.array([0.2, 0.5]),
        behind=np.array([True, False]),
        point_specific=True,
        reliability=math.nan,
        confidence=0.8,
    )
    model = HeatMapModel()
    model.set_diagnosis(d, ("甲", "乙"), found)

    def background(row: int, k: int):
        return model.data(model.index(row, HeatMapModel.FIXED + k), Qt.ItemDataRole.BackgroundRole).color()

    weak = BACKGROUNDS[Status.WEAK.value]
    assert [background(0, k) for k in range(2)] == [weak, BEHIND_BACKGROUND]  # A is a weak point of their own
    assert [background(1, k) for k in range(2)] == [weak, weak]  # not behind overall: weak stays red
    assert background(0, 2) == BACKGROUNDS[Status.MASTERED.value]
    tip = model.data(model.index(0, HeatMapModel.FIXED + 1), Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith(Finding.BEHIND_OVERALL.text.en) or tip.endswith(Finding.BEHIND_OVERALL.text.zh)
    model.set_diagnosis(d, ("甲", "乙"))  # a run without findings: as before
    assert background(0, 1) == weak
