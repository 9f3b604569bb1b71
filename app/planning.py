"""Learning paths and practice plans from a diagnosis: pure functions over plain arrays (no torch, no Qt).

A student's **learning path** is their weak knowledge points (mastery below the teacher's
threshold, judged only where the evidence suffices), each placed after the weak points it
depends on; among points free to go next, the larger expected gain goes first.

**Expected gain** of point *k* for student *s* is the share of the class's exam points that rest
on *k* and that *s* does not have yet:

    gain[s, k] = (1 − mastery[s, k]) × Σ_{questions i testing k} max_score[i] / n_points[i] / Σ_i max_score[i]

(a question testing two points counts half for each). It reads "mastering *k* may win about
gain × 100 % of the total score" and is what the chart and the exports show.

A **practice plan** picks, for each point on the path, questions tagged with it (the imported
exam questions the student did not answer fully right, plus an optional question bank) whose
predicted success for that student is nearest the desirable band (default 0.6–0.8).

    success = success_grid(engine.predict, matrix)             # (S, I), computed by the caller
    plan = practice_plan(diagnosis, matrix, success, s, links, threshold=0.6)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.diagnosis import Diagnosis
from app.knowledge_graph import (
    POINT_HEADERS,
    LinkLike,
    _find,
    _SPLIT,
    as_links,
    prerequisite_closure,
    read_table_rows,
    topological_order,
)
from app.problems import Problem, Severity, Text
from app.score_matrix import ScoreMatrix

DEFAULT_THRESHOLD = 0.5
"""Used when neither the teacher nor the diagnosis' settings ("weak_below") give a threshold."""
DEFAULT_TARGET = (0.6, 0.8)
DEFAULT_PER_POINT = 3
_EPS = 1e-6


# --------------------------------------------------------------------------- learning path


@dataclass(frozen=True)
class PathStep:
    """One weak knowledge point on a student's learning path."""

    knowledge_point: str
    mastery: float
    lower: float
    upper: float
    evidence: int  # scored questions that test the point
    status: str  # the diagnosis' status for the cell
    expected_gain: float  # share of total points (see module doc); room to grow (1 − mastery) if unknown
    weak_prerequisites: tuple[str, ...]  # weak points on the path that come before it and that it needs
    unlocks: tuple[str, ...]  # points later on the path that need it
    unchecked_prerequisites: tuple[str, ...]  # its prerequisites whose mastery cannot be judged yet
    reason: Text  # why it is on the path, for the teacher


def expected_gains(diagnosis: Diagnosis, matrix: ScoreMatrix) -> np.ndarray:
    """(S, K) expected gain per student × knowledge point, in the diagnosis' order (see module doc)."""
    q = matrix.q_matrix.astype(float)
    per_item = matrix.max_scores / np.maximum(q.sum(axis=1), 1.0)
    total = float(matrix.max_scores.sum()) or 1.0
    weight_by_name = dict(zip(matrix.knowledge_points, (q * per_item[:, None]).sum(axis=0) / total))
    weight = np.array([weight_by_name.get(k, 0.0) for k in diagnosis.knowledge_points])
    return (1.0 - np.asarray(diagnosis.mastery, float)) * weight[None, :]


def _gain_row(diagnosis: Diagnosis, student_index: int, expected_gain: np.ndarray | None) -> tuple[np.ndarray, bool]:
    if expected_gain is None:
        return 1.0 - np.asarray(diagnosis.mastery[student_index], float), False
    gain = np.asarray(expected_gain, float)
    return (gain[student_index] if gain.ndim == 2 else gain), True


def resolve_threshold(diagnosis: Diagnosis, threshold: float | None) -> float:
    """The teacher's threshold, else the one the diagnosis was made with, else `DEFAULT_THRESHOLD`."""
    if threshold is not None:
        return float(threshold)
    return float(diagnosis.settings.get("weak_below", DEFAULT_THRESHOLD))  # type: ignore[arg-type]


def judged(diagnosis: Diagnosis, student_index: int, *, min_evidence: int = 0) -> np.ndarray:
    """(K,) bool: where the evidence suffices to call the point weak or strong."""
    return (np.asarray(diagnosis.status[student_index]) != "insufficient") & (
        np.asarray(diagnosis.evidence[student_index]) >= min_evidence)


