"""Calibration in the large: one logit shift per paper so that a fit's expected scores average its own scores.

    shifts = paper_shifts(p, y, paper, papers)   # fitted on the scores the fit saw
    shifted(p_new, shifts[paper_new])            # applied to the expected scores it predicts

The prior shrinks question difficulty and slip toward the middle; on a paper whose scores sit mostly on easy
questions (questions nearly everyone gets right), the fit then expects less than the class scored, in sample as
well as on new scores (benchmarks/RESULTS.md, "Why the term regime under-predicts the latest exam"). The shift is
the intercept of a logistic recalibration with slope 1 (Cox 1958), fitted by Newton steps on the paper's own
scores with a Gaussian prior on the shift: sum sigmoid(logit p + shift) + SHIFT_PRECISION * shift = sum y, so a
paper of a class's thousand scores averages them to within a few thousandths and a paper of a few scores is barely
moved. It is monotone, so it changes no ranking within a paper.
"""

from __future__ import annotations

import numpy as np

from app.core.logits import logit, sigmoid

MAX_SHIFT = 1.0
"""Largest shift in logits: beyond it a paper misfits the model, which a shift should not hide."""

SHIFT_PRECISION = 4.0
"""Prior precision of a shift (sd 0.5 logits), worth about 20 scores at a score rate near 0.75."""

NEWTON_STEPS = 20
_EPS = 1e-6  # expected scores are clipped to [_EPS, 1 - _EPS] before the logit


def shifted(p: np.ndarray, shift: np.ndarray | float) -> np.ndarray:
    """Expected scores `p` moved by `shift` on the logit scale (a shift of exactly 0 returns p unchanged)."""
    shift = np.broadcast_to(np.asarray(shift, dtype=float), np.shape(p))
    moved = sigmoid(logit(p, _EPS) + shift)
    out: np.ndarray = np.where(shift == 0.0, p, moved)
    return out


def paper_shifts(p: np.ndarray, y: np.ndarray, paper: np.ndarray, papers: int) -> np.ndarray:
    """(papers,) the logit shift of each paper that makes the mean of shifted(p) its mean score fraction `y`, less
    the prior's pull toward 0 (0 for a paper with no scores; within +-MAX_SHIFT)."""
    out = np.zeros(papers)
    for e in range(papers):
        pick = paper == e
        if not pick.any():
            continue
        z, target, shift = logit(p[pick], _EPS), float(y[pick].sum()), 0.0
        for _ in range(NEWTON_STEPS):
            q = sigmoid(z + shift)
            slope = float((q * (1.0 - q)).sum()) + SHIFT_PRECISION
            step = (float(q.sum()) - target + SHIFT_PRECISION * shift) / slope
            shift = float(np.clip(shift - step, -MAX_SHIFT, MAX_SHIFT))
        out[e] = shift
    return out
