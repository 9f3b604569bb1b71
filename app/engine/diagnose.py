"""diagnose(), predict() and predict_grade(): adapt the prior to a class (within its grade) and read it off.

    diagnose(matrix, *, peers=(), device=None, progress=None, prior=None, anchors=None) -> Diagnosis
    predict(matrix, student_idx, item_idx, *, peers=(), device=None, prior=None, progress=None) -> p
    predict_grade(classes, pairs, *, device=None, prior=None, progress=None) -> [p per class]
    expected_scores(diagnosis) -> (S, I) expected fractions from the run's own parameters

`peers` are the other classes of the grade that took the same questions (their ScoreMatrix,
aligned by item id; a peer may lack some questions): the question parameters are fitted on the
whole grade and the class keeps its own level, so `diagnose(a, peers=[b, c])` reads class a off
the same joint fit as `predict_grade([a, b, c], ...)`. Under device "auto"/None the device is
chosen by size (`choose_device`), and the reason is kept in `Diagnosis.settings["device_reason"]`.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import torch

from app.core.diagnosis import STATUSES, Diagnosis, Thresholds
from app.core.logits import logit
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.engine.adapt import Optimizer, adapt
from app.engine.anchors import ItemAnchors
from app.engine.device import DeviceChoice, choose_device, device_label
from app.engine.grade import grade_task, on_common_items, target_rows
from app.engine.metrics import all_metrics
from app.engine.model import Params, item_link, kp_weights, link, pair_fraction, score_curve, student_level
from app.engine.prior import MODEL_VERSION, Prior, load_prior
from app.engine.recalibration import shifted
from app.engine.task import TaskTensors
from app.engine.uncertainty import mastery_interval

FIT_SAMPLE = 200_000
"""Fit metrics of a large class are computed on this many of its scores, drawn at random (seed 0)."""


@dataclass(frozen=True)
class Adaptation:
    """How adapt() is run: the prior's learned Meta-SGD steps, or Adam for up to `steps` steps."""

    optimizer: Optimizer = "metasgd"
    steps: int | None = None


ENGINE_ADAPTATION = Adaptation()
"""What the app uses: the meta-learned inner steps, as in meta-training."""


@dataclass(frozen=True)
class GradeFit:
    """One joint fit of a grade (its classes stacked): the adapted parameters and what the Laplace step needs."""

    params: Params  # of the whole stacked grade
    task: TaskTensors  # the whole stacked grade
    prior: Prior
    choice: DeviceChoice
    precision_g: float  # the prior precisions of the student groups for this grade (Laplace step)
    precision_d: float
    interval_scale: float
    anchored_items: int = 0  # questions pulled towards a stored calibration


def fit_grade(
    target: ScoreMatrix,
    peers: Sequence[ScoreMatrix],
    device: str | None,
    prior: Prior | None,
    adaptation: Adaptation,
    progress: Progress,
    anchors: ItemAnchors | None = None,
) -> GradeFit:
    """Adapt `prior` (default: the shipped one) to the target class stacked over its `peers` on the chosen device;
    `anchors` (aligned to the target's items) pull the questions a stored calibration knows towards it."""
    students = len(target.student_ids) + sum(len(p.student_ids) for p in peers)
    choice = choose_device(device, students * len(target.item_ids))
    prior = prior or load_prior()
    if next(prior.parameters()).device != choice.device:
        prior = copy.deepcopy(prior).to(choice.device)
    task = grade_task(target, peers, choice.device)
    with torch.no_grad():
        params = adapt(
            task, prior, steps=adaptation.steps, optimizer=adaptation.optimizer, progress=progress, anchors=anchors
        )
        precision = prior.pull(task).precision
    scale = float(prior.interval_scale)
    count = 0 if anchors is None else anchors.count
    return GradeFit(params, task, prior, choice, float(precision["g"]), float(precision["d"]), scale, count)


def class_rows(fit: GradeFit, start: int, stop: int) -> tuple[Params, TaskTensors]:
    """Parameters and task of the students in rows start..stop of the stacked grade."""
    task = target_rows(fit.task, start, stop)
    return {**fit.params, "g": fit.params["g"][start:stop], "d": fit.params["d"][start:stop]}, task


