"""Anchors: a paper's questions as an earlier fit of other students calibrated them, pulling this fit's question
parameters towards those values instead of the prior's generic means.

The difficulties are relative (centred on the paper's mean in the earlier fit), so they are re-centred on this
task's own start, paper by paper: the anchored questions' mean difficulty stays where the score rates put it, their
spread and order come from the calibration. Each anchored question's pull gains a precision that grows with the students
behind it (`PER_STUDENT` each) up to `CAP`: a calibration from last year's grade is strong evidence, yet this
year's students may find a question a little easier or harder.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from app.core.logits import logit
from app.engine.model import FLOOR_MAX, Params
from app.engine.prior import Pull

PER_STUDENT = 0.1
"""Added precision (logit scale) per student of the calibration: about half of what one 0/1 score at a
discrimination of 1 tells about a difficulty (0.25), for a year between the two fits."""

CAP = 25.0
"""The most precision a calibration adds (a standard deviation of 0.2 logit): reached at 250 students."""

ANCHORED = ("b", "a", "guess", "slip")


@dataclass(frozen=True)
class ItemAnchors:
    """Stored question parameters aligned to a task's items, each (I,): `known` marks the anchored questions; the
    rest of the arrays is read there only. Difficulty relative to the calibrated paper's mean; discrimination,
    guess and slip as `Diagnosis.item_params` gives them; `students` behind each question's values; `paper` numbers
    the paper of each question where a task spans several (a term's exams; None: one paper)."""

    known: np.ndarray
    difficulty: np.ndarray
    discrimination: np.ndarray
    guess: np.ndarray
    slip: np.ndarray
    students: np.ndarray
    paper: np.ndarray | None = None

    @property
    def count(self) -> int:
        """How many questions are anchored."""
        return int(np.count_nonzero(self.known))


def raw_values(anchors: ItemAnchors) -> dict[str, np.ndarray]:
    """The anchors on the model's unconstrained scale (inverting softplus and the scaled sigmoids), each (I,)."""
    a = np.clip(np.asarray(anchors.discrimination, float), 1e-3, 20.0)
    return {
        "b": np.asarray(anchors.difficulty, float),
        "a": a + np.log(-np.expm1(-a)),  # softplus⁻¹, stable
        "guess": logit(np.asarray(anchors.guess, float) / FLOOR_MAX, 1e-4),
        "slip": logit(np.asarray(anchors.slip, float) / FLOOR_MAX, 1e-4),
    }


def anchored(params: Params, pull: Pull, anchors: ItemAnchors) -> tuple[Params, Pull, Params]:
    """The start and the pull of one task (not a batch) with its anchored questions' parameters started at, and
    pulled towards, their stored values (difficulties re-centred on the task's own start), and the precision the
    calibration adds to each anchored group (0 on the other questions). The pull keeps the prior's own precisions:
    the meta-learned steps were learned for those, so `adapt` applies the added precision as a proximal step of its
    own (a gradient step with it would overshoot: a step size of 14 times a pull of 25 diverges)."""
    ref = params["b"]
    known = torch.as_tensor(np.asarray(anchors.known, bool), device=ref.device)
    values = {k: torch.as_tensor(v, dtype=ref.dtype, device=ref.device) for k, v in raw_values(anchors).items()}
    papers = np.zeros(len(anchors.known), int) if anchors.paper is None else np.asarray(anchors.paper, int)
    for number in np.unique(papers):
        mine = known & torch.as_tensor(papers == number, device=ref.device)
        if bool(mine.any()):
            values["b"] = torch.where(mine, values["b"] + (ref[mine].mean() - values["b"][mine].mean()), values["b"])
    students = torch.as_tensor(np.asarray(anchors.students, float), dtype=ref.dtype, device=ref.device)
    extra = torch.where(known, (PER_STUDENT * students).clamp_max(CAP), torch.zeros_like(ref))
    params, means = dict(params), dict(pull.mean)
    for group in ANCHORED:
        means[group] = torch.where(known, values[group], means[group].expand_as(ref))
        params[group] = torch.where(known, values[group], params[group])
    return params, Pull(means, pull.precision), {group: extra for group in ANCHORED}


def proximal(params: Params, pull: Pull, extra: Params, steps: Params) -> Params:
    """After a gradient step of size `steps` per group: the exact minimiser of the added precision's pull (towards
    the pull's means) plus the distance from where the step landed, which never overshoots."""
    out = dict(params)
    for group, precision in extra.items():
        s = steps[group] * precision
        out[group] = (params[group] + s * pull.mean[group]) / (1.0 + s)
    return out


def with_extra(pull: Pull, extra: Params) -> Pull:
    """The whole pull: the prior's precisions plus what the calibration adds."""
    return Pull(pull.mean, {k: v + extra[k] if k in extra else v for k, v in pull.precision.items()})
