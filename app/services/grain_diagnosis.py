"""A class diagnosed at the grain its data support (`services.grain`), for both faces: when its points cannot be told
apart but groups of them can, the engine is run on the grouped scores (the class's own diagnosis path: one exam
within its grade, several carried through the term to now), and each group gets a class mean mastery and each
student a mastery, P(weak) and a finding per group, by the findings' own rule. At a supported grain the grouped
profile reaches the gate, so a group can be weak for a student specifically. Computed when asked, never stored.

    found = grain_diagnosis(db, class_name, grain, thresholds=..., confidence=...)  # None: no supported grain
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.charts.layout import short
from app.core.diagnosis import Diagnosis, Thresholds
from app.core.problems import Text
from app.core.progress import Progress
from app.core.vocabulary import Finding, listed
from app.insight.findings import Findings
from app.insight.grain import Grain, GrainKind
from app.insight.summaries import KnowledgePointSummary, knowledge_point_summary

if TYPE_CHECKING:
    from app.storage import Database


@dataclass(frozen=True)
class GroupMastery:
    """One group of the grain across the class: its name, its points, the class mean mastery with its 95 %
    interval (`insight.summaries.knowledge_point_summary`: students with enough evidence) and the share weak."""

    name: Text  # the grain's: its unit, its 大题, or its points joined by " + "
    label: Text  # a named group's name, else "一次函数等5个" / "一次函数 +4", whole (a chart cuts it: `labels`)
    points: tuple[str, ...]
    mean: float  # NaN: no student has enough evidence
    lower: float
    upper: float
    share_weak: float
    students_assessed: int  # students with enough evidence on the group
    students_insufficient: int

    def shown(self, lang: str) -> str:
        """The group as a line of a list: its label, then its points ("一次函数等5个：一次函数、…")."""
        label = self.label.get(lang)
        points = listed(self.points, lang)
        return label if label == points else f"{label}{'：' if lang == 'zh' else ': '}{points}"


@dataclass(frozen=True)
class StudentGroup:
    """One student on one group: mastery with its interval, P(mastery < the weak threshold) and the finding."""

    mastery: float
    lower: float
    upper: float
    p_weak: float
    finding: Finding


@dataclass(frozen=True)
class GrainDiagnosis:
    """A class at its supported grain: per group the class's mastery, per student each group's."""

    grain: Grain
    groups: tuple[GroupMastery, ...]
    student_ids: tuple[str, ...]
    students: tuple[tuple[StudentGroup, ...], ...]  # per student (as `student_ids`), per group
    diagnosis: Diagnosis  # the grouped run: one "knowledge point" per group (`insight.grain.group_key`)
    findings: Findings  # its findings, the grouped profile's reliability deciding whether a group can be specific
    seconds: float  # the grouped diagnosis' time

    def labels(self, lang: str, width: int | None = None) -> list[str]:
        """The groups' labels in `lang`, each cut to `width` characters (a chart's row) keeping a tagged group's count
        (`group_label`); whole without `width`."""
        return [group_label(self.grain, g, width).get(lang) for g in range(len(self.groups))]

    def summaries(self, lang: str, width: int | None = None) -> list[KnowledgePointSummary]:
        """The groups as the weakness chart draws points: each by its label in `lang` (cut to `width`: `labels`)."""
        return [
            KnowledgePointSummary(
                label, g.mean, g.lower, g.upper, g.share_weak, g.students_assessed, g.students_insufficient
            )
            for label, g in zip(self.labels(lang, width), self.groups)
        ]

    def of(self, student_id: str) -> tuple[StudentGroup, ...]:
        """The student's mastery of each group (ValueError when the student is not in the class)."""
        return self.students[self.student_ids.index(student_id)]

    def behind(self, student_id: str) -> bool:
        """Whether the student is behind overall with the teacher's confidence (one finding, no flag per group)."""
        return bool(self.findings.behind[self.student_ids.index(student_id)])


def group_label(grain: Grain, g: int, width: int | None = None) -> Text:
    """What group `g` of `grain` is called: its unit or 大题; a group of points tagged together, which has no name of
    its own, by its first point and how many it holds ("一元一次不等式等4个", "Linear inequalities +3"), so that a
    chart says what it shows without a tooltip. Whole unless `width` (a chart row's, `charts.layout.LABEL`): then a
    tagged group's first point is cut so that its count survives ("一元一次不…等4个")."""
    points = grain.groups[g]
    if grain.kind is GrainKind.TAGGED and len(points) > 1:
        zh, en = f"等{len(points)}个", f" +{len(points) - 1}"
        if width is None:
            return Text(points[0] + zh, points[0] + en)
        return Text(short(points[0], width - len(zh)) + zh, short(points[0], width - len(en)) + en)
    return grain.names[g]


