"""Baselines sharing the evaluation code: score rates, the model from scratch, Rasch and 2PL IRT (`app.engine.rasch`).

Each is a Fitter (fit on a train matrix, return expected fractions for index pairs); BASELINES
holds them as Predictors fitted on the class stacked over the other classes of its grade.
"""

from __future__ import annotations

import numpy as np

from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import Adaptation, predict
from app.engine.evaluate import Predictor, item_mean, kp_score_rate, pooled
from app.engine.prior import Prior
from app.engine.rasch import irt_2pl, irt_expected, rasch


def scratch(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """The same model fitted from scratch: untrained prior (weak regulariser), Adam until converged (at most 500 steps)."""
    return predict(train, students, items, device="cpu", prior=Prior.default(), adaptation=Adaptation("adam", 500))


RECENCY_HALF_LIFE = 1.0
"""Exams after which a score of the term weighs half as much in the recency-weighted Rasch baseline."""


def rasch_recency(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Rasch (MAP) with each exam's scores weighted 2^-(exams after it until the latest)/RECENCY_HALF_LIFE."""
    behind = train.item_assessment.max(initial=0) - train.item_assessment
    return irt_expected(train, students, items, two_pl=False, weight=0.5 ** (behind / RECENCY_HALF_LIFE))


BASELINES: dict[str, Predictor] = {
    "scratch": pooled(scratch),
    "kp_score_rate": pooled(kp_score_rate),
    "item_mean": pooled(item_mean),
    "rasch": pooled(rasch),
    "2pl": pooled(irt_2pl),
}
"""Baselines by name, in the order the benchmark reports them, each fitted on the pooled grade."""
