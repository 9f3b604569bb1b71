"""The shipped 90 % mastery intervals cover a true mastery about 90 % of the time on classes that did not set
their scale (the scale is set on real training classes: app.engine.training.train.calibrate_intervals)."""

import numpy as np

from app.engine.diagnose import diagnose
from app.engine.training.bootstrap import bootstrap_class, judged_cells
from app.engine.training.simulate import GENERATORS, simulate_class


def test_ninety_percent_intervals_cover_a_posterior_draw_85_to_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(20261130)
    inside = judged = 0
    for generator in GENERATORS:  # simulated papers and classes, none of the real ones the scale was set on
        for _ in range(4):
            sim, truth = bootstrap_class(simulate_class(rng, generator).matrix, rng)
            d = diagnose(sim, device="cpu")
            enough = judged_cells(d)
            inside += int(((truth >= d.lower) & (truth <= d.upper))[enough].sum())
            judged += int(enough.sum())
    assert judged > 1000
    assert 0.85 <= inside / judged <= 0.95
