"""The quality protocol: hide scores, predict them, score the predictions; and the app's "check the model".

Three regimes: "hide20" hides 20 % of each student's scores, "keep5" keeps 5 per student, and
"grade" keeps 5 per student of a target class whose other classes of the grade come whole (the
tasks are cut into grades of GRADE_SIZE in the order given, each class a target once).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.engine.grade import stack_grade
from app.engine.metrics import all_metrics
from app.engine.profile import ProfileReliability, profile_reliability

if TYPE_CHECKING:
    from app.engine.diagnose import Adaptation
    from app.engine.prior import Prior

Fitter = Callable[[ScoreMatrix, np.ndarray, np.ndarray], np.ndarray]
"""fit on a (train) matrix, return expected fractions for (student index, item index) pairs."""

Predictor = Callable[[ScoreMatrix, np.ndarray, np.ndarray, Sequence[ScoreMatrix]], np.ndarray]
"""the same, given the other classes of the grade (whole) as the fourth argument."""

GRADE_SIZE = 8
"""Classes per grade in the grade regime (the last grade takes up a remainder under 4)."""


@dataclass(frozen=True)
class Split:
    """A matrix with some observed scores hidden: fit on `train`, predict the cells in `hidden`."""

    train: ScoreMatrix
    hidden: np.ndarray  # (S, I) bool
    truth: np.ndarray  # (S, I) score fractions of the original matrix

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(student index, item index, true fraction) of every hidden score."""
        s, i = np.nonzero(self.hidden)
        return s, i, self.truth[s, i]


def _split(matrix: ScoreMatrix, hidden: np.ndarray) -> Split:
    points = np.where(hidden, np.nan, matrix.points)
    return Split(train=dataclasses.replace(matrix, points=points), hidden=hidden, truth=matrix.fractions)


def hide_scores(matrix: ScoreMatrix, fraction: float = 0.2, seed: int = 0) -> Split:
    """Hide a random `fraction` of each student's observed scores (at least one, never all)."""
    rng = np.random.default_rng(seed)
    hidden = np.zeros(matrix.points.shape, dtype=bool)
    for s, row in enumerate(matrix.observed):
        seen = np.flatnonzero(row)
        if len(seen) >= 2:
            n = min(max(1, round(fraction * len(seen))), len(seen) - 1)
            hidden[s, rng.choice(seen, size=n, replace=False)] = True
    return _split(matrix, hidden)


def keep_n(matrix: ScoreMatrix, n: int, seed: int = 0) -> Split:
    """Few-shot: keep `n` random observed scores per student and hide the rest (students with <= n hide none)."""
    rng = np.random.default_rng(seed)
    hidden = np.zeros(matrix.points.shape, dtype=bool)
    for s, row in enumerate(matrix.observed):
        seen = np.flatnonzero(row)
        if len(seen) > n:
            hidden[s, rng.permutation(seen)[n:]] = True
    return _split(matrix, hidden)


def evaluate_split(
    predictor: Predictor, split: Split, peers: Sequence[ScoreMatrix] = ()
) -> tuple[np.ndarray, np.ndarray]:
    """(true fractions, predictions) of one predictor on the hidden scores of one split."""
    s, i, truth = split.pairs()
    return truth, np.asarray(predictor(split.train, s, i, peers), dtype=float)


def pooled(fit: Fitter) -> Predictor:
    """A predictor fitting `fit` on the class stacked over its peers (the class's students first)."""

    def predictor(
        train: ScoreMatrix, students: np.ndarray, items: np.ndarray, peers: Sequence[ScoreMatrix]
    ) -> np.ndarray:
        return fit(stack_grade(train, peers)[0] if peers else train, students, items)

    predictor.__doc__ = fit.__doc__
    return predictor


def engine_predictor(prior: Prior | None = None, adaptation: Adaptation | None = None) -> Predictor:
    """The engine as a Predictor on the CPU: `prior` (default: the shipped one) adapted to the class in its grade."""
    from app.engine.diagnose import ENGINE_ADAPTATION, predict

    def predictor(
        train: ScoreMatrix, students: np.ndarray, items: np.ndarray, peers: Sequence[ScoreMatrix]
    ) -> np.ndarray:
        return predict(
            train, students, items, peers=peers, device="cpu", prior=prior, adaptation=adaptation or ENGINE_ADAPTATION
        )

    return predictor


