"""The term: each student's mastery carried from exam to exam in date order (a Kalman-style Laplace filter).

    fit_term(classes, days=None, *, drift=DRIFT, device=None, prior=None, progress=None) -> TermFit
    TermFit.predict(j, student_idx, item_idx) -> p;  TermFit.states(j) -> [ExamState per exam, date order]
    TermFit.diagnosis(j, t, items=None) -> Diagnosis of class j as it stood after its exam t (date order)

The question parameters (and each class's level u and each point's level c) come from one joint fit of
every class over every exam (`fit_grade`): a paper's questions are calibrated once, on every class that sat
it. Each student's own part of the mastery logits, x_s = (g_s, d_s1..d_sK), is then filtered through the
class's exams in date order: the posterior after exam t (mean and full covariance, a Laplace approximation
found by Fisher scoring with the questions held fixed) is widened by the drift, variance
`drift.g` on g and `drift.d` on each d per 30 days between the exams, and becomes the prior of exam t+1.
Before the first exam the prior is the fitted grade's own (mean 0, its precisions of g and d, d's times
`drift.pull`). "Now" is the state after the class's latest exam; with no drift the filter is the pooled posterior
(one ability).

`predict` then moves every expected score by its paper's logit shift (`app.engine.recalibration`), fitted on the
grade's own scores as the filter expects them, so that each paper's expected scores average its observed ones:
the prior's shrinkage of the questions otherwise under-predicts papers of mostly easy questions. Its diagnoses
keep each question's shift in `item_params["shift"]`, so `expected_scores` of a stored run (the plans) gives the
same. `recalibrate=False` leaves the expected scores as the model gives them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from app.core.diagnosis import Diagnosis, Thresholds
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.engine.anchors import ItemAnchors
from app.engine.diagnose import (
    ENGINE_ADAPTATION,
    ClassState,
    GradeFit,
    block_support,
    class_rows,
    fit_grade,
    fitted_diagnosis,
)
from app.engine.grade import on_common_items
from app.engine.gradient import objective_gradient
from app.engine.model import (
    GROUPS,
    Params,
    kp_weights,
    mastery_logits,
    pair_fraction,
    student_level,
)
from app.engine.prior import Prior, Pull
from app.engine.recalibration import paper_shifts, shifted
from app.engine.task import TaskTensors
from app.engine.uncertainty import curvature_blocks, half_width, mastery_variance, pair_products, score_information

SCORING_STEPS = 8
"""Fisher-scoring steps of each exam's update (the student's problem is small and nearly quadratic)."""

CLASS_STEPS = 8
"""Reweighted Fisher-scoring steps of a class's moves on its points before each exam's update (`class_moves`)."""

MOVE_TAIL = 1.0
"""Degrees of freedom of the Student-t prior on a class's move on a point (scale: `Drift.c` per 30 days): a class is
taught a few points between two exams, by more than a Gaussian of that variance allows. 1 against 3 or a Gaussian,
on simulated terms, and at no cost on the drift's training classes (benchmarks/RESULTS.md, the class moves)."""

DAYS_PER_STEP = 30.0
"""The drift is stated per this many days."""

_ITEM_GROUPS = ("b", "a", "guess", "slip", "w")


def term_days(dates: Sequence[dt.date | None]) -> list[float]:
    """Day numbers of a class's exams (given in date order) for the term's drift; an undated exam (it sorted by the
    day it was imported) is put DAYS_PER_STEP after the one before it."""
    days: list[float] = []
    for date in dates:
        days.append(float(date.toordinal()) if date else (days[-1] + DAYS_PER_STEP if days else 0.0))
    return days


