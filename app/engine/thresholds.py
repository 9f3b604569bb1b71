"""The diagnosis settings in one place: mastery thresholds, minimum evidence, interval level."""

from __future__ import annotations

WEAK_BELOW = 0.5
"""Mastery below this is "weak": the student is expected to score under half on an average question of the point."""

MASTERED_FROM = 0.8
"""Mastery at or above this is "mastered"; in between is "developing"."""

MIN_EVIDENCE = 2
"""Fewer scored questions testing a point than this makes the cell "insufficient"."""

INTERVAL_LEVEL = 0.9
"""Coverage of the reported mastery interval."""


def settings() -> dict[str, object]:
    """The thresholds as recorded in every Diagnosis."""
    return {
        "weak_below": WEAK_BELOW,
        "mastered_from": MASTERED_FROM,
        "min_evidence": MIN_EVIDENCE,
        "interval_level": INTERVAL_LEVEL,
    }
