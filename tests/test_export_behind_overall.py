"""Plans and the 学习手册 follow the findings: a student behind overall is told so once and their chart is grey, not
a red chart of every weak point, red kept for a weak point specific to them."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from insight_helpers import tiny_data
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors

from app.charts.style import STATUS_COLOURS
from app.charts.texts import label
from app.core.vocabulary import Finding, Status
from app.export.pdf_charts import BEHIND_COLOUR
from app.export.pdf_handbook import handbook_page
from app.export.pdf_plans import plan_story
from app.export.writers import people_of
from app.insight.findings import Findings
from app.insight.plans import practice_plan


def _findings(behind: bool) -> Findings:
    """Student 0 (weak on A, B, C, D) behind overall or not; A a weak point specific to them."""
    finding = np.full((3, 5), Finding.NONE.value, dtype=object)
    finding[0, :4] = Finding.BEHIND_OVERALL.value if behind else Finding.NOT_SURE.value
    finding[0, 0] = Finding.WEAK_POINT.value
    return Findings(
        finding=finding,
        p_weak=np.zeros((3, 5)),
        overall=np.array([0.3, 0.9, 0.6]),
        behind=np.array([behind, False, False]),
        point_specific=True,
        reliability=math.nan,
        confidence=0.8,
    )


def _fills(story: list) -> set[str]:
    drawing = next(f for f in story if isinstance(f, Drawing))
    return {c.fillColor.hexval() for c in drawing.contents if isinstance(c, Rect) and c.fillColor is not None}


def _texts(story: list) -> str:
    return " ".join(getattr(f, "text", "") for f in story)


def test_a_behind_overall_students_plan_and_handbook_say_so_once_and_are_not_red() -> None:
    data = tiny_data()
    plan = practice_plan(data, 0)
    people = people_of(data, False, None, "en")
    grey, red = colors.HexColor(BEHIND_COLOUR).hexval(), colors.HexColor(STATUS_COLOURS[Status.WEAK]).hexval()
    said = label("behind_overall_path", "en")
    for build in (handbook_page, plan_story):
        kwargs = {"class_name": "八年级(3)班", "assessments": ("期中考试",), "generated": dt.date(2026, 12, 7)}
        behind = build(plan, data.diagnosis, people, "en", findings=_findings(True), **kwargs)
        assert grey in _fills(behind) and red in _fills(behind)  # A stays red: a weak point of their own
        assert _texts(behind).count(said) == 1
        not_behind = build(plan, data.diagnosis, people, "en", findings=_findings(False), **kwargs)
        assert grey not in _fills(not_behind) and said not in _texts(not_behind)
        assert _fills(build(plan, data.diagnosis, people, "en", **kwargs)) == _fills(not_behind)