def learning_path(diagnosis: Diagnosis, student_index: int, prerequisites: Iterable[LinkLike] = (), *,
                  threshold: float | None = None, expected_gain: np.ndarray | None = None,
                  min_evidence: int = 0) -> list[PathStep]:
    """The student's weak points in learning order (weak prerequisites first, then larger gain first).

    `threshold` defaults to the diagnosis' own ("weak_below" in its settings).

    `expected_gain` is `expected_gains(diagnosis, matrix)` (S, K) or one student's row (K,); without
    it ties go to the larger room to grow (1 − mastery). Raises `GraphCycleError` on a cycle.
    """
    threshold = resolve_threshold(diagnosis, threshold)
    links = as_links(prerequisites)
    kps = list(diagnosis.knowledge_points)
    mastery = np.asarray(diagnosis.mastery[student_index], float)
    ok = judged(diagnosis, student_index, min_evidence=min_evidence)
    gain, gain_known = _gain_row(diagnosis, student_index, expected_gain)
    col = {k: j for j, k in enumerate(kps)}
    weak = [k for k in kps if ok[col[k]] and mastery[col[k]] < threshold]
    order = topological_order(weak, links, key=lambda k: (-round(float(gain[col[k]]), 12), mastery[col[k]]))
    closure = prerequisite_closure(links)
    weak_set = set(weak)
    steps = []
    for k in order:
        j = col[k]
        before = closure.get(k, set())
        weak_pre = tuple(p for p in order if p in before)
        unlocks = tuple(p for p in order if k in closure.get(p, set()))
        unchecked = tuple(p for p in kps if p in before and p not in weak_set and not ok[col[p]])
        unchecked += tuple(sorted(p for p in before if p not in col))
        step = PathStep(
            knowledge_point=k, mastery=float(mastery[j]), lower=float(diagnosis.lower[student_index, j]),
            upper=float(diagnosis.upper[student_index, j]), evidence=int(diagnosis.evidence[student_index, j]),
            status=str(diagnosis.status[student_index, j]), expected_gain=float(gain[j]),
            weak_prerequisites=weak_pre, unlocks=unlocks, unchecked_prerequisites=unchecked,
            reason=Text("", ""))
        steps.append(_with_reason(step, threshold, gain_known))
    return steps


def _names(points: Sequence[str], lang: str, most: int = 3) -> str:
    shown, rest = points[:most], len(points) - most
    if lang == "zh":
        return "、".join(f"“{p}”" for p in shown) + (f"等 {len(points)} 个知识点" if rest > 0 else "")
    return ", ".join(f"'{p}'" for p in shown) + (f" and {rest} more" if rest > 0 else "")


def _with_reason(step: PathStep, threshold: float, gain_known: bool) -> PathStep:
    zh = [f"掌握度 {step.mastery:.2f}（可能在 {step.lower:.2f}–{step.upper:.2f} 之间，依据 {step.evidence} 道题），"
          f"低于阈值 {threshold:.2f}。"]
    en = [f"Mastery {step.mastery:.2f} (likely {step.lower:.2f}–{step.upper:.2f}, from {step.evidence} "
          f"question{'s' if step.evidence != 1 else ''}), below the threshold {threshold:.2f}."]
    if step.weak_prerequisites:
        zh.append(f"它依赖的{_names(step.weak_prerequisites, 'zh')}也薄弱，已排在前面。")
        en.append(f"It builds on {_names(step.weak_prerequisites, 'en')}, also weak, so those come first.")
    if step.unlocks:
        zh.append(f"它是{_names(step.unlocks, 'zh')}的前置知识，先练它。")
        en.append(f"It is a prerequisite of {_names(step.unlocks, 'en')}, so it comes earlier.")
    if step.unchecked_prerequisites:
        zh.append(f"前置知识{_names(step.unchecked_prerequisites, 'zh')}证据不足或未考查，请留意。")
        en.append(f"Prerequisite {_names(step.unchecked_prerequisites, 'en')} has too little evidence "
                  "or was not tested; keep an eye on it.")
    if gain_known and step.expected_gain > 0:
        zh.append(f"练好它预计可多得约 {step.expected_gain:.0%} 的总分。")
        en.append(f"Mastering it may win about {step.expected_gain:.0%} of the total score.")
    return PathStep(**{**step.__dict__, "reason": Text("".join(zh), " ".join(en))})


