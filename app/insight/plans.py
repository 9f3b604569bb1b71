"""Practice plans: for each point on a student's learning path, the questions to practise (no torch, no Qt).

A plan picks, for each point on the path, questions tagged with it (the imported exam questions
the student did not answer fully right, plus an optional question bank) whose predicted success
for that student is nearest the desirable band (default 0.6–0.8).

    data = DiagnosedClass("八年级(3)班", matrix, diagnosis, expected_scores(diagnosis), links)
    plan = practice_plan(data, s, PlanSettings(threshold=0.6))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.core.diagnosis import Diagnosis
from app.core.gradebook import BankQuestion
from app.core.links import as_links
from app.core.logits import logit, sigmoid
from app.core.problems import Text
from app.core.score_matrix import ScoreMatrix
from app.insight.findings import Findings
from app.insight.paths import (
    PathStep,
    expected_gains,
    judged,
    learning_path,
    resolve_threshold,
)

DEFAULT_TARGET = (0.6, 0.8)
DEFAULT_PER_POINT = 3
_EPS = 1e-6


@dataclass(frozen=True)
class PlannedQuestion:
    """One question chosen for one point of a plan."""

    question_id: str  # the exam's item id, or the bank's question id
    source: str  # "exam" or "bank"
    assessment: str | None  # the exam it comes from (exam questions)
    text: str | None  # the question text (bank questions)
    knowledge_points: tuple[str, ...]
    max_score: float
    predicted_success: float  # expected score fraction for this student
    in_target: bool  # predicted success inside the target band
    estimated: bool  # predicted by a simple rule, not by the engine
    last_score: float | None  # points the student got on it (exam questions), None if absent, blank or new
    why: Text


@dataclass(frozen=True)
class PlanStep:
    """A point of the learning path with the questions chosen for it."""

    step: PathStep
    questions: tuple[PlannedQuestion, ...]
    note: Text | None = None  # e.g. no question left to practise


@dataclass(frozen=True)
class PracticePlan:
    """A student's practice plan: the path with questions, and what could not be judged."""

    student_id: str
    student_name: str | None
    steps: tuple[PlanStep, ...]
    insufficient: tuple[str, ...]  # points with too little evidence to judge
    threshold: float
    target: tuple[float, float]
    summary: Text

    @property
    def path(self) -> list[PathStep]:
        """The learning path the plan follows."""
        return [s.step for s in self.steps]


_RATE_EPS = 0.02  # the estimator clips rates and masteries to [0.02, 0.98] before the logit


class _Estimator:
    """The rule used where the engine gives no prediction (bank questions, no engine):
    logit p = logit(typical score rate) + mean over the question's points of
    (logit mastery of the student − logit class mean mastery)."""

    def __init__(self, diagnosis: Diagnosis, matrix: ScoreMatrix) -> None:
        self.diagnosis = diagnosis
        self.col = {k: j for j, k in enumerate(diagnosis.knowledge_points)}
        m = np.asarray(diagnosis.mastery, float)
        self.shift = logit(m, _RATE_EPS) - logit(m.mean(axis=0), _RATE_EPS)[None, :]
        observed = matrix.observed
        counts = observed.sum(axis=0)
        sums = np.where(observed, matrix.fractions, 0.0).sum(axis=0)
        self.item_rate = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        self.point_rate: dict[str, float] = {}
        for j, k in enumerate(matrix.knowledge_points):
            rates = self.item_rate[matrix.q_matrix[:, j]]
            rates = rates[~np.isnan(rates)]
            self.point_rate[k] = float(rates.mean()) if rates.size else 0.7

    def success(self, student_index: int, points: Sequence[str], typical: float | None) -> float:
        cols = [self.col[p] for p in points if p in self.col]
        if typical is None or np.isnan(typical):
            typical = float(np.mean([self.point_rate.get(p, 0.7) for p in points]))
        shift = float(np.mean(self.shift[student_index, cols])) if cols else 0.0
        return float(sigmoid(logit(typical, _RATE_EPS) + shift))


def _band_key(p: float, target: tuple[float, float]) -> tuple[float, float]:
    lo, hi = target
    outside = lo - p if p < lo else (p - hi if p > hi else 0.0)
    return (round(outside, 9), round(abs(p - (lo + hi) / 2), 9))