def grain_diagnosis(
    db: Database,
    class_name: str,
    grain: Grain | None,
    *,
    thresholds: Thresholds | None = None,
    confidence: float | None = None,
    device: str | None = None,
    progress: Progress | None = None,
) -> GrainDiagnosis | None:
    """The class diagnosed at `grain` (`services.grain.class_grain`'s, or `ClassData.grain`), judged by the teacher's
    `thresholds` (default the engine's) and its findings at `confidence` (default the settings'); None when there
    is no grain or it does not reach the gate (groups no better told apart than the points)."""
    if grain is None or not grain.supported:
        return None
    from app.services.diagnosing import diagnose_grouped
    from app.services.flags import findings_of

    started = time.perf_counter()
    diagnosis, matrix = diagnose_grouped(db, class_name, grain.groups, device=device, progress=progress)
    if thresholds is not None:
        diagnosis = diagnosis.restated(thresholds)
    found = findings_of(diagnosis, matrix, confidence)
    groups = tuple(
        GroupMastery(
            grain.names[g],
            group_label(grain, g),
            points,
            s.mean_mastery,
            s.lower,
            s.upper,
            s.share_weak,
            s.students_assessed,
            s.students_insufficient,
        )
        for g, (points, s) in enumerate(zip(grain.groups, knowledge_point_summary(diagnosis)))
    )
    students = tuple(
        tuple(
            StudentGroup(
                float(diagnosis.mastery[s, g]),
                float(diagnosis.lower[s, g]),
                float(diagnosis.upper[s, g]),
                float(found.p_weak[s, g]),
                Finding(found.finding[s, g]),
            )
            for g in range(len(groups))
        )
        for s in range(len(diagnosis.student_ids))
    )
    seconds = time.perf_counter() - started
    return GrainDiagnosis(grain, groups, diagnosis.student_ids, students, diagnosis, found, seconds)


def grain_mastery_record(found: GrainDiagnosis | None) -> dict[str, object] | None:
    """The class at its supported grain as `check --json` prints it (None: no supported grain): per group its name,
    label and points, the class mean mastery with its 95 % interval (None: no student has enough evidence), the
    share of students weak, and how many students each finding has on it."""
    if found is None:
        return None

    def number(x: float) -> float | None:
        return None if math.isnan(x) else x

    return {
        "kind": found.grain.kind.value,
        "reliability": found.grain.reliability,
        "seconds": round(found.seconds, 3),
        "groups": [
            {
                "name": {"zh": g.name.zh, "en": g.name.en},
                "label": {"zh": g.label.zh, "en": g.label.en},
                "points": list(g.points),
                "mean": number(g.mean),
                "lower": number(g.lower),
                "upper": number(g.upper),
                "share_weak": number(g.share_weak),
                "students_assessed": g.students_assessed,
                "findings": {f.value: sum(cells[n].finding is f for cells in found.students) for f in Finding},
            }
            for n, g in enumerate(found.groups)
        ],
    }


def grain_mastery_text(found: GrainDiagnosis | None) -> Text | None:
    """Each group's class mean mastery with its interval and how many students it is a weak point for, in plain
    words (None: no supported grain)."""
    if found is None:
        return None
    zh, en = [], []
    for n, g in enumerate(found.groups):
        weak = sum(cells[n].finding is Finding.WEAK_POINT for cells in found.students)
        if math.isnan(g.mean):
            zh.append(f"{g.label.zh} 证据不足")
            en.append(f"{g.label.en} too few scores")
            continue
        zh.append(f"{g.label.zh} {g.mean:.2f}（{g.lower:.2f}–{g.upper:.2f}），{weak} 名学生在该组薄弱")
        en.append(f"{g.label.en} {g.mean:.2f} ({g.lower:.2f}–{g.upper:.2f}), a weak point for {weak} student(s)")
    return Text(
        f"按组的全班平均掌握度（95% 区间）：{'；'.join(zh)}。",
        f"Class mean mastery by group (95% interval): {'; '.join(en)}.",
    )