# --------------------------------------------------------------------------- question bank


@dataclass(frozen=True)
class BankQuestion:
    """A practice question from an imported question bank (not part of any exam)."""

    question_id: str
    text: str
    knowledge_points: tuple[str, ...]
    max_score: float = 1.0
    difficulty: float | None = None  # 难度系数: typical score rate in (0, 1), higher is easier
    source: str | None = None  # e.g. the workbook or textbook page


BANK_HEADERS = {
    "id": ("question_id", "id", "item_id", "题号", "编号", "题目编号"),
    "text": ("text", "question", "stem", "题目", "题干", "内容", "题目内容"),
    "points": (*POINT_HEADERS[:-1], "knowledge_points"),
    "max_score": ("max_score", "points", "满分", "分值"),
    "difficulty": ("difficulty", "难度", "难度系数", "p_value"),
    "source": ("source", "出处", "来源"),
}


def read_question_bank(path: Path | str) -> tuple[list[BankQuestion], list[Problem]]:
    """Read a question bank (CSV/XLSX/XLS): `question_id, text, knowledge_points[, max_score, difficulty, source]`.

    `difficulty` is the 难度系数 (typical score rate, 0–1); a value above 1 is read as a percentage.
    """
    path = Path(path)
    sheets, problems = read_table_rows(path)
    if problems:
        return [], problems
    for sheet, rows in sheets:
        rows = [(r, c) for r, c in rows if any(c)]
        if not rows:
            continue
        header = rows[0][1]
        cols = {key: _find(header, names) for key, names in BANK_HEADERS.items()}
        if cols["text"] is None or cols["points"] is None:
            continue
        return _bank_rows(rows[1:], header, cols, path.name, sheet)
    return [], [Problem(Severity.ERROR, Text(
        "找不到表头：题库需要“题目”列和“知识点”列。",
        "No header found: a question bank needs a 'text' column and a 'knowledge_points' column."), path.name)]


def _bank_rows(rows, header, cols, name, sheet) -> tuple[list[BankQuestion], list[Problem]]:
    questions: list[BankQuestion] = []
    problems: list[Problem] = []
    ids: set[str] = set()

    def get(cells, key):
        j = cols[key]
        return cells[j].strip() if j is not None and j < len(cells) else ""

    for row, cells in rows:
        text, points = get(cells, "text"), tuple(p.strip() for p in _SPLIT.split(get(cells, "points")) if p.strip())
        if not text or not points:
            problems.append(Problem(Severity.WARNING, Text(
                "题目或知识点为空，本行已跳过。", "The question text or its knowledge points are blank; row skipped."),
                name, sheet, row))
            continue
        qid = get(cells, "id") or f"#{row}"
        if qid in ids:
            problems.append(Problem(Severity.WARNING, Text(
                f"题号“{qid}”重复，本行已跳过。", f"Duplicate question id '{qid}'; row skipped."),
                name, sheet, row, header[cols["id"]] if cols["id"] is not None else None))
            continue
        max_score, difficulty = 1.0, None
        for key in ("max_score", "difficulty"):
            raw = get(cells, key)
            if not raw:
                continue
            try:
                value = float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
            except ValueError:
                problems.append(Problem(Severity.WARNING, Text(
                    f"“{raw}”不是数字，已忽略。", f"'{raw}' is not a number; ignored."), name, sheet, row, header[cols[key]]))
                continue
            if key == "max_score" and value > 0:
                max_score = value
            elif key == "difficulty":
                value = value / 100 if value > 1 else value
                if 0 < value < 1:
                    difficulty = value
        ids.add(qid)
        questions.append(BankQuestion(qid, text, points, max_score, difficulty, get(cells, "source") or None))
    return questions, problems


# --------------------------------------------------------------------------- practice plan


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
    last_score: float | None  # points the student got on it (exam questions), None if unanswered or new
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