def status_codes(mastery: np.ndarray, evidence: np.ndarray, thresholds: Thresholds) -> np.ndarray:
    """(S, K) int8 index into STATUSES: the band of each cell's mastery, or "insufficient" on thin evidence."""
    codes = np.where(mastery < thresholds.weak_below, 0, np.where(mastery >= thresholds.mastered_from, 2, 1))
    codes[evidence < thresholds.min_evidence] = 3
    return codes.astype(np.int8)


_STATUS_NAMES = np.array(STATUSES, dtype=object)


def _numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy().astype(float)


def support_metrics(params: Params, task: TaskTensors) -> dict[str, float]:
    """Support metrics of the fit, on at most FIT_SAMPLE observed scores drawn at random."""
    s, i = support_pairs(task.mask)
    return support_of(_observed(task, s, i), _numpy(_pairs(params, task, s, i)))


def block_support(
    params: Params, task: TaskTensors, blocks: Sequence[tuple[slice, np.ndarray | None]]
) -> list[dict[str, float]]:
    """The support metrics of each block of the task's rows (its rows, and its columns: None for all), as each
    block's own `support_metrics` would read them, their expected scores computed in one call for all blocks."""
    students, items, cut = [], [], [0]
    for rows, cols in blocks:
        mask = task.mask[rows] if cols is None else task.mask[rows][:, torch.as_tensor(cols, device=task.mask.device)]
        s, i = support_pairs(mask)
        students.append(s + rows.start)
        items.append(i if cols is None else cols[i])
        cut.append(cut[-1] + len(s))
    s, i = (np.concatenate(x).astype(int) for x in (students, items))
    p, y = _numpy(_pairs(params, task, s, i)), _observed(task, s, i)
    return [support_of(y[a:b], p[a:b]) for a, b in itertools.pairwise(cut)]


