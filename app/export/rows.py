"""What the exports contain, as plain rows: plans, the mastery table and the class report's tables.

The PDF and the spreadsheet of one export read the same rows, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.charts.texts import label, status_label
from app.core.diagnosis import Diagnosis
from app.core.score_matrix import ScoreMatrix
from app.core.vocabulary import Finding, Status, list_separator, listed
from app.export.anonymise import People
from app.export.tables import Cell, Table
from app.insight.findings import Findings
from app.insight.graph import topological_order
from app.insight.paths import judged
from app.insight.plans import PracticePlan
from app.insight.summaries import ItemStats, item_analysis, knowledge_point_summary


def _yes(value: bool, lang: str) -> str:
    return label("yes" if value else "no", lang)


def _r(x: float) -> float:
    return round(float(x), 3)


def plan_table(plans: Sequence[PracticePlan], people: People, lang: str) -> Table:
    """One row per student × planned question (a point without questions, or a student without
    weak points, still gets a row), in print order."""
    header = [label("student", lang)]
    if not people.anonymise:
        header.append(label("student_number", lang))
    header += [
        label(k, lang)
        for k in (
            "order",
            "knowledge_point",
            "mastery",
            "lower",
            "upper",
            "evidence",
            "expected_gain",
            "weak_prerequisites",
            "reason",
            "question_id",
            "source",
            "assessment",
            "question_text",
            "max_score",
            "last_score",
            "predicted",
            "in_target",
            "estimated",
            "why",
        )
    ]
    rows: list[tuple] = []
    by_id = {p.student_id: p for p in plans}
    for sid in people.order([p.student_id for p in plans]):
        plan = by_id[sid]
        who = [people.name(sid)] + ([] if people.anonymise else [sid])
        if not plan.steps:
            rows.append(tuple(who + [None] * 8 + [plan.summary.get(lang)] + [None] * 10))
        for n, ps in enumerate(plan.steps, start=1):
            st = ps.step
            step_cells = [
                n,
                st.knowledge_point,
                _r(st.mastery),
                _r(st.lower),
                _r(st.upper),
                st.evidence,
                _r(st.expected_gain),
                listed(st.weak_prerequisites, lang),
                st.reason.get(lang),
            ]
            if not ps.questions:
                rows.append(
                    tuple(
                        who
                        + step_cells
                        + [None] * 5
                        + [None, None, None, None, (ps.note.get(lang) if ps.note else None)]
                    )
                )
            for q in ps.questions:
                rows.append(
                    tuple(
                        who
                        + step_cells
                        + [
                            q.question_id,
                            label(f"source_{q.source}", lang),
                            q.assessment,
                            q.text,
                            q.max_score,
                            q.last_score,
                            _r(q.predicted_success),
                            _yes(q.in_target, lang),
                            _yes(q.estimated, lang),
                            q.why.get(lang),
                        ]
                    )
                )
    return Table(label("sheet_plans", lang), tuple(header), rows)


def mastery_tables(
    diagnosis: Diagnosis, people: People, lang: str, threshold: float, found: Findings | None = None
) -> tuple[Table, Table]:
    """The mastery table wide (a column per point; "too little evidence" instead of a number where the
    evidence does not suffice) and long (one row per student × point, with interval, evidence, status, and with
    `found` the student's overall level, P(weak) and the finding)."""
    kps = list(diagnosis.knowledge_points)
    index = {sid: s for s, sid in enumerate(diagnosis.student_ids)}
    lead = [label("student", lang)] + ([] if people.anonymise else [label("student_number", lang)])
    wide_rows: list[tuple[Cell, ...]] = []
    long_rows: list[tuple[Cell, ...]] = []
    for sid in people.order(list(diagnosis.student_ids)):
        s = index[sid]
        who = [people.name(sid)] + ([] if people.anonymise else [sid])
        ok = judged(diagnosis, s)
        wide_rows.append(
            tuple(
                who
                + [
                    _r(diagnosis.mastery[s, k]) if ok[k] else status_label(Status.INSUFFICIENT, lang)
                    for k in range(len(kps))
                ]
            )
        )
        for k, kp in enumerate(kps):
            long_rows.append(
                tuple(
                    [
                        *who,
                        kp,
                        _r(diagnosis.mastery[s, k]),
                        _r(diagnosis.lower[s, k]),
                        _r(diagnosis.upper[s, k]),
                        int(diagnosis.evidence[s, k]),
                        status_label(str(diagnosis.status[s, k]), lang),
                        _yes(bool(ok[k] and diagnosis.mastery[s, k] < threshold), lang),
                        *(_found(found, s, k, lang) if found is not None else ()),
                    ]
                )
            )
    wide = Table(label("sheet_mastery", lang), tuple(lead + kps), wide_rows)
    long = Table(
        label("sheet_mastery_long", lang),
        tuple(
            lead
            + [label(k, lang) for k in ("knowledge_point", "mastery", "lower", "upper", "evidence", "status")]
            + [f"{label('below_threshold', lang)} {threshold:.2f}"]
            + ([label(k, lang) for k in ("overall", "p_weak", "finding")] if found is not None else [])
        ),
        long_rows,
    )
    return wide, long


def _found(found: Findings, s: int, k: int, lang: str) -> tuple[Cell, ...]:
    """Overall level (blank for a run that does not keep it), P(weak) and the finding of one cell."""
    overall = _r(found.overall[s]) if found.overall is not None else ""
    return overall, _r(found.p_weak[s, k]), Finding(found.finding[s, k]).text.get(lang)


@dataclass(frozen=True)
class PointRow:
    """One knowledge point in the class report."""

    knowledge_point: str
    mean: float
    lower: float
    upper: float
    score_rate: float
    below: list[tuple[str, float]]  # (student id, mastery), lowest first
    assessed: int
    insufficient: int
    prerequisites: tuple[str, ...]  # direct prerequisites

    @property
    def share_below(self) -> float:
        """Share of students with enough evidence who are below the threshold."""
        return len(self.below) / self.assessed if self.assessed else float("nan")


@dataclass(frozen=True)
class ClassReport:
    """Everything the class report shows, computed once."""

    points: list[PointRow]  # in diagnosis order
    help_order: list[str]  # knowledge points in prerequisite order, most students below first among equals
    items: list[ItemStats]
    threshold: float


def class_report(
    diagnosis: Diagnosis, matrix: ScoreMatrix, prerequisites: Sequence[tuple[str, str]], threshold: float
) -> ClassReport:
    """Per-point class figures (mean mastery with its interval, score rate, students below the
    threshold), the prerequisite order for the help list, and the item analysis."""
    summaries = {s.knowledge_point: s for s in knowledge_point_summary(diagnosis)}
    q = matrix.q_matrix
    earned = np.where(matrix.observed, matrix.points, 0.0)
    possible = np.where(matrix.observed, matrix.max_scores[None, :], 0.0)
    rate = {
        kp: (earned[:, q[:, j]].sum() / possible[:, q[:, j]].sum()) if possible[:, q[:, j]].sum() > 0 else float("nan")
        for j, kp in enumerate(matrix.knowledge_points)
    }
    direct: dict[str, list[str]] = {}
    for point, pre in prerequisites:
        direct.setdefault(point, []).append(pre)
    ok = np.array([judged(diagnosis, s) for s in range(len(diagnosis.student_ids))]).reshape(
        len(diagnosis.student_ids), -1
    )
    rows = []
    for k, kp in enumerate(diagnosis.knowledge_points):
        summary = summaries[kp]
        below = sorted(
            (
                (diagnosis.student_ids[s], float(diagnosis.mastery[s, k]))
                for s in range(len(diagnosis.student_ids))
                if ok[s, k] and diagnosis.mastery[s, k] < threshold
            ),
            key=lambda t: t[1],
        )
        rows.append(
            PointRow(
                kp,
                summary.mean_mastery,
                summary.lower,
                summary.upper,
                rate.get(kp, float("nan")),
                below,
                int(ok[:, k].sum()),
                int((~ok[:, k]).sum()),
                tuple(direct.get(kp, ())),
            )
        )
    count = {r.knowledge_point: len(r.below) for r in rows}
    order = topological_order(list(diagnosis.knowledge_points), prerequisites, key=lambda p: -count[p])
    return ClassReport(rows, order, item_analysis(matrix), threshold)


def item_label(item_id: str, assessment: str | None) -> str:
    """The question's label without its assessment prefix ("期中考试/第3题" → "第3题") where the
    assessment is shown beside it."""
    prefix = f"{assessment}/" if assessment else ""
    return item_id[len(prefix) :] if prefix and item_id.startswith(prefix) else item_id


def item_flags(stat, lang: str) -> str:
    """Short notes on a question: hard (score rate < 0.4), easy (> 0.9), low discrimination (< 0.2)."""
    flags = []
    if stat.score_rate == stat.score_rate:
        if stat.score_rate < 0.4:
            flags.append(label("flag_hard", lang))
        elif stat.score_rate > 0.9:
            flags.append(label("flag_easy", lang))
    if stat.discrimination == stat.discrimination and round(stat.discrimination, 2) < 0.2:
        flags.append(label("flag_low_disc", lang))
    return list_separator(lang).join(flags)


def option_text(stat: ItemStats, lang: str) -> str:
    """A choice question's answers and how many chose each, the key marked: "B✓ 12 · C 9 · A 7"; "" otherwise."""
    return " · ".join(
        f"{answer}{'✓' if answer == stat.answer_key else ''} {n}{'人' if lang == 'zh' else ''}"
        for answer, n in stat.options
    )


ITEM_COLUMNS = (
    "assessment",
    "question_id",
    "max_score",
    "knowledge_point",
    "answered",
    "score_rate",
    "discrimination",
    "flag",
    "options",
)
"""The item analysis' columns in order (keys of `app.charts.texts.LABELS`): the class report's sheet and PDF and the
window's item table all show these."""


def item_cells(stat: ItemStats, lang: str) -> dict[str, Cell]:
    """A question's item-analysis cells by column (`ITEM_COLUMNS`), as a sheet holds them: numbers stay numbers."""
    return {
        "assessment": stat.assessment,
        "question_id": item_label(stat.item_id, stat.assessment),
        "max_score": stat.max_score,
        "knowledge_point": listed(stat.knowledge_points, lang),
        "answered": stat.answered,
        "score_rate": _r(stat.score_rate),
        "discrimination": _r(stat.discrimination),
        "flag": item_flags(stat, lang),
        "options": option_text(stat, lang),
    }


def report_tables(report: ClassReport, people: People, lang: str) -> list[Table]:
    """The class report as sheets: knowledge points, item analysis, students needing help."""
    sep = list_separator(lang)
    points = Table(
        label("sheet_kps", lang),
        tuple(
            label(k, lang)
            for k in (
                "knowledge_point",
                "mean_mastery",
                "lower",
                "upper",
                "score_rate",
                "n_below",
                "share_below",
                "n_insufficient",
                "prerequisites",
            )
        ),
        [
            (
                r.knowledge_point,
                _r(r.mean),
                _r(r.lower),
                _r(r.upper),
                _r(r.score_rate),
                len(r.below),
                _r(r.share_below),
                r.insufficient,
                sep.join(r.prerequisites),
            )
            for r in report.points
        ],
    )
    items = Table(
        label("sheet_items", lang),
        tuple(label(k, lang) for k in ITEM_COLUMNS),
        [tuple(item_cells(st, lang)[k] for k in ITEM_COLUMNS) for st in report.items],
    )
    by_point = {r.knowledge_point: r for r in report.points}
    help_rows: list[tuple[Cell, ...]] = []
    for kp in report.help_order:
        r = by_point[kp]
        ordered = r.below if not people.anonymise else sorted(r.below, key=lambda t: (t[1], people.name(t[0])))
        help_rows.append((kp, len(r.below), sep.join(f"{people.name(sid)} ({m:.2f})" for sid, m in ordered)))
    helps = Table(
        label("sheet_help", lang), tuple(label(k, lang) for k in ("knowledge_point", "count", "students")), help_rows
    )
    return [points, items, helps]