def _why(q: PlannedQuestion, target: tuple[float, float]) -> Text:
    lo, hi = target
    p = q.predicted_success
    est_zh, est_en = ("（估计）", " (estimated)") if q.estimated else ("", "")
    if q.in_target:
        zh, en = (
            f"预测得分率 {p:.2f}{est_zh}，在目标区间 {lo:.1f}–{hi:.1f} 内",
            f"predicted success {p:.2f}{est_en}, inside the target {lo:.1f}–{hi:.1f}",
        )
    elif p < lo:
        zh, en = (
            f"预测得分率 {p:.2f}{est_zh}，略难（没有更合适的题）",
            f"predicted success {p:.2f}{est_en}, on the hard side (no closer question)",
        )
    else:
        zh, en = (
            f"预测得分率 {p:.2f}{est_zh}，偏易（没有更合适的题）",
            f"predicted success {p:.2f}{est_en}, on the easy side (no closer question)",
        )
    if q.source == "bank":
        zh, en = zh + "；题库新题", en + "; new question from the bank"
    elif q.last_score is None:
        # blank, 缺考, 未扫 alike: a student absent from that exam must not read as one who left it blank
        zh, en = zh + "；上次没有得分（缺考或未作答）", en + "; no score last time (absent or left blank)"
    else:
        zh += f"；上次得 {q.last_score:g}/{q.max_score:g} 分"
        en += f"; scored {q.last_score:g}/{q.max_score:g} last time"
    return Text(zh + "。", en[:1].upper() + en[1:] + ".")


@dataclass(frozen=True)
class PlanSettings:
    """The teacher's settings for paths and plans."""

    threshold: float | None = None  # weak below this mastery; None: the diagnosis' own
    target: tuple[float, float] = DEFAULT_TARGET  # the desirable band of predicted success
    per_point: int = DEFAULT_PER_POINT  # questions per point of the path
    min_evidence: int = 0  # scored questions a point needs to be judged, on top of the diagnosis' own gate
    generated: dt.date | None = None  # the date printed on exports; today if None


@dataclass(frozen=True)
class DiagnosedClass:
    """One diagnosed class as plans and exports read it.

    `predicted_success` is (S, I) in `matrix` order (the diagnosis' expected score fractions), or
    None to estimate them by a simple rule (the plans then say "estimated"). `bank_success`, if
    given, is (S_diagnosis, len(bank)); else bank questions are estimated from their 难度系数.
    """

    class_name: str
    matrix: ScoreMatrix
    diagnosis: Diagnosis
    predicted_success: np.ndarray | None = None
    prerequisites: Sequence[tuple[str, str]] = ()
    bank: Sequence[BankQuestion] | None = None
    bank_success: np.ndarray | None = None
    findings: Findings | None = None  # one finding per flag (the mastery table's Overall, P(weak) and Finding)
    run_id: int | None = None  # the stored run it was read from (None: diagnosed for one export alone)