def support_pairs(mask: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """The observed (student, item) pairs of `mask` the support metrics read: all, or FIT_SAMPLE of them drawn at
    random (seed 0)."""
    s, i = (x.cpu().numpy() for x in torch.nonzero(mask > 0, as_tuple=True))
    if len(s) > FIT_SAMPLE:
        pick = np.random.default_rng(0).choice(len(s), FIT_SAMPLE, replace=False)
        s, i = s[pick], i[pick]
    return s, i


def support_of(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """The support metrics of expected fractions `p` against the scores `y` ({} for none)."""
    return {f"support_{k}": float(v) for k, v in all_metrics(y, p).items()} if len(y) else {}


def _observed(task: TaskTensors, s: np.ndarray, i: np.ndarray) -> np.ndarray:
    """The task's score fractions of the pairs (s, i)."""
    return _numpy(task.y[torch.as_tensor(s, device=task.y.device), torch.as_tensor(i, device=task.y.device)])


def _pairs(params: Params, task: TaskTensors, students: np.ndarray, items: np.ndarray) -> torch.Tensor:
    """Expected fractions of the given (student, item) pairs only, computed on the task's device."""
    device = task.y.device
    return pair_fraction(
        params, task, torch.as_tensor(students, device=device), torch.as_tensor(items, device=device)
    ).clamp(0.0, 1.0)


def diagnose(
    matrix: ScoreMatrix,
    *,
    peers: Sequence[ScoreMatrix] = (),
    device: str | None = None,
    progress: Progress | None = None,
    prior: Prior | None = None,
    adaptation: Adaptation = ENGINE_ADAPTATION,
    anchors: ItemAnchors | None = None,
) -> Diagnosis:
    """Diagnose one class (with the other classes of its grade as `peers`): mastery with a 90 % interval,
    evidence and status per student x KP, question parameters. `anchors` (aligned to the class's items): a stored
    calibration of its questions by other students to start from. Raises Cancelled when `progress` asks.
    """
    (diagnosis,) = diagnose_together(
        [matrix], peers=peers, device=device, progress=progress, prior=prior, adaptation=adaptation, anchors=anchors
    )
    return diagnosis


def diagnose_together(
    classes: Sequence[ScoreMatrix],
    *,
    peers: Sequence[ScoreMatrix] = (),
    device: str | None = None,
    progress: Progress | None = None,
    prior: Prior | None = None,
    adaptation: Adaptation = ENGINE_ADAPTATION,
    anchors: ItemAnchors | None = None,
) -> list[Diagnosis]:
    """Diagnose several classes that sat the same questions (the same item ids, marks and tags) from one joint fit
    of them and their `peers`: each class is read off the grade's fit, with no refit per class, and comes out as
    `diagnose(class, peers=the others)` would; `anchors` as in `diagnose`, `settings["anchored_items"]` says how
    many questions they anchored. Raises Cancelled when `progress` asks."""
    started = time.perf_counter()
    progress = progress or NullProgress()
    first = classes[0]
    if any(m.item_ids != first.item_ids or m.knowledge_points != first.knowledge_points for m in classes):
        raise ValueError("classes diagnosed together must share their questions and knowledge points")
    checkpoint(progress, 0.0, "prepare")
    fit = fit_grade(first, [*classes[1:], *peers], device, prior, adaptation, Scaled(progress, 0.05, 0.8), anchors)
    checkpoint(progress, 0.85, "uncertainty")
    out = _read_classes(fit, classes, adaptation, len(classes) + len(peers) - 1)
    checkpoint(progress, 1.0, "done")
    seconds = time.perf_counter() - started
    return [dataclasses.replace(d, seconds=seconds) for d in out]


def _read_classes(fit: GradeFit, classes: Sequence[ScoreMatrix], adaptation: Adaptation, peers: int) -> list[Diagnosis]:
    """The classes in the first rows of a grade's joint fit (in order; `peers` other classes in it each) as
    Diagnoses: the students' intervals computed once for all of them."""
    thresholds = Thresholds()
    rows = sum(len(m.student_ids) for m in classes)
    with torch.no_grad():
        params, task = class_rows(fit, 0, rows)
        mastery, lower, upper = (
            _numpy(t)
            for t in mastery_interval(
                params, task, fit.precision_g, fit.precision_d, thresholds.interval_level, fit.interval_scale
            )
        )
        evidence = (task.mask @ task.q).round().to(torch.int64).cpu().numpy()
        ability = _numpy(student_level(params, task))
        bounds = np.cumsum([0, *(len(m.student_ids) for m in classes)])
        support = block_support(params, task, [(slice(a, b), None) for a, b in itertools.pairwise(bounds)])
    out = []
    for n, matrix in enumerate(classes):
        own = slice(int(bounds[n]), int(bounds[n + 1]))
        with torch.no_grad():
            class_params, class_task = class_rows(fit, own.start, own.stop)
            answered = class_task.mask.sum(dim=0)
            score_rate = _numpy((class_task.y * class_task.mask).sum(dim=0) / answered.clamp_min(1.0))
            score_rate[_numpy(answered) == 0] = np.nan  # nobody answered the question
        state = ClassState(mastery[own], lower[own], upper[own], evidence[own], ability[own])
        out.append(
            fitted_diagnosis(
                fit, class_params, matrix, state, None, score_rate, support[n], peers, thresholds, adaptation
            )
        )
    return out


@dataclass(frozen=True)
class ClassState:
    """What a fit says of one class's students: mastery with its interval, evidence per point, overall logit."""

    mastery: np.ndarray  # (S, K)
    lower: np.ndarray
    upper: np.ndarray
    evidence: np.ndarray  # (S, K) int
    ability: np.ndarray  # (S,)


def fitted_diagnosis(
    fit: GradeFit,
    params: Params,
    matrix: ScoreMatrix,
    state: ClassState,
    items: tuple[np.ndarray, np.ndarray] | None,
    score_rate: np.ndarray,
    fit_metrics: dict[str, float],
    peers: int,
    thresholds: Thresholds,
    adaptation: Adaptation,
    settings: dict[str, object] | None = None,
) -> Diagnosis:
    """A class of a grade's fit as a Diagnosis: its students' `state` and the question parameters of `params` on
    `items` (the class's own item indices and the fit's columns of them; None: all, the fit's in the class's
    order), judged by `thresholds`, with the fit's settings (and `settings` on top) recorded."""
    cols = slice(None) if items is None else torch.as_tensor(items[1], device=params["b"].device)
    item_ids = matrix.item_ids if items is None else tuple(matrix.item_ids[i] for i in items[0])
    with torch.no_grad():
        a, guess, slip = (_numpy(x[cols]) for x in item_link(params))
        weights = _numpy(kp_weights(params, fit.task.q)[cols])
        difficulty = _numpy(params["b"][cols])
    return Diagnosis(
        student_ids=matrix.student_ids,
        knowledge_points=matrix.knowledge_points,
        item_ids=item_ids,
        mastery=state.mastery,
        lower=np.minimum(state.lower, state.mastery),
        upper=np.maximum(state.upper, state.mastery),
        evidence=state.evidence,
        status=_STATUS_NAMES[status_codes(state.mastery, state.evidence, thresholds)],
        item_params={
            "difficulty": difficulty,
            "discrimination": a,
            "guess": guess,
            "slip": slip,
            "score_rate": score_rate,
        },
        model_version=MODEL_VERSION,
        device=device_label(fit.task.y.device),
        settings={
            **thresholds.settings(),
            **asdict(adaptation),
            **(settings or {}),
            "inner_steps": fit.prior.steps,
            "device_reason": fit.choice.reason,
            "peer_classes": peers,
            "grade_students": int(fit.task.shape[0]),
            "precision_g": fit.precision_g,
            "precision_d": fit.precision_d,
            "interval_scale": fit.interval_scale,
            "anchored_items": fit.anchored_items,
        },
        fit=fit_metrics,
        ability=state.ability,
        item_weights=weights,
    )


def predict(
    matrix: ScoreMatrix,
    student_idx: np.ndarray,
    item_idx: np.ndarray,
    *,
    peers: Sequence[ScoreMatrix] = (),
    device: str | None = None,
    prior: Prior | None = None,
    adaptation: Adaptation = ENGINE_ADAPTATION,
    progress: Progress | None = None,
) -> np.ndarray:
    """Expected score fractions in [0, 1] for the (student, item) index pairs of `matrix`, adapting on all
    its observed scores (and those of its `peers`)."""
    fit = fit_grade(matrix, peers, device, prior, adaptation, progress or NullProgress())
    with torch.no_grad():
        params, task = class_rows(fit, 0, len(matrix.student_ids))
        return _numpy(_pairs(params, task, np.asarray(student_idx, dtype=int), np.asarray(item_idx, dtype=int)))


def predict_grade(
    classes: Sequence[ScoreMatrix],
    pairs: Sequence[tuple[np.ndarray, np.ndarray]],
    *,
    device: str | None = None,
    prior: Prior | None = None,
    progress: Progress | None = None,
) -> list[np.ndarray]:
    """Expected score fractions for the (student index, item index) pairs of every class of a grade, from
    one joint fit; `pairs[j]` indexes `classes[j]` (its own students and item columns). The classes must
    share their knowledge points; their questions are matched by item id (ValueError otherwise)."""
    aligned, columns = on_common_items(classes)
    fit = fit_grade(aligned[0], aligned[1:], device, prior, ENGINE_ADAPTATION, progress or NullProgress())
    out, start = [], 0
    with torch.no_grad():
        for m, (students, items), cols in zip(classes, pairs, columns):
            params, task = class_rows(fit, start, start + len(m.student_ids))
            start += len(m.student_ids)
            mapped = cols[np.asarray(items, dtype=int)]
            out.append(_numpy(_pairs(params, task, np.asarray(students, dtype=int), mapped)))
    return out


def expected_scores(diagnosis: Diagnosis) -> np.ndarray | None:
    """(S, I) the diagnosis' own expected score fractions (its adapted parameters, no refit; a term's run with its
    papers' shifts); None for a run stored without the parameters this needs."""
    if diagnosis.ability is None or diagnosis.item_weights is None:
        return None
    p = diagnosis.item_params

    def t(values: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(np.asarray(values, dtype=float))

    eta = link(
        t(logit(diagnosis.mastery, 1e-9)),
        t(diagnosis.ability),
        t(diagnosis.item_weights),
        t(p["discrimination"]),
        t(p["difficulty"]),
    )
    scores: np.ndarray = np.clip(score_curve(eta, t(p["guess"]), t(p["slip"])).numpy(), 0.0, 1.0)
    if "shift" in p:  # a term's run: each paper's calibration in the large, as its `predict` applies it
        scores = shifted(scores, np.nan_to_num(np.asarray(p["shift"], float))[None, :])
    return scores