def success_grid(predict: Callable[[ScoreMatrix, np.ndarray, np.ndarray], np.ndarray], matrix: ScoreMatrix) -> np.ndarray:
    """(S, I) predicted success for every student × question, from the engine's `predict(matrix, s, i)`."""
    s, i = matrix.points.shape
    students, items = np.repeat(np.arange(s), i), np.tile(np.arange(i), s)
    return np.asarray(predict(matrix, students, items), float).reshape(s, i)


def _logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(np.asarray(p, float), 0.02, 0.98)
    return np.log(p / (1 - p))


def _sigmoid(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, float)))


class _Estimator:
    """The rule used where the engine gives no prediction (bank questions, no engine):
    logit p = logit(typical score rate) + mean over the question's points of
    (logit mastery of the student − logit class mean mastery)."""

    def __init__(self, diagnosis: Diagnosis, matrix: ScoreMatrix) -> None:
        self.diagnosis = diagnosis
        self.col = {k: j for j, k in enumerate(diagnosis.knowledge_points)}
        m = np.asarray(diagnosis.mastery, float)
        self.shift = _logit(m) - _logit(m.mean(axis=0))[None, :]
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
        return float(_sigmoid(_logit(typical) + shift))


def _band_key(p: float, target: tuple[float, float]) -> tuple[float, float]:
    lo, hi = target
    outside = lo - p if p < lo else (p - hi if p > hi else 0.0)
    return (round(outside, 9), round(abs(p - (lo + hi) / 2), 9))


def _why(q: PlannedQuestion, target: tuple[float, float]) -> Text:
    lo, hi = target
    p = q.predicted_success
    est_zh, est_en = ("（估计）", " (estimated)") if q.estimated else ("", "")
    if q.in_target:
        zh, en = f"预测得分率 {p:.2f}{est_zh}，在目标区间 {lo:.1f}–{hi:.1f} 内", f"predicted success {p:.2f}{est_en}, inside the target {lo:.1f}–{hi:.1f}"
    elif p < lo:
        zh, en = f"预测得分率 {p:.2f}{est_zh}，略难（没有更合适的题）", f"predicted success {p:.2f}{est_en}, on the hard side (no closer question)"
    else:
        zh, en = f"预测得分率 {p:.2f}{est_zh}，偏易（没有更合适的题）", f"predicted success {p:.2f}{est_en}, on the easy side (no closer question)"
    if q.source == "bank":
        zh, en = zh + "；题库新题", en + "; new question from the bank"
    elif q.last_score is None:
        zh, en = zh + "；上次未作答", en + "; not answered last time"
    else:
        zh += f"；上次得 {q.last_score:g}/{q.max_score:g} 分"
        en += f"; scored {q.last_score:g}/{q.max_score:g} last time"
    return Text(zh + "。", en[:1].upper() + en[1:] + ".")