class _Planner:
    """What every plan of one class shares: paths' gains, the fallback estimator, the question index."""

    def __init__(self, data: DiagnosedClass, settings: PlanSettings) -> None:
        lo, hi = settings.target
        if not 0 <= lo <= hi <= 1:
            raise ValueError(f"target {settings.target} is not a band inside [0, 1]")
        self.data, self.settings = data, settings
        self.threshold = resolve_threshold(data.diagnosis, settings.threshold)
        self.links = as_links(data.prerequisites)
        self.gain = expected_gains(data.diagnosis, data.matrix)
        self.estimator = _Estimator(data.diagnosis, data.matrix)
        matrix = data.matrix
        self.kp_col = {k: j for j, k in enumerate(matrix.knowledge_points)}
        self.row = {sid: r for r, sid in enumerate(matrix.student_ids)}
        self.item_points = [
            tuple(k for k, on in zip(matrix.knowledge_points, matrix.q_matrix[i]) if on)
            for i in range(len(matrix.item_ids))
        ]

    def plan(self, student_index: int) -> PracticePlan:
        """The practice plan of the diagnosis' student `student_index`."""
        d, settings, (lo, hi) = self.data.diagnosis, self.settings, self.settings.target
        path = learning_path(
            d,
            student_index,
            self.links,
            threshold=self.threshold,
            expected_gain=self.gain,
            min_evidence=settings.min_evidence,
        )
        sid = d.student_ids[student_index]
        row = self.row.get(sid)
        used: set[tuple[str, str]] = set()
        plan_steps = []
        for step in path:
            candidates = [
                *self._exam_candidates(student_index, row, step.knowledge_point),
                *self._bank_candidates(student_index, step.knowledge_point),
            ]
            candidates = [c for c in candidates if (c.source, c.question_id) not in used]
            candidates.sort(
                key=lambda c: (
                    *_band_key(c.predicted_success, settings.target),
                    len(c.knowledge_points),
                    c.source,
                    c.question_id,
                )
            )
            chosen = tuple(
                PlannedQuestion(**{**c.__dict__, "why": _why(c, settings.target)})
                for c in candidates[: settings.per_point]
            )
            used.update((c.source, c.question_id) for c in chosen)
            note = None
            if not chosen:
                note = Text(
                    "没有可练的题目（相关题目都已全对或已排在前面），请补充练习题。",
                    "No question left to practise (all were answered fully right or are planned above); "
                    "add practice questions.",
                )
            elif not any(c.in_target for c in chosen):
                note = Text(
                    f"没有预测得分率在 {lo:.1f}–{hi:.1f} 之间的题目，已选最接近的。",
                    f"No question has a predicted success between {lo:.1f} and {hi:.1f}; the closest were chosen.",
                )
            plan_steps.append(PlanStep(step, chosen, note))
        ok = judged(d, student_index, min_evidence=settings.min_evidence)
        insufficient = tuple(k for k, good in zip(d.knowledge_points, ok) if not good)
        name = self.data.matrix.student_names[row] if row is not None else None
        return PracticePlan(
            sid,
            name,
            tuple(plan_steps),
            insufficient,
            self.threshold,
            (lo, hi),
            _summary(len(plan_steps), insufficient, self.threshold),
        )

    def _exam_candidates(self, student_index: int, row: int | None, point: str) -> list[PlannedQuestion]:
        """The exam's questions testing `point` that the student did not answer fully right."""
        matrix, success, (lo, hi) = self.data.matrix, self.data.predicted_success, self.settings.target
        if point not in self.kp_col:
            return []
        found = []
        for i in np.flatnonzero(matrix.q_matrix[:, self.kp_col[point]]):
            score = matrix.points[row, i] if row is not None else np.nan
            if not np.isnan(score) and score >= matrix.max_scores[i] - _EPS:
                continue  # already answered fully right
            if success is not None and row is not None and not np.isnan(success[row, i]):
                p, estimated = float(success[row, i]), False
            else:
                p = self.estimator.success(student_index, self.item_points[i], self.estimator.item_rate[i])
                estimated = True
            found.append(
                PlannedQuestion(
                    matrix.item_ids[i],
                    "exam",
                    matrix.assessments[int(matrix.item_assessment[i])],
                    None,
                    self.item_points[i],
                    float(matrix.max_scores[i]),
                    p,
                    lo <= p <= hi,
                    estimated,
                    None if np.isnan(score) else float(score),
                    Text("", ""),
                )
            )
        return found

    def _bank_candidates(self, student_index: int, point: str) -> list[PlannedQuestion]:
        """The bank's questions testing `point`."""
        (lo, hi), success = self.settings.target, self.data.bank_success
        found = []
        for b, q in enumerate(self.data.bank or ()):
            if point not in q.knowledge_points:
                continue
            if success is not None:
                p, estimated = float(success[student_index, b]), False
            else:
                p, estimated = self.estimator.success(student_index, q.knowledge_points, q.difficulty), True
            found.append(
                PlannedQuestion(
                    q.question_id,
                    "bank",
                    q.source,
                    q.text,
                    q.knowledge_points,
                    q.max_score,
                    p,
                    lo <= p <= hi,
                    estimated,
                    None,
                    Text("", ""),
                )
            )
        return found


def practice_plan(data: DiagnosedClass, student_index: int, settings: PlanSettings = PlanSettings()) -> PracticePlan:
    """The practice plan of the diagnosis' student `student_index`.

    A question is never planned twice, and never if the student already scored full marks on it.
    Raises `GraphCycleError` if the prerequisites have a cycle.
    """
    return _Planner(data, settings).plan(student_index)


def _summary(n_weak: int, insufficient: tuple[str, ...], threshold: float) -> Text:
    if n_weak:
        zh = f"有 {n_weak} 个知识点掌握度低于 {threshold:.2f}，按学习顺序排列如下。"
        en = f"{n_weak} knowledge point{'s are' if n_weak != 1 else ' is'} below {threshold:.2f}, in learning order below."
    else:
        zh = f"没有掌握度低于 {threshold:.2f} 且证据充足的知识点。"
        en = f"No knowledge point with enough evidence is below {threshold:.2f}."
    if insufficient:
        zh += f"证据不足、暂不判断：{'、'.join(insufficient)}。"
        en += f" Too little evidence to judge: {', '.join(insufficient)}."
    return Text(zh, en)


def build_plans(data: DiagnosedClass, settings: PlanSettings = PlanSettings()) -> list[PracticePlan]:
    """Every student's practice plan, in the diagnosis' student order (see `practice_plan`)."""
    planner = _Planner(data, settings)
    return [planner.plan(s) for s in range(len(data.diagnosis.student_ids))]