@dataclass(frozen=True)
class Drift:
    """How the filter carries a student: variance added per DAYS_PER_STEP days to the overall logit (g) and to each
    point's deviation (d), and `pull`, the prior precision of each deviation before the first exam as a multiple of
    the grade fit's own. The filter reaches each exam's optimum, where the fit's meta-learned inner steps stop short
    of it and so shrink the deviations harder than their precision says; without the pull the filtered term
    predicts worse than the same model's pooled fit (benchmarks/term_drift.py). `c` is the scale² per
    DAYS_PER_STEP days of the prior on a class's move on each point, which all its students share (`class_moves`;
    0: none)."""

    g: float = 0.4
    d: float = 0.0
    pull: float = 3.0
    c: float = 0.0


DRIFT = Drift(c=0.02)
"""What the app uses, by log loss on a grid over the training classes of ASSISTments 2009 and 2015
(benchmarks/term_drift.py): a pull of 2-5 beats none at every drift of g (0.5719 -> 0.5690 at g 0.4); the drift
is flat between g 0.15 and 0.4 and d's drift no better than none, so both stay as they were. The class moves' 0.02
is the largest on a grid (0, 0.02, 0.05, 0.1, 0.3) that costs those classes no measurable log loss (+0.00005 with
the Student-t prior; 0.05 costs 0.0011, 0.3 0.0046; benchmarks/term_drift.py --class-moves); on simulated terms it
lets a class taught one point show the rise 15-19 % of the time against 2-3 % (benchmarks/term_moves.py, RESULTS)."""

NO_DRIFT = Drift(0.0, 0.0)


@dataclass(frozen=True)
class ExamState:
    """A class's students after one exam: mastery with a `level` interval per student x point, overall logit."""

    exam: str
    day: float
    mastery: np.ndarray  # (S, K)
    lower: np.ndarray
    upper: np.ndarray
    ability: np.ndarray  # (S,) overall logit u + g


@dataclass(frozen=True)
class _Filtered:
    exams: tuple[str, ...]  # the class's exams in date order
    days: tuple[float, ...]
    means: tuple[torch.Tensor, ...]  # (S, K+1) of (g, d) after each exam
    covariances: tuple[torch.Tensor, ...]  # (S, K+1, K+1)
    shared: tuple[torch.Tensor, ...] = ()  # (S, K) the part of each d's variance its class shares (its moves')


