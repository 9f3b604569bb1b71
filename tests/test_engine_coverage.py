"""The 90 % mastery intervals cover the true mastery about 90 % of the time on simulated classes."""

import numpy as np

from app.core.diagnosis import Thresholds
from app.engine.diagnose import diagnose
from app.engine.training.simulate import simulate_class


def test_ninety_percent_intervals_cover_the_true_mastery_85_to_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(20261130)
    inside = judged = 0
    for _ in range(12):
        sim = simulate_class(rng, "mirt")  # continuous true mastery, drawn from the model's own family
        d = diagnose(sim.matrix, device="cpu")
        enough = d.evidence >= Thresholds().min_evidence
        inside += int(((sim.mastery >= d.lower) & (sim.mastery <= d.upper))[enough].sum())
        judged += int(enough.sum())
    assert judged > 1000
    assert 0.85 <= inside / judged <= 0.95
