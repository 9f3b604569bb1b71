"""Weak overall, or weak on this point? The student's overall level against each point's deviation from it.

Most weak flags on real exams are "weak student" flags: the knowledge-point profile of a student
beyond their overall level is rarely reliable (split-half reliability of the double-centred
student x KP profile about 0.07-0.10 on the benchmark's real sets). `profile_reliability` measures
it for one class; `weak_kinds` splits a diagnosis into the student's overall level and each point's
deviation from it, and flags a point as weak *relative to the student's own level* only where the
deviation's interval lies below 0 and the class's profile is reliable enough to say so. It also gives the
posterior probabilities the findings are judged by (`app.insight.findings`): that the student's overall level is
below the weak threshold, and that each point lies below the student's own level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from app.core.diagnosis import Diagnosis, Thresholds
from app.core.logits import logit, sigmoid
from app.core.score_matrix import ScoreMatrix
from app.engine.model import information, link
from app.engine.uncertainty import half_width, posterior_variances

RELATIVE_MIN_RELIABILITY = 0.5
"""Full-length (Spearman-Brown) reliability of the class's KP profile from which relative flags are shown."""


@dataclass(frozen=True)
class ProfileReliability:
    """How reproducible a class's student x KP profile is beyond each student's and each point's level."""

    split_half: float  # mean correlation of the double-centred profiles of two random halves of the questions
    full_length: float  # Spearman-Brown: 2 r / (1 + r), the reliability of the profile from all questions
    cells: int  # student x KP cells scored in both halves (mean over the splits)

    @property
    def supports_relative(self) -> bool:
        """Whether the profile is reliable enough to flag points as weak relative to the student's level."""
        return self.full_length >= RELATIVE_MIN_RELIABILITY


def _double_centred(rate: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """rate minus its student mean and point mean plus the grand mean, over the valid cells."""
    x = np.where(valid, rate, 0.0)
    n_row, n_col = valid.sum(axis=1, keepdims=True), valid.sum(axis=0, keepdims=True)
    grand = x.sum() / max(valid.sum(), 1)
    row = x.sum(axis=1, keepdims=True) / np.maximum(n_row, 1)
    col = x.sum(axis=0, keepdims=True) / np.maximum(n_col, 1)
    return np.where(valid, x - row - col + grand, 0.0)


def profile_reliability(matrix: ScoreMatrix, *, splits: int = 20, seed: int = 0) -> ProfileReliability:
    """Split-half reliability of the class's double-centred student x KP score-rate profile (NaN if too few
    cells): the questions are halved at random `splits` times, each half gives a score rate per student
    and point, both are double-centred over the cells scored in both halves and correlated."""
    rng = np.random.default_rng(seed)
    observed = matrix.observed.astype(float)
    scores = np.where(matrix.observed, matrix.fractions, 0.0)
    q = matrix.q_matrix.astype(float)
    correlations, cells = [], []
    for _ in range(splits):
        half = rng.permutation(len(matrix.item_ids)) % 2 == 0
        rates, counts = [], []
        for part in (half, ~half):
            n = observed[:, part] @ q[part]
            rates.append((scores[:, part] @ q[part]) / np.maximum(n, 1))
            counts.append(n)
        valid = (counts[0] > 0) & (counts[1] > 0)
        a, b = (_double_centred(r, valid)[valid] for r in rates)
        if valid.sum() >= 10 and a.std() > 0 and b.std() > 0:
            correlations.append(float(np.corrcoef(a, b)[0, 1]))
            cells.append(int(valid.sum()))
    r = float(np.mean(correlations)) if correlations else float("nan")
    full = 2 * r / (1 + r) if r > -1 else float("nan")
    return ProfileReliability(split_half=r, full_length=full, cells=int(np.mean(cells)) if cells else 0)


@dataclass(frozen=True)
class WeakKinds:
    """Per student the overall level, per cell the point's deviation from it (logits) with its interval."""

    overall: np.ndarray  # (S,) sigmoid of the overall ability logit: expected fraction on an average question
    overall_weak: np.ndarray  # (S,) bool: overall level below the weak threshold
    relative: np.ndarray  # (S, K) mastery logit minus the student's overall logit
    relative_lower: np.ndarray  # (S, K) lower end of its interval (the diagnosis' interval level)
    relative_upper: np.ndarray  # (S, K)
    relative_weak: np.ndarray  # (S, K) bool: clearly below the student's own level, enough evidence, reliable profile
    reliability: ProfileReliability
    p_behind: np.ndarray  # (S,) posterior P(overall level < the weak threshold)
    p_below_own: np.ndarray  # (S, K) posterior P(the point's mastery < the student's own level)


def weak_kinds(diagnosis: Diagnosis, matrix: ScoreMatrix) -> WeakKinds:
    """Split `diagnosis` of the class `matrix` into weak overall and weak relative to the student's own level.

    Needs a run that kept its parameters (ability, item weights) and the prior precisions in its
    settings (runs from model 2.0 on); ValueError otherwise.
    """
    settings, p = diagnosis.settings, diagnosis.item_params
    if diagnosis.ability is None or diagnosis.item_weights is None or "precision_d" not in settings:
        raise ValueError("the run does not keep the parameters this needs; diagnose the class again")
    thresholds = Thresholds.of(diagnosis)
    z = logit(diagnosis.mastery, 1e-9)
    level = np.asarray(diagnosis.ability, float)

    def t(values: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(np.asarray(values, dtype=float))

    a = t(p["discrimination"])
    eta = link(t(z), t(level), t(diagnosis.item_weights), a, t(p["difficulty"]))
    coef = t(matrix.observed) * information(eta, t(p["guess"]), t(p["slip"])) * a[None, :] ** 2
    var_level, _, var_rel = posterior_variances(
        coef,
        t(diagnosis.item_weights),
        float(settings["precision_g"]),  # type: ignore[arg-type]
        float(settings["precision_d"]),  # type: ignore[arg-type]
    )
    scale = float(settings.get("interval_scale", 1.0))  # type: ignore[arg-type]
    half = half_width(var_rel, thresholds.interval_level, scale).numpy()
    relative = z - level[:, None]
    reliability = profile_reliability(matrix)
    enough = diagnosis.evidence >= thresholds.min_evidence
    overall = sigmoid(level)
    cut = logit(thresholds.weak_below, 1e-9)
    return WeakKinds(
        p_behind=_below(cut - level, var_level, scale),
        p_below_own=_below(-relative, var_rel, scale),
        overall=overall,
        overall_weak=overall < thresholds.weak_below,
        relative=relative,
        relative_lower=relative - half,
        relative_upper=relative + half,
        relative_weak=(relative + half < 0) & enough & reliability.supports_relative,
        reliability=reliability,
    )


def _below(margin: np.ndarray, variance: torch.Tensor, scale: float) -> np.ndarray:
    """P(x < cut) for x normal around cut - `margin` with `variance` (its sd times `scale`, as the intervals)."""
    sd = np.maximum(variance.sqrt().numpy() * scale, 1e-12)
    p: np.ndarray = torch.special.ndtr(torch.as_tensor(margin / sd)).numpy()
    return p