@dataclass(frozen=True)
class TermFit:
    """The grade's joint fit and every class's filtered states; read with `predict` and `states`."""

    fit: GradeFit
    classes: tuple[ScoreMatrix, ...]
    columns: tuple[np.ndarray, ...]  # per class: the joint fit's column of each of its own items
    item_exam: tuple[str, ...]  # exam of each column of the joint fit
    filtered: tuple[_Filtered, ...]
    offsets: tuple[int, ...]  # first row of each class in the stacked grade
    level: float = 0.9
    shift: np.ndarray | None = None  # logit shift of each column's expected score (its paper's); None: none

    def _state(self, j: int, t: int) -> tuple[Params, TaskTensors]:
        start = self.offsets[j]
        params, task = class_rows(self.fit, start, start + len(self.classes[j].student_ids))
        x = self.filtered[j].means[t].to(params["g"].dtype)
        return {**params, "g": x[:, 0], "d": x[:, 1:]}, task

    def predict(self, j: int, student_idx: np.ndarray, item_idx: np.ndarray) -> np.ndarray:
        """Expected score fractions of class j's (student, item) index pairs: each from the state after the item's
        exam (the state now when class j did not sit it)."""
        students, cols = np.asarray(student_idx, dtype=int), self.columns[j][np.asarray(item_idx, dtype=int)]
        out = np.empty(len(students))
        run = self.filtered[j]
        last = len(run.exams) - 1
        which = np.array([run.exams.index(e) if e in run.exams else last for e in self.item_exam])[cols]
        device = self.fit.task.y.device
        with torch.no_grad():
            for t in np.unique(which):
                pick = which == t
                params, task = self._state(j, int(t))
                p = pair_fraction(
                    params,
                    task,
                    torch.as_tensor(students[pick], device=device),
                    torch.as_tensor(cols[pick], device=device),
                )
                out[pick] = p.clamp(0.0, 1.0).cpu().numpy()
        return out if self.shift is None else shifted(out, self.shift[cols])

    def exams(self, j: int) -> tuple[str, ...]:
        """Class j's exams in date order."""
        return self.filtered[j].exams

    def states(self, j: int) -> list[ExamState]:
        """Class j's students after each of its exams, in date order (the last is "now")."""
        return [self.state(j, t) for t in range(len(self.filtered[j].exams))]

    def state(self, j: int, t: int) -> ExamState:
        """Class j's students after its exam t (date order)."""
        run = self.filtered[j]
        with torch.no_grad():
            params, task = self._state(j, t)
            z = mastery_logits(params, task)
            var = mastery_variance(run.covariances[t]).clamp_min(0.0).to(z.dtype)
            half = half_width(var, self.level, self.fit.interval_scale)
            return ExamState(
                exam=run.exams[t],
                day=run.days[t],
                mastery=_numpy(torch.sigmoid(z)),
                lower=_numpy(torch.sigmoid(z - half)),
                upper=_numpy(torch.sigmoid(z + half)),
                ability=_numpy(student_level(params, task)),
            )

    def diagnosis(self, j: int, t: int = -1, items: np.ndarray | None = None) -> Diagnosis:
        """Class j as it stood after its exam t (date order; -1: now) as a Diagnosis over its own item columns
        `items` (default all): the state's mastery and interval, the evidence of its exams up to t, the joint
        fit's question parameters. `settings["model"]` is "term" and `settings["state_after"]` names exam t."""
        (diagnosis,) = self.diagnoses([j], t, [items])
        return diagnosis

    def diagnoses(
        self, classes: Sequence[int], t: int = -1, items: Sequence[np.ndarray | None] | None = None
    ) -> list[Diagnosis]:
        """`diagnosis(j, t, items[n])` of each class j of `classes`, their support metrics computed in one pass."""
        items = items if items is not None else [None] * len(classes)
        after = [t % len(self.filtered[j].exams) for j in classes]
        so_far = [self._exams_so_far(j, a) for j, a in zip(classes, after)]
        support = self._support(classes, after, so_far)
        return [
            self._diagnosis(j, a, seen, chosen, metrics)
            for j, a, seen, chosen, metrics in zip(classes, after, so_far, items, support)
        ]

    def _exams_so_far(self, j: int, t: int) -> np.ndarray:
        """(I,) bool over class j's own items: those of its exams up to its exam t (date order)."""
        m, run = self.classes[j], self.filtered[j]
        so_far = [m.assessments.index(e) for e in run.exams[: t + 1] if e in m.assessments]
        return np.isin(m.item_assessment, so_far)

    def _support(
        self, classes: Sequence[int], after: Sequence[int], so_far: Sequence[np.ndarray]
    ) -> list[dict[str, float]]:
        """Each class's support metrics on its scores of its exams so far, as it stood after them: the pairs each
        class's own `support_metrics` would read, their expected scores in one call for all the classes."""
        sizes = [len(self.classes[j].student_ids) for j in classes]
        rows = torch.cat([torch.arange(self.offsets[j], self.offsets[j] + n) for j, n in zip(classes, sizes)])
        params, task = _students(self.fit, rows.to(self.fit.task.y.device))
        x = torch.cat([self.filtered[j].means[t] for j, t in zip(classes, after)]).to(params["g"].dtype)
        params = {**params, "g": x[:, 0], "d": x[:, 1:]}
        bounds = np.cumsum([0, *sizes])
        blocks = [
            (slice(int(a), int(b)), self.columns[j][seen])
            for j, seen, (a, b) in zip(classes, so_far, itertools.pairwise(bounds))
        ]
        with torch.no_grad():
            return block_support(params, task, blocks)

    def _diagnosis(
        self, j: int, t: int, so_far: np.ndarray, items: np.ndarray | None, fit_metrics: dict[str, float]
    ) -> Diagnosis:
        """Class j after its exam t (`so_far`: its items of the exams up to t) over its items `items` (None: all)."""
        run, m = self.filtered[j], self.classes[j]
        state = self.state(j, t)
        chosen = np.arange(len(m.item_ids)) if items is None else np.asarray(items, dtype=int)
        thresholds = Thresholds(interval_level=self.level)
        seen = so_far & ~np.isnan(m.points)
        evidence = (seen.astype(float) @ m.q_matrix.astype(float)).round().astype(np.int64)
        params, _ = self._state(j, t)
        scored = ~np.isnan(m.points[:, chosen])
        score_rate = (
            np.where(
                scored.any(axis=0), np.nansum(m.points[:, chosen], axis=0) / np.maximum(scored.sum(axis=0), 1), np.nan
            )
            / m.max_scores[chosen]
        )
        diagnosis = fitted_diagnosis(
            self.fit,
            params,
            m,
            ClassState(state.mastery, state.lower, state.upper, evidence, state.ability),
            (chosen, self.columns[j][chosen]),
            score_rate,
            fit_metrics,
            len(self.classes) - 1,
            thresholds,
            ENGINE_ADAPTATION,
            {"model": "term", "state_after": run.exams[t], "term_exams": list(run.exams), **self._shared(j, t)},
        )
        if self.shift is None:
            return diagnosis
        # kept with the questions, so that `expected_scores` of a stored run gives what `predict` gives
        shift = {"shift": self.shift[self.columns[j][chosen]]}
        return dataclasses.replace(diagnosis, item_params={**diagnosis.item_params, **shift})

    def _shared(self, j: int, t: int) -> dict[str, object]:
        """Settings entry "class_move_variance": the variance (logit scale, times the interval scale squared) of each
        point that class j's students share after its exam t, from its moves (`class_moves`); none without moves."""
        shared = self.filtered[j].shared
        if not shared or not bool((shared[t] > 0).any()):
            return {}
        variance = shared[t].mean(dim=0) * self.fit.interval_scale**2
        return {"class_move_variance": [float(v) for v in variance.cpu()]}


