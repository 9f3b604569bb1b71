"""The grain a class's data support, for both faces: None when its own points can be told apart, else the finest
grouping of them (`app.insight.grain.coarsenings`) whose profile is reliable enough, or the most reliable one."""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

from app.core.problems import Text
from app.core.score_matrix import ScoreMatrix
from app.insight.grain import Grain, coarsenings, merged_q

if TYPE_CHECKING:
    from app.storage import Database


def grain_of(matrix: ScoreMatrix, fine_reliability: float | None = None) -> Grain | None:
    """The coarser grain to report the class at, None when its points' profile reaches the findings' gate (or it
    has fewer than three points: no coarser profile to speak of). `fine_reliability`: the class's own, when
    already measured."""
    from app.engine.profile import RELATIVE_MIN_RELIABILITY, profile_reliability

    fine = profile_reliability(matrix).full_length if fine_reliability is None else fine_reliability
    if fine >= RELATIVE_MIN_RELIABILITY or len(matrix.knowledge_points) < 3:
        return None
    best: Grain | None = None
    for groups in coarsenings(matrix.q_matrix, matrix.knowledge_points):
        grouped = dataclasses.replace(
            matrix,
            knowledge_points=tuple(" + ".join(g) for g in groups),
            q_matrix=merged_q(matrix.q_matrix, matrix.knowledge_points, groups),
        )
        r = profile_reliability(grouped).full_length
        found = Grain(groups, r, fine, r >= RELATIVE_MIN_RELIABILITY)
        if found.supported:
            return found
        if best is None or (not math.isnan(r) and (math.isnan(best.reliability) or r > best.reliability)):
            best = found
    return best


def reliability_gate() -> float:
    """The profile reliability from which a class's points can be told apart (the findings' gate)."""
    from app.engine.profile import RELATIVE_MIN_RELIABILITY

    return RELATIVE_MIN_RELIABILITY


def reliability_growth(matrices: list[ScoreMatrix]) -> list[tuple[str, float]]:
    """(latest exam, full-length profile reliability) of each of a class's matrices over its first 1, 2, … exams
    in date order: how far its points can be told apart as the term's evidence grows."""
    from app.engine.profile import profile_reliability

    return [(m.assessments[-1], profile_reliability(m).full_length) for m in matrices if m.assessments]


def class_grain(db: Database, class_name: str, fine_reliability: float | None = None) -> Grain | None:
    """`grain_of` the class's scores over all its exams, as the class view shows it (what `check --json` prints);
    `fine_reliability`: the class's own profile reliability when already measured (the check's)."""
    from app.storage import load_score_matrix

    with db.session() as session:
        matrix = load_score_matrix(session, class_name)
    return grain_of(matrix, fine_reliability)


def grain_record(grain: Grain | None) -> dict[str, object] | None:
    """The grain as `check --json` prints it (None: the class's own points can be told apart)."""
    if grain is None:
        return None
    return {
        "groups": [list(g) for g in grain.groups],
        "reliability": None if math.isnan(grain.reliability) else grain.reliability,
        "fine_reliability": None if math.isnan(grain.fine_reliability) else grain.fine_reliability,
        "supported": grain.supported,
    }


def grain_text(grain: Grain | None) -> Text | None:
    """The grain in plain words (None: the class's own points can be told apart)."""
    if grain is None:
        return None
    shown = "; ".join(" + ".join(g) for g in grain.groups)
    fine = Text("无法估计", "too few scores to measure") if math.isnan(grain.fine_reliability) else None
    fine_zh = fine.zh if fine else f"{grain.fine_reliability:.2f}"
    fine_en = fine.en if fine else f"{grain.fine_reliability:.2f}"
    if grain.supported:
        return Text(
            f"本班的知识点之间区分不开（剖面信度 {fine_zh}）；按常一起考查的知识点合并为 "
            f"{len(grain.groups)} 组后可以区分（信度 {grain.reliability:.2f}）：{shown}。",
            f"This class's knowledge points cannot be told apart (profile reliability {fine_en}); "
            f"grouped as points tested together into {len(grain.groups)} groups they can (reliability "
            f"{grain.reliability:.2f}): {shown}.",
        )
    return Text(
        f"本班的知识点之间区分不开（剖面信度 {fine_zh}），合并成组也不行（最好 "
        f"{grain.reliability:.2f}，{len(grain.groups)} 组）：薄弱点多半反映学生的总体水平。",
        f"This class's knowledge points cannot be told apart (profile reliability {fine_en}), "
        f"nor groups of them (best {grain.reliability:.2f}, {len(grain.groups)} groups): most weak points reflect "
        "the student's overall level.",
    )
