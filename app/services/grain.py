"""The grain a class's data support, for both faces: None when its own points can be told apart, else the grouping
of them (`app.insight.grain.candidates`: units of the knowledge graph, 大题, points tagged together) that
`app.insight.grain.preferred` picks by their profile reliability."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from app.core.problems import Text
from app.core.score_matrix import ScoreMatrix
from app.insight.grain import Grain, GrainKind, candidates, grouped_matrix, preferred

if TYPE_CHECKING:
    from app.storage import Database


def grain_of(
    matrix: ScoreMatrix, fine_reliability: float | None = None, parents: Mapping[str, str] | None = None
) -> Grain | None:
    """The coarser grain to report the class at (`insight.grain.preferred` of every candidate grouping: units of the
    knowledge graph's `parents`, 大题, points tagged together), None when its points' profile reaches the findings'
    gate (or it has fewer than three points: no coarser profile to speak of). `fine_reliability`: the class's own,
    when already measured."""
    from app.engine.profile import RELATIVE_MIN_RELIABILITY, profile_reliability

    fine = profile_reliability(matrix).full_length if fine_reliability is None else fine_reliability
    if fine >= RELATIVE_MIN_RELIABILITY or len(matrix.knowledge_points) < 3:
        return None
    measured: list[Grain] = []
    for grouping in candidates(matrix, parents or {}):
        if grouping.kind is GrainKind.TAGGED and any(g.supported and g.kind is GrainKind.TAGGED for g in measured):
            break  # tagged groupings come finest first: the first reaching the gate is the one `preferred` takes
        r = profile_reliability(grouped_matrix(matrix, grouping.groups)).full_length
        measured.append(Grain(grouping.kind, grouping.groups, grouping.names, r, fine, r >= RELATIVE_MIN_RELIABILITY))
    return preferred(measured)


def reliability_gate() -> float:
    """The profile reliability from which a class's points can be told apart (the findings' gate)."""
    from app.engine.profile import RELATIVE_MIN_RELIABILITY

    return RELATIVE_MIN_RELIABILITY


def shown_reliability(value: float) -> str:
    """A profile reliability as both faces print it: two decimals, 0.00 for an estimate below 0 (a split-half
    estimate under 0 means no reliability, not a negative one), "—" where too few scores measure it (NaN)."""
    return "—" if math.isnan(value) else f"{value if value > 0 else 0.0:.2f}"  # max(-0.0, 0.0) would keep -0.0


def reliability_growth(matrices: list[ScoreMatrix]) -> list[tuple[str, float]]:
    """(latest exam, full-length profile reliability) of each of a class's matrices over its first 1, 2, … exams
    in date order: how far its points can be told apart as the term's evidence grows."""
    from app.engine.profile import profile_reliability

    return [(m.assessments[-1], profile_reliability(m).full_length) for m in matrices if m.assessments]


def class_grain(db: Database, class_name: str, fine_reliability: float | None = None) -> Grain | None:
    """`grain_of` the class's scores over all its exams with its subject's units, as the class view shows it (what
    `check --json` prints); `fine_reliability`: the class's own profile reliability when already measured (the
    check's)."""
    from app.storage import get_class, load_parents, load_score_matrix

    with db.session() as session:
        matrix = load_score_matrix(session, class_name)
        parents = load_parents(session, get_class(session, class_name).subject)
    return grain_of(matrix, fine_reliability, parents)


def grain_record(grain: Grain | None) -> dict[str, object] | None:
    """The grain as `check --json` and `progress --json` print it (None: the class's own points can be told
    apart): its kind ("units", "大题", "tagged together") with its words, each group's name and points."""
    if grain is None:
        return None
    return {
        "kind": grain.kind.value,
        "kind_text": {"zh": grain.kind.text.zh, "en": grain.kind.text.en},
        "groups": [list(g) for g in grain.groups],
        "names": [{"zh": n.zh, "en": n.en} for n in grain.names],
        "reliability": None if math.isnan(grain.reliability) else grain.reliability,
        "fine_reliability": None if math.isnan(grain.fine_reliability) else grain.fine_reliability,
        "supported": grain.supported,
    }


_GROUPED = {
    GrainKind.UNITS: Text(
        "按知识图谱的单元（上级知识点）合并为 {n} 个单元", "grouped into {n} units (the knowledge graph's parents)"
    ),
    GrainKind.MAIN_QUESTIONS: Text(
        "按试卷的大题合并为 {n} 组", "grouped by the paper's 大题 (main questions) into {n} groups"
    ),
    GrainKind.TAGGED: Text("按常一起考查的知识点合并为 {n} 组", "grouped as points tested together into {n} groups"),
}


def grain_text(grain: Grain | None) -> Text | None:
    """The grain in plain words, its kind and groups named (None: the class's own points can be told apart)."""
    if grain is None:
        return None
    fine = Text("无法估计", "too few scores to measure") if math.isnan(grain.fine_reliability) else None
    fine_zh = fine.zh if fine else shown_reliability(grain.fine_reliability)
    fine_en = fine.en if fine else shown_reliability(grain.fine_reliability)
    r = shown_reliability(grain.reliability)
    if grain.supported:
        grouped = _GROUPED[grain.kind]
        n = len(grain.groups)
        return Text(
            f"本班的知识点之间区分不开（画像信度 {fine_zh}）；{grouped.zh.format(n=n)}后可以区分（信度 {r}）："
            f"{'；'.join(grain.shown('zh'))}。细的知识点仍作为明细。",
            f"This class's knowledge points cannot be told apart (profile reliability {fine_en}); "
            f"{grouped.en.format(n=n)} they can (reliability {r}): "
            f"{'; '.join(grain.shown('en'))}. The fine points stay as detail.",
        )
    return Text(
        f"本班的知识点之间区分不开（画像信度 {fine_zh}），合并成组也不行（最好 {r}，"
        f"{len(grain.groups)} 组，{grain.kind.text.zh}）：薄弱点多半反映学生的总体水平。",
        f"This class's knowledge points cannot be told apart (profile reliability {fine_en}), "
        f"nor groups of them (best {r}, {len(grain.groups)} groups, {grain.kind.text.en}): most "
        "weak points reflect the student's overall level.",
    )
