"""diagnose() and predict(): adapt the shipped prior to one class and read off mastery and predictions."""

from __future__ import annotations

import copy
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch

from app.core.diagnosis import Diagnosis, Thresholds
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.engine.adapt import Optimizer, adapt
from app.engine.device import device_label, pick_device
from app.engine.metrics import all_metrics
from app.engine.model import (
    Params,
    expected_fraction,
    item_link,
    kp_weights,
    link,
    score_curve,
)
from app.engine.prior import MODEL_VERSION, Prior, load_prior
from app.engine.task import TaskTensors, task_from_matrix
from app.engine.uncertainty import mastery_interval


@dataclass(frozen=True)
class Adaptation:
    """How adapt() is run: the prior's learned Meta-SGD steps, or Adam for up to `steps` steps."""

    optimizer: Optimizer = "metasgd"
    steps: int | None = None


ENGINE_ADAPTATION = Adaptation()
"""What the app uses: the meta-learned inner steps, as in meta-training."""


def _fit(
    matrix: ScoreMatrix,
    device: str | None,
    prior: Prior | None,
    adaptation: Adaptation,
    progress: Progress,
) -> tuple[Params, TaskTensors, Prior, torch.device]:
    dev = pick_device(device)
    prior = prior or load_prior()
    if dev.type != "cpu":
        prior = copy.deepcopy(prior).to(dev)
    task = task_from_matrix(matrix, dev)
    with torch.no_grad():
        params = adapt(task, prior, steps=adaptation.steps, optimizer=adaptation.optimizer, progress=progress)
    return params, task, prior, dev


def diagnose(
    matrix: ScoreMatrix,
    *,
    device: str | None = None,
    progress: Progress | None = None,
    prior: Prior | None = None,
    adaptation: Adaptation = ENGINE_ADAPTATION,
) -> Diagnosis:
    """Diagnose one class: mastery with a 90 % interval, evidence and status per student × KP, item parameters.

    Raises Cancelled when `progress` reports a cancellation.
    """
    started = time.perf_counter()
    progress = progress or NullProgress()
    thresholds = Thresholds()
    checkpoint(progress, 0.0, "prepare")
    params, task, prior, dev = _fit(matrix, device, prior, adaptation, Scaled(progress, 0.05, 0.8))
    checkpoint(progress, 0.85, "uncertainty")
    with torch.no_grad():
        mastery, lower, upper = (
            t.cpu().numpy().astype(float) for t in mastery_interval(params, task, prior, thresholds.interval_level)
        )
        fitted = expected_fraction(params, task).cpu().numpy().astype(float)
        a, guess, slip = (t.cpu().numpy().astype(float) for t in item_link(params))
        difficulty = params["b"].cpu().numpy().astype(float)
        ability = params["g"].cpu().numpy().astype(float)
        weights = kp_weights(params, task.q).cpu().numpy().astype(float)
    observed = matrix.observed
    evidence = observed.astype(int) @ matrix.q_matrix.astype(int)
    fractions = matrix.fractions
    answered = observed.sum(axis=0)
    score_rate = np.where(observed, fractions, 0.0).sum(axis=0) / np.maximum(answered, 1)
    score_rate[answered == 0] = np.nan  # nobody answered the question
    fit = all_metrics(fractions[observed], fitted[observed]) if observed.any() else {}
    checkpoint(progress, 1.0, "done")
    return Diagnosis(
        student_ids=matrix.student_ids,
        knowledge_points=matrix.knowledge_points,
        item_ids=matrix.item_ids,
        mastery=mastery,
        lower=np.minimum(lower, mastery),
        upper=np.maximum(upper, mastery),
        evidence=evidence,
        status=thresholds.statuses(mastery, evidence),
        item_params={
            "difficulty": difficulty,
            "discrimination": a,
            "guess": guess,
            "slip": slip,
            "score_rate": score_rate,
        },
        model_version=MODEL_VERSION,
        device=device_label(dev),
        settings={**thresholds.settings(), **asdict(adaptation), "inner_steps": prior.steps},
        fit={f"support_{k}": float(v) for k, v in fit.items()},
        seconds=time.perf_counter() - started,
        ability=ability,
        item_weights=weights,
    )


def predict(
    matrix: ScoreMatrix,
    student_idx: np.ndarray,
    item_idx: np.ndarray,
    *,
    device: str | None = None,
    prior: Prior | None = None,
    adaptation: Adaptation = ENGINE_ADAPTATION,
    progress: Progress | None = None,
) -> np.ndarray:
    """Expected score fractions in [0, 1] for the (student, item) index pairs, adapting on all observed scores."""
    params, task, _, _ = _fit(matrix, device, prior, adaptation, progress or NullProgress())
    with torch.no_grad():
        p = expected_fraction(params, task).cpu().numpy().astype(float)
    return np.clip(p[np.asarray(student_idx, dtype=int), np.asarray(item_idx, dtype=int)], 0.0, 1.0)


def expected_scores(diagnosis: Diagnosis) -> np.ndarray | None:
    """(S, I) the diagnosis' own expected score fractions (its adapted parameters, no refit); None for a
    run stored without the parameters this needs."""
    if diagnosis.ability is None or diagnosis.item_weights is None:
        return None
    p = diagnosis.item_params
    mastery = np.clip(np.asarray(diagnosis.mastery, float), 1e-9, 1 - 1e-9)

    def t(values: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(np.asarray(values, dtype=float))

    eta = link(
        t(np.log(mastery) - np.log1p(-mastery)),
        t(diagnosis.ability),
        t(diagnosis.item_weights),
        t(p["discrimination"]),
        t(p["difficulty"]),
    )
    return np.clip(score_curve(eta, t(p["guess"]), t(p["slip"])).numpy(), 0.0, 1.0)
