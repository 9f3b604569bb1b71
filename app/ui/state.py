"""What the views show for one class: plain data loaded from the store in one session (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from app.diagnosis import Diagnosis
from app.score_matrix import ScoreMatrix


@dataclass
class ClassData:
    """One class as the window shows it.

    `diagnosis` is the latest run over all the class's assessments (None before the first);
    `per_assessment` holds, when the class has several assessments, the latest run over each
    assessment alone, which gives the mastery trajectory. `stale` is True when scores changed
    after the diagnosis was made.
    """

    class_name: str
    subject: str
    matrix: ScoreMatrix
    diagnosis: Diagnosis | None = None
    run_id: int | None = None
    run_label: str = ""
    per_assessment: dict[str, Diagnosis] = field(default_factory=dict)
    prerequisites: list[tuple[str, str]] = field(default_factory=list)
    stale: bool = False

    def student_names(self, student_ids: tuple[str, ...] | None = None) -> list[str | None]:
        """Names in the order of `student_ids` (the diagnosis' by default)."""
        ids = student_ids if student_ids is not None else (
            self.diagnosis.student_ids if self.diagnosis else self.matrix.student_ids)
        names = dict(zip(self.matrix.student_ids, self.matrix.student_names))
        return [names.get(s) for s in ids]

    def thresholds(self) -> tuple[float, float]:
        """(weak below, mastered from) as the diagnosis recorded them."""
        settings = self.diagnosis.settings if self.diagnosis else {}
        return float(settings.get("weak_below", 0.5)), float(settings.get("mastered_from", 0.8))

    def trajectory(self, student_id: str) -> tuple[list[str], np.ndarray]:
        """(assessments, (A, K) mastery per assessment) for one student, NaN where not enough evidence."""
        kps = self.diagnosis.knowledge_points if self.diagnosis else self.matrix.knowledge_points
        names = [a for a in self.matrix.assessments if a in self.per_assessment]
        out = np.full((len(names), len(kps)), np.nan)
        for a, name in enumerate(names):
            d = self.per_assessment[name]
            if student_id not in d.student_ids:
                continue
            s = d.student_ids.index(student_id)
            for k, kp in enumerate(kps):
                if kp in d.knowledge_points:
                    j = d.knowledge_points.index(kp)
                    if d.status[s, j] != "insufficient":
                        out[a, k] = d.mastery[s, j]
        return names, out

    def class_trajectory(self) -> tuple[list[str], np.ndarray]:
        """(assessments, (A, K) class mean mastery per assessment), NaN where no student has enough evidence."""
        kps = self.diagnosis.knowledge_points if self.diagnosis else self.matrix.knowledge_points
        names = [a for a in self.matrix.assessments if a in self.per_assessment]
        out = np.full((len(names), len(kps)), np.nan)
        for a, name in enumerate(names):
            d = self.per_assessment[name]
            for k, kp in enumerate(kps):
                if kp in d.knowledge_points:
                    j = d.knowledge_points.index(kp)
                    ok = d.status[:, j] != "insufficient"
                    if ok.any():
                        out[a, k] = float(d.mastery[ok, j].mean())
        return names, out

    def learning_path(self, student_index: int) -> list:
        """The student's learning path (steps with .knowledge_point, .mastery, .status, .reason if known).

        Uses the planning module's path (prerequisites, then expected gain) when it is present,
        else the weak points in prerequisite order.
        """
        d = self.diagnosis
        if d is None:
            return []
        try:
            from app import planning
        except ImportError:
            planning = None
        if planning is not None and hasattr(planning, "learning_path"):
            try:
                gains = planning.expected_gains(d, self.matrix) if hasattr(planning, "expected_gains") else None
                return planning.learning_path(
                    d, student_index, self.prerequisites, threshold=self.thresholds()[0], expected_gain=gains,
                )
            except ValueError:  # a prerequisite cycle: fall back to the plain order below
                pass
        from app.analysis import simple_learning_path

        return simple_learning_path(d, student_index, self.prerequisites)