# --------------------------------------------------------------------------- the score-rate baselines


def _global_mean(train: ScoreMatrix) -> float:
    obs = train.observed
    return float(train.fractions[obs].mean()) if obs.any() else 0.5


def item_mean(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """The question's mean score fraction in the class (global mean if nobody answered it)."""
    obs = train.observed
    f = np.where(obs, train.fractions, 0.0)
    n = obs.sum(axis=0)
    rate: np.ndarray = np.where(n > 0, f.sum(axis=0) / np.maximum(n, 1), _global_mean(train))[items]
    return rate


def kp_score_rate(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """What exam platforms show: the student's mean fraction over the KPs the question tests (else the item mean)."""
    obs = train.observed.astype(float)
    q = train.q_matrix.astype(float)
    f = np.where(train.observed, train.fractions, 0.0)
    points, counts = f @ q, obs @ q  # (S, K) summed fractions and scored questions per KP
    items_q = q[items]  # (N, K)
    num = (points[students] * items_q).sum(axis=1)
    den = (counts[students] * items_q).sum(axis=1)
    return np.where(den > 0, num / np.maximum(den, 1e-12), item_mean(train, students, items))


@dataclass(frozen=True)
class Rival:
    """The engine against one rival on the same hidden scores: `name` is "rasch" (pooled Rasch fitted on the same
    data, the grade included) or "latest_exam" (the engine fitted on the class's latest exam alone, judged on that
    exam's hidden scores)."""

    name: str
    engine: dict[str, float]  # the engine's metrics on the hidden scores this rival predicts
    rival: dict[str, float]
    hidden_scores: int


@dataclass(frozen=True)
class ModelCheck:
    """Engine versus the per-knowledge-point score rate on the teacher's own hidden scores (plain data), and
    versus its real rivals."""

    engine: dict[str, float]
    baseline: dict[str, float]
    hidden_scores: int
    hide: float
    seed: int
    engine_better: bool  # lower RMSE than the baseline and an AUC that is not lower
    reliability: ProfileReliability | None = None  # of the class's knowledge-point profile (all its scores)
    peer_classes: int = 0  # other classes of the grade the questions were calibrated on
    rivals: tuple[Rival, ...] = ()


def check_model(
    matrix: ScoreMatrix,
    *,
    peers: Sequence[ScoreMatrix] = (),
    hide: float = 0.2,
    seed: int = 0,
    prior: Prior | None = None,
    progress: Progress | None = None,
) -> ModelCheck:
    """Hide `hide` of each student's scores, predict them with the engine (given the grade's other classes
    `peers`, whole, and `prior`, else the shipped one) and with the score-rate baseline, compare; and
    measure how reliable the class's knowledge-point profile is beyond each student's overall level."""
    from app.engine.diagnose import predict

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "split")
    split = hide_scores(matrix, hide, seed)
    s, i, truth = split.pairs()
    if len(truth) == 0:
        raise ValueError("not enough scores to hide: every student needs at least two scored questions")
    engine_p = predict(split.train, s, i, peers=peers, prior=prior, progress=Scaled(progress, 0.05, 0.6))
    checkpoint(progress, 0.6, "baseline")
    engine, baseline = all_metrics(truth, engine_p), all_metrics(truth, kp_score_rate(split.train, s, i))
    checkpoint(progress, 0.65, "rasch")
    from app.engine.rasch import rasch

    rivals = [Rival("rasch", engine, all_metrics(truth, pooled(rasch)(split.train, s, i, peers)), len(truth))]
    checkpoint(progress, 0.75, "latest exam")
    latest = _latest_exam(split, engine_p, peers, prior, Scaled(progress, 0.75, 1.0))
    if latest is not None:
        rivals.append(latest)
    checkpoint(progress, 1.0, "done")
    better = engine["rmse"] < baseline["rmse"] and not engine["auc"] < baseline["auc"]
    return ModelCheck(
        engine=engine,
        baseline=baseline,
        hidden_scores=len(truth),
        hide=hide,
        seed=seed,
        engine_better=better,
        reliability=profile_reliability(matrix),
        peer_classes=len(peers),
        rivals=tuple(rivals),
    )


def on_items(matrix: ScoreMatrix, cols: np.ndarray) -> ScoreMatrix:
    """The matrix on the questions `cols` (indices, in that order) alone."""
    return dataclasses.replace(
        matrix,
        item_ids=tuple(matrix.item_ids[c] for c in cols),
        item_assessment=matrix.item_assessment[cols],
        points=matrix.points[:, cols],
        max_scores=matrix.max_scores[cols],
        q_matrix=matrix.q_matrix[cols],
        answer_keys=tuple(matrix.answer_keys[c] for c in cols) if matrix.answer_keys else (),
        answers=matrix.answers[:, cols] if matrix.answers is not None else None,
    )


def _latest_exam(
    split: Split, engine_p: np.ndarray, peers: Sequence[ScoreMatrix], prior: Prior | None, progress: Progress
) -> Rival | None:
    """The engine on the class's latest exam alone (its grade's scores on it included) against the engine on all
    its exams, on that exam's hidden scores; None for a class with one exam or none of it hidden."""
    from app.engine.diagnose import predict

    train = split.train
    if len(train.assessments) < 2:
        return None
    cols = np.flatnonzero(train.item_assessment == len(train.assessments) - 1)
    s, i, truth = split.pairs()
    on_latest = np.isin(i, cols)
    if not on_latest.any():
        return None
    alone = dataclasses.replace(
        on_items(train, cols), assessments=train.assessments[-1:], item_assessment=np.zeros(len(cols), dtype=int)
    )
    column = np.searchsorted(cols, i[on_latest])
    rival_p = predict(alone, s[on_latest], column, peers=peers, prior=prior, progress=progress)
    return Rival(
        "latest_exam",
        all_metrics(truth[on_latest], engine_p[on_latest]),
        all_metrics(truth[on_latest], rival_p),
        int(on_latest.sum()),
    )


REGIMES = ("hide20", "keep5", "grade")
"""20 % of each student's scores hidden; 5 kept per student; 5 kept in a class whose grade comes whole."""


def grades(count: int, size: int = GRADE_SIZE) -> list[list[int]]:
    """Task indices 0..count-1 cut into consecutive grades of `size` (a remainder under 4 joins the last)."""
    cut = [list(range(start, min(start + size, count))) for start in range(0, count, size)]
    if len(cut) > 1 and len(cut[-1]) < 4:
        tail = cut.pop()
        cut[-1] += tail
    return cut


def regime_splits(tasks: Sequence[ScoreMatrix], regime: str, seed: int = 0) -> list[tuple[Split, list[ScoreMatrix]]]:
    """(split, whole peers) of every task under `regime`; task j is split with seed + j."""
    if regime == "hide20":
        return [(hide_scores(m, 0.2, seed + j), []) for j, m in enumerate(tasks)]
    if regime == "keep5":
        return [(keep_n(m, 5, seed + j), []) for j, m in enumerate(tasks)]
    if regime != "grade":
        raise ValueError(f"unknown regime {regime!r}; choose one of {', '.join(REGIMES)}")
    return [
        (keep_n(tasks[j], 5, seed + j), [tasks[k] for k in grade if k != j])
        for grade in grades(len(tasks))
        for j in grade
    ]


def pooled_metrics(predictor: Predictor, tasks: list[ScoreMatrix], regime: str, seed: int = 0) -> dict[str, float]:
    """Metrics of one predictor over the hidden scores of all `tasks` pooled."""
    truths, preds = [], []
    for split, peers in regime_splits(tasks, regime, seed):
        if split.hidden.any():
            truth, p = evaluate_split(predictor, split, peers)
            truths.append(truth)
            preds.append(p)
    return all_metrics(np.concatenate(truths), np.concatenate(preds))