def _numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy().astype(float)


def _exam_of_items(classes: Sequence[ScoreMatrix]) -> dict[str, str]:
    """Item id -> the name of its exam (the first class holding the item names it)."""
    out: dict[str, str] = {}
    for m in classes:
        for item, a in zip(m.item_ids, m.item_assessment):
            out.setdefault(item, m.assessments[int(a)])
    return out


def _exam_task(params: Params, task: TaskTensors, cols: torch.Tensor) -> tuple[Params, TaskTensors]:
    """The class's parameters and scores on one exam's questions only."""
    sub = {**params, **{k: params[k][cols] for k in _ITEM_GROUPS}}
    return sub, TaskTensors(task.y[:, cols], task.mask[:, cols], task.max_scores[cols], task.q[cols], task.member)


def _update(
    params: Params, task: TaskTensors, mean: torch.Tensor, precision: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """(posterior mean (S, K+1), posterior precision) of (g, d) after one exam's scores, from the Gaussian prior
    (mean, precision (S, K+1, K+1)), by Fisher scoring on the fractional-Bernoulli likelihood."""
    zero = {k: torch.zeros((), dtype=params["g"].dtype, device=mean.device) for k in GROUPS}
    no_prior = Pull(zero, zero)
    pairs = pair_products(kp_weights(params, task.q), mean.dtype)
    points = task.q.shape[-1]
    x = mean
    for step in range(SCORING_STEPS + 1):
        at = {**params, "g": x[:, 0].to(params["g"].dtype), "d": x[:, 1:].to(params["d"].dtype)}
        curvature = precision + curvature_blocks(score_information(at, task), pairs, points)
        if step == SCORING_STEPS:
            return x, curvature
        grads = objective_gradient(at, task, no_prior)
        gradient = torch.cat([grads["g"][:, None], grads["d"]], dim=1).to(mean.dtype)
        gradient = gradient + (precision @ (x - mean)[:, :, None]).squeeze(-1)
        x = x - torch.cholesky_solve(gradient[:, :, None], torch.linalg.cholesky(curvature)).squeeze(-1)
    raise AssertionError("unreachable")


def _students(fit: GradeFit, rows: torch.Tensor) -> tuple[Params, TaskTensors]:
    """Parameters and task of the given rows of the stacked grade (students of one or more classes)."""
    task = TaskTensors(fit.task.y[rows], fit.task.mask[rows], fit.task.max_scores, fit.task.q, fit.task.member[rows])
    return {**fit.params, "g": fit.params["g"][rows], "d": fit.params["d"][rows]}, task


def _filter(
    fit: GradeFit, rows: torch.Tensor, exams: list[tuple[str, torch.Tensor]], days: np.ndarray, drift: Drift
) -> _Filtered:
    """Run the students of `rows` (of classes that sat the same exams in the same order) through the exams
    (name, columns); `days` (rows, exams) is the day each student's class sat each exam."""
    params, task = _students(fit, rows)
    k = task.q.shape[-1]
    dtype, device = torch.float64, task.y.device
    widen = torch.tensor([drift.g] + [drift.d] * k, dtype=dtype, device=device)
    gaps = torch.as_tensor(np.diff(days, axis=1).clip(0.0) / DAYS_PER_STEP, dtype=dtype, device=device)
    means, covariances, shared = carry(fit, params, task, [cols for _, cols in exams], gaps, widen, drift.pull, drift.c)
    return _Filtered(tuple(e for e, _ in exams), (), tuple(means), tuple(covariances), tuple(shared))


def carry(
    fit: GradeFit,
    params: Params,
    task: TaskTensors,
    exams: Sequence[torch.Tensor],
    gaps: torch.Tensor,
    widen: torch.Tensor,
    pull: float,
    class_drift: float = 0.0,
) -> tuple[list[torch.Tensor], list[torch.Tensor], list[torch.Tensor]]:
    """Each student's (g, d) (rows of `params` and `task`) through the exams (their columns), from the fitted
    grade's prior: (mean (S, K+1), covariance (S, K+1, K+1)) after each exam. Before exam t the covariance grows
    by `gaps[:, t-1]` steps of the drift `widen` (K+1,): variances per step of g and each d. The means are filtered
    with each d's prior precision times `pull`; the covariances with the fit's own precision and each exam's
    information at those means, as one exam's diagnosis takes its mastery from the meta-learned steps and its
    interval from the fit's precision (the pull shrinks the estimate, it adds no evidence). Torch ops throughout,
    so a loss of the states is differentiable in `widen` (`app.engine.training.drift` learns it so)."""
    rows, k = task.y.shape[0], task.q.shape[-1]
    dtype, device = torch.float64, task.y.device

    def start(d_precision: float) -> torch.Tensor:
        variances = torch.tensor([1.0 / fit.precision_g] + [1.0 / d_precision] * k, dtype=dtype, device=device)
        return torch.diag_embed(variances.expand(rows, k + 1))

    mean = torch.zeros(rows, k + 1, dtype=dtype, device=device)
    pulled, covariance = start(fit.precision_d * pull), start(fit.precision_d)
    means, covariances, shared = [], [], []
    together = torch.zeros(rows, k, dtype=dtype, device=device)
    for t, cols in enumerate(exams):
        exam_params, exam_task = _exam_task(params, task, cols)
        if t > 0:
            drifted = gaps[:, t - 1, None, None] * torch.diag(widen)
            pulled, covariance = pulled + drifted, covariance + drifted
            if class_drift > 0.0:
                move, spread = class_moves(exam_params, exam_task, mean, class_drift * gaps[:, t - 1])
                mean, together = torch.cat([mean[:, :1], mean[:, 1:] + move], dim=1), together + spread
                widened = torch.diag_embed(torch.cat([torch.zeros_like(spread[:, :1]), spread], dim=1))
                pulled, covariance = pulled + widened, covariance + widened
        precision = _inverse(pulled)
        mean, posterior = _update(exam_params, exam_task, mean, precision)
        pulled = _inverse(posterior)
        covariance = _inverse(_inverse(covariance) + posterior - precision)
        means.append(mean)
        covariances.append(covariance)
        shared.append(together)
    return means, covariances, shared


def class_moves(
    params: Params, task: TaskTensors, mean: torch.Tensor, variance: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """(S, K) each student's class's move on every point since the last exam, and its variance: the class's move is
    found from the whole class's scores on the new exam (its students at their carried means `mean`), under a
    Student-t prior (MOVE_TAIL degrees of freedom, scale² `variance` (S,) per student's class) by reweighting. A
    class taught a point between two exams rises on it as a class; each student's few questions on the point would
    show it only through their own shrunk deviation."""
    dtype = mean.dtype
    member = task.member.to(dtype)
    size = member.sum(dim=0)
    prior = (member.T @ variance.to(dtype)) / size.clamp_min(1.0)  # (C,) one gap per class
    zero = {k: torch.zeros((), dtype=params["g"].dtype, device=mean.device) for k in GROUPS}
    pairs, points = pair_products(kp_weights(params, task.q), dtype), task.q.shape[-1]
    move = mean.new_zeros(member.shape[1], points)
    scale = prior.clamp_min(1e-12)[:, None].expand(-1, points)
    for step in range(CLASS_STEPS + 1):
        # a Student-t prior by reweighting: a class moves on few points, but on those by more than a Gaussian allows
        local = (MOVE_TAIL + 1.0) / (MOVE_TAIL * scale + move.detach() ** 2)
        precision = torch.where(prior[:, None] > 0, local, torch.full_like(local, 1e12))
        d = mean[:, 1:] + member @ move
        at = {**params, "g": mean[:, 0].to(params["g"].dtype), "d": d.to(params["d"].dtype)}
        information = curvature_blocks(score_information(at, task), pairs, points)[:, 1:, 1:]
        curvature = torch.einsum("sc,skl->ckl", member, information) + torch.diag_embed(precision)
        if step == CLASS_STEPS:
            spread = torch.diagonal(_inverse(curvature), dim1=1, dim2=2)
            return member @ move, member @ spread
        gradient = member.T @ objective_gradient(at, task, Pull(zero, zero))["d"].to(dtype) + precision * move
        move = move - torch.cholesky_solve(gradient[:, :, None], torch.linalg.cholesky(curvature)).squeeze(-1)
    raise AssertionError("unreachable")


def _inverse(matrix: torch.Tensor) -> torch.Tensor:
    """Inverse of a batch of symmetric positive definite matrices, by their Cholesky factors."""
    return torch.cholesky_inverse(torch.linalg.cholesky(matrix))


def _part(run: _Filtered, part: slice, days: list[float]) -> _Filtered:
    """The filtered states of one class's students (rows `part` of a run), its exams on `days`."""
    return _Filtered(
        run.exams,
        tuple(days),
        tuple(m[part] for m in run.means),
        tuple(c[part] for c in run.covariances),
        tuple(v[part] for v in run.shared),
    )


def fit_term(
    classes: Sequence[ScoreMatrix],
    days: Sequence[Sequence[float]] | None = None,
    *,
    drift: Drift = DRIFT,
    device: str | None = None,
    prior: Prior | None = None,
    level: float = 0.9,
    recalibrate: bool = True,
    progress: Progress | None = None,
    anchors: ItemAnchors | None = None,
) -> TermFit:
    """Fit a grade's term: `classes` share their knowledge points, their questions matched by item id (an exam
    sat by several classes under one name is one paper); `days[j][a]` is the day number of
    `classes[j].assessments[a]` (default: the assessments' order, DAYS_PER_STEP apart); `recalibrate`: shift each
    paper's expected scores to average its scores (see the module); `anchors` (on the first class's items): stored
    calibrations of its papers by other students to start from. Raises Cancelled when `progress` asks."""
    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "prepare")
    aligned, columns = on_common_items(classes)
    fit = fit_grade(aligned[0], aligned[1:], device, prior, ENGINE_ADAPTATION, Scaled(progress, 0.0, 0.6), anchors)
    if fit.task.y.device.type == "mps":  # no float64 and no batched Cholesky there: filter on the CPU
        fit = dataclasses.replace(fit, params={k: v.cpu() for k, v in fit.params.items()}, task=fit.task.to("cpu"))
    exam_of = _exam_of_items(classes)
    item_exam = tuple(exam_of[i] for i in aligned[0].item_ids)
    device_ = fit.task.y.device
    offsets = np.cumsum([0] + [len(m.student_ids) for m in classes]).tolist()
    groups: dict[tuple[str, ...], list[int]] = {}  # classes that sat the same exams in the same order
    sorted_days: list[list[float]] = []
    for j, m in enumerate(classes):
        when = [DAYS_PER_STEP * a for a in range(len(m.assessments))] if days is None else list(days[j])
        if len(when) != len(m.assessments):
            raise ValueError(f"class {j}: {len(when)} days for {len(m.assessments)} assessments")
        order = sorted(range(len(m.assessments)), key=lambda a: (when[a], a))
        groups.setdefault(tuple(m.assessments[a] for a in order), []).append(j)
        sorted_days.append([float(when[a]) for a in order])
    filtered: list[_Filtered | None] = [None] * len(classes)
    for n, (signature, members) in enumerate(groups.items()):
        checkpoint(progress, 0.6 + 0.4 * n / len(groups), "term")
        rows = [r for j in members for r in range(offsets[j], offsets[j + 1])]
        row_days = np.array([sorted_days[j] for j in members for _ in range(offsets[j], offsets[j + 1])])
        exams = [
            (exam, torch.as_tensor([c for c, e in enumerate(item_exam) if e == exam], device=device_))
            for exam in signature
        ]
        run, at = (
            _filter(
                fit, torch.as_tensor(rows, device=device_), exams, row_days.reshape(len(rows), len(signature)), drift
            ),
            0,
        )
        for j in members:
            size = offsets[j + 1] - offsets[j]
            filtered[j] = _part(run, slice(at, at + size), sorted_days[j])
            at += size
    checkpoint(progress, 1.0, "done")
    done = tuple(f for f in filtered if f is not None)
    term = TermFit(fit, tuple(classes), tuple(columns), item_exam, done, tuple(offsets[:-1]), level)
    return dataclasses.replace(term, shift=_paper_shift(term)) if recalibrate else term


def _paper_shift(term: TermFit) -> np.ndarray:
    """(columns,) each column's paper's logit shift, fitted on the grade's own scores as `term` expects them (each
    class's from its state after that paper's exam), one batch per paper."""
    fit = term.fit
    papers = sorted(set(term.item_exam))
    paper_of = np.array([papers.index(e) for e in term.item_exam])
    observed = fit.task.mask.cpu().numpy() > 0
    scores = fit.task.y.cpu().numpy()
    p, y, paper = [], [], []
    with torch.no_grad():
        for e, name in enumerate(papers):
            x = torch.cat([run.means[run.exams.index(name) if name in run.exams else -1] for run in term.filtered])
            params = {**fit.params, "g": x[:, 0].to(fit.params["g"].dtype), "d": x[:, 1:].to(fit.params["d"].dtype)}
            s, i = np.nonzero(observed & (paper_of == e)[None, :])
            device = fit.task.y.device
            pairs = (torch.as_tensor(s, device=device), torch.as_tensor(i, device=device))
            p.append(pair_fraction(params, fit.task, *pairs).clamp(0.0, 1.0).cpu().numpy())
            y.append(scores[s, i])
            paper.append(np.full(len(s), e))
    shifts = paper_shifts(np.concatenate(p), np.concatenate(y), np.concatenate(paper), len(papers))
    out: np.ndarray = shifts[paper_of]
    return out