def practice_plan(diagnosis: Diagnosis, matrix: ScoreMatrix, predicted_success: np.ndarray | None,
                  student_index: int, prerequisites: Iterable[LinkLike] = (), *,
                  threshold: float | None = None, target: tuple[float, float] = DEFAULT_TARGET,
                  per_point: int = DEFAULT_PER_POINT, bank: Sequence[BankQuestion] | None = None,
                  bank_success: np.ndarray | None = None, expected_gain: np.ndarray | None = None,
                  min_evidence: int = 0, _estimator: _Estimator | None = None) -> PracticePlan:
    """The practice plan of `diagnosis` student `student_index`.

    `predicted_success` is (S, I) in `matrix` order (the engine's expected score fractions;
    `None` falls back to a simple rule, marked as estimated). `bank_success`, if given, is
    (S_diagnosis, len(bank)); else bank questions are estimated from their 难度系数. A question is
    never planned twice, and never if the student already scored full marks on it.
    Raises `GraphCycleError` if the prerequisites have a cycle.
    """
    threshold = resolve_threshold(diagnosis, threshold)
    lo, hi = target
    if not 0 <= lo <= hi <= 1:
        raise ValueError(f"target {target} is not a band inside [0, 1]")
    gain = expected_gains(diagnosis, matrix) if expected_gain is None else expected_gain
    path = learning_path(diagnosis, student_index, prerequisites, threshold=threshold, expected_gain=gain,
                         min_evidence=min_evidence)
    estimator = _estimator or _Estimator(diagnosis, matrix)
    sid = diagnosis.student_ids[student_index]
    row = matrix.student_ids.index(sid) if sid in matrix.student_ids else None
    name = matrix.student_names[row] if row is not None else None
    kp_col = {k: j for j, k in enumerate(matrix.knowledge_points)}
    item_points = [tuple(k for k, on in zip(matrix.knowledge_points, matrix.q_matrix[i]) if on)
                   for i in range(len(matrix.item_ids))]
    used: set[tuple[str, str]] = set()
    plan_steps = []
    for step in path:
        k = step.knowledge_point
        candidates: list[PlannedQuestion] = []
        if k in kp_col:
            for i in np.flatnonzero(matrix.q_matrix[:, kp_col[k]]):
                score = matrix.points[row, i] if row is not None else np.nan
                if not np.isnan(score) and score >= matrix.max_scores[i] - _EPS:
                    continue  # already answered fully right
                if predicted_success is not None and row is not None and not np.isnan(predicted_success[row, i]):
                    p, estimated = float(predicted_success[row, i]), False
                else:
                    p, estimated = estimator.success(student_index, item_points[i], estimator.item_rate[i]), True
                candidates.append(PlannedQuestion(
                    matrix.item_ids[i], "exam", matrix.assessments[int(matrix.item_assessment[i])], None,
                    item_points[i], float(matrix.max_scores[i]), p, lo <= p <= hi, estimated,
                    None if np.isnan(score) else float(score), Text("", "")))
        for b, q in enumerate(bank or ()):
            if k not in q.knowledge_points:
                continue
            if bank_success is not None:
                p, estimated = float(bank_success[student_index, b]), False
            else:
                p, estimated = estimator.success(student_index, q.knowledge_points, q.difficulty), True
            candidates.append(PlannedQuestion(q.question_id, "bank", q.source, q.text, q.knowledge_points,
                                              q.max_score, p, lo <= p <= hi, estimated, None, Text("", "")))
        candidates = [c for c in candidates if (c.source, c.question_id) not in used]
        candidates.sort(key=lambda c: (*_band_key(c.predicted_success, target), len(c.knowledge_points),
                                       c.source, c.question_id))
        chosen = tuple(PlannedQuestion(**{**c.__dict__, "why": _why(c, target)}) for c in candidates[:per_point])
        used.update((c.source, c.question_id) for c in chosen)
        note = None
        if not chosen:
            note = Text("没有可练的题目（相关题目都已全对或已排在前面），请补充练习题。",
                        "No question left to practise (all were answered fully right or are planned above); "
                        "add practice questions.")
        elif not any(c.in_target for c in chosen):
            note = Text(f"没有预测得分率在 {lo:.1f}–{hi:.1f} 之间的题目，已选最接近的。",
                        f"No question has a predicted success between {lo:.1f} and {hi:.1f}; the closest were chosen.")
        plan_steps.append(PlanStep(step, chosen, note))
    ok = judged(diagnosis, student_index, min_evidence=min_evidence)
    insufficient = tuple(k for k, good in zip(diagnosis.knowledge_points, ok) if not good)
    return PracticePlan(sid, name, tuple(plan_steps), insufficient, threshold, (lo, hi),
                        _summary(len(plan_steps), insufficient, threshold))


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


def build_plans(diagnosis: Diagnosis, matrix: ScoreMatrix, predicted_success: np.ndarray | None,
                prerequisites: Iterable[LinkLike] = (), *, threshold: float | None = None,
                target: tuple[float, float] = DEFAULT_TARGET, per_point: int = DEFAULT_PER_POINT,
                bank: Sequence[BankQuestion] | None = None, bank_success: np.ndarray | None = None,
                min_evidence: int = 0) -> list[PracticePlan]:
    """Every student's practice plan, in the diagnosis' student order (see `practice_plan`)."""
    links = as_links(prerequisites)
    gain = expected_gains(diagnosis, matrix)
    estimator = _Estimator(diagnosis, matrix)
    return [practice_plan(diagnosis, matrix, predicted_success, s, links, threshold=threshold, target=target,
                          per_point=per_point, bank=bank, bank_success=bank_success, expected_gain=gain,
                          min_evidence=min_evidence, _estimator=estimator)
            for s in range(len(diagnosis.student_ids))]
