"""A diagnosis as plain arrays: what the engine returns and the store keeps (no torch, no Qt)."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from app.core.problems import Refused, Text
from app.core.vocabulary import Status

STATUSES = tuple(Status)


class InvalidThresholds(Refused, ValueError):
    """Thresholds that cannot judge a mastery: the message says which rule they break."""


def thresholds_problem(weak_below: float, mastered_from: float) -> Text | None:
    """Why a teacher's pair of thresholds cannot be used, None when it can: both lie strictly between 0 and 1,
    and weak below is less than mastered from."""
    if not all(math.isfinite(v) and 0 < v < 1 for v in (weak_below, mastered_from)):
        return Text(
            f"两个阈值都必须在 0 和 1 之间（不含 0 和 1），而不是 {weak_below:g} 和 {mastered_from:g}。",
            f"Both thresholds lie between 0 and 1 (not 0 or 1 themselves), not {weak_below:g} and {mastered_from:g}.",
        )
    if not weak_below < mastered_from:
        return Text(
            f"“薄弱低于”（{weak_below:g}）必须小于“已掌握自”（{mastered_from:g}）。",
            f"“Weak below” ({weak_below:g}) must be less than “mastered from” ({mastered_from:g}).",
        )
    return None


@dataclass(frozen=True)
class Thresholds:
    """Where mastery turns from weak to developing to mastered, and how much evidence a judgement needs.

    The engine records them in every diagnosis' settings; every view, chart and export reads them
    back with `Thresholds.of(diagnosis)`, so all of them agree with the statuses the engine set.
    Thresholds validate themselves: `InvalidThresholds` (a `Refused`, so the CLI exits 2) names the rule
    broken (`thresholds_problem`), wherever they were made: the Settings dialog, `--threshold`, a file.
    """

    weak_below: float = 0.5  # the student is expected to score under half on an average question of the point
    mastered_from: float = 0.8
    min_evidence: int = 2  # fewer scored questions testing a point make the cell "insufficient"
    interval_level: float = 0.9  # coverage of the reported mastery interval

    def __post_init__(self) -> None:
        problem = thresholds_problem(self.weak_below, self.mastered_from)
        if problem is None and not (self.min_evidence >= 1 and 0 < self.interval_level < 1):
            problem = Text(
                f"至少需要 1 道题作为依据，区间覆盖率在 0 和 1 之间（{self.min_evidence}，{self.interval_level:g}）。",
                f"A judgement needs at least 1 question and an interval level between 0 and 1 "
                f"({self.min_evidence}, {self.interval_level:g}).",
            )
        if problem is not None:
            raise InvalidThresholds(problem)

    @classmethod
    def of(cls, diagnosis: Diagnosis | None) -> Thresholds:
        """The thresholds a diagnosis was made with (the defaults for None or an old run lacking some)."""
        settings = diagnosis.settings if diagnosis is not None else {}
        default = cls()
        return cls(
            weak_below=float(settings.get("weak_below", default.weak_below)),  # type: ignore[arg-type]
            mastered_from=float(settings.get("mastered_from", default.mastered_from)),  # type: ignore[arg-type]
            min_evidence=int(settings.get("min_evidence", default.min_evidence)),  # type: ignore[call-overload]
            interval_level=float(settings.get("interval_level", default.interval_level)),  # type: ignore[arg-type]
        )

    def settings(self) -> dict[str, Any]:
        """The thresholds as a diagnosis records them."""
        return asdict(self)

    def band(self, mastery: float) -> Status:
        """Weak, developing or mastered for a mastery value (evidence aside)."""
        if mastery < self.weak_below:
            return Status.WEAK
        return Status.MASTERED if mastery >= self.mastered_from else Status.DEVELOPING

    def statuses(self, mastery: np.ndarray, evidence: np.ndarray) -> np.ndarray:
        """Status per cell: the band of its mastery, or too little evidence where the evidence is too thin."""
        status = np.where(
            mastery < self.weak_below,
            Status.WEAK.value,
            np.where(mastery >= self.mastered_from, Status.MASTERED.value, Status.DEVELOPING.value),
        ).astype(object)
        status[evidence < self.min_evidence] = Status.INSUFFICIENT.value
        return status


@dataclass(frozen=True)
class Diagnosis:
    """Mastery per student × knowledge point with its uncertainty and evidence, plus item parameters.

    `status` holds one of STATUSES per cell: a knowledge point with too little evidence for a
    student is "insufficient", never "weak" or "strong". `ability` (per student) and
    `item_weights` (per question × knowledge point) are the adapted parameters that, with
    `mastery` and `item_params`, give the model's expected score of any student on any question
    (`app.engine.diagnose.expected_scores`), so plans use the run's own model, not a refit.
    """

    student_ids: tuple[str, ...]
    knowledge_points: tuple[str, ...]
    item_ids: tuple[str, ...]
    mastery: np.ndarray  # (S, K) in (0, 1)
    lower: np.ndarray  # (S, K) lower end of the interval
    upper: np.ndarray  # (S, K) upper end of the interval
    evidence: np.ndarray  # (S, K) number of scored questions that test the point
    status: np.ndarray  # (S, K) str, one of STATUSES
    item_params: dict[str, np.ndarray]  # name -> (I,), e.g. "difficulty", "discrimination"
    model_version: str
    device: str
    settings: dict[str, object] = field(default_factory=dict)
    fit: dict[str, float] = field(default_factory=dict)  # e.g. support log loss, RMSE
    seconds: float = 0.0
    ability: np.ndarray | None = None  # (S,) overall ability logit; None in runs stored before it was kept
    item_weights: np.ndarray | None = None  # (I, K) weight of each tested point in a question, rows sum to 1 or 0

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds this diagnosis was made with (or restated with)."""
        return Thresholds.of(self)

    def restated(self, thresholds: Thresholds) -> Diagnosis:
        """The same diagnosis judged by other thresholds (the teacher's): its statuses and settings follow them."""
        status = thresholds.statuses(np.asarray(self.mastery, float), np.asarray(self.evidence, float))
        return dataclasses.replace(self, status=status.astype(str), settings={**self.settings, **thresholds.settings()})


def shown(mastery: float, threshold: float) -> str:
    """A mastery as printed (two decimals) that never reads as the threshold when it is below it
    (0.4996 against 0.50 prints 0.49, not "0.50, below the threshold 0.50")."""
    text = f"{mastery:.2f}"
    if mastery < threshold <= float(text):
        text = f"{math.floor(mastery * 100) / 100:.2f}"
    return text
