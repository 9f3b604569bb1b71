"""The interval scale is set on a parametric bootstrap from the prior's own fits (train.calibrate_intervals)."""

import copy
import json
import shutil

import numpy as np
import pytest
import torch

from app.core.resources import resource_path
from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import diagnose
from app.engine.prior import CARD_FILE, PRIOR_FILE, load_prior
from app.engine.training.bootstrap import bootstrap_class, error_ratios, judged_cells
from app.engine.training.simulate import simulate_class
from app.engine.training.train import calibrate_intervals, recalibrate_intervals, use_card


def _classes(seed: int, count: int) -> list[ScoreMatrix]:
    rng = np.random.default_rng(seed)
    return [simulate_class(rng, generator).matrix for generator in ("mirt", "gdina") for _ in range(count // 2)]


def test_a_cell_is_inside_its_interval_exactly_when_its_error_ratio_is_at_most_the_scale() -> None:
    sim, truth = bootstrap_class(_classes(5, 2)[0], np.random.default_rng(5))
    d = diagnose(sim, device="cpu")
    scale = float(d.settings["interval_scale"])  # type: ignore[arg-type]
    judged = judged_cells(d)
    inside = (truth >= d.lower) & (truth <= d.upper)
    near_edge = np.isclose(error_ratios(d, truth), scale, rtol=1e-4)  # float rounding decides these
    assert judged.sum() > 50
    assert np.array_equal((error_ratios(d, truth) <= scale)[judged & ~near_edge], inside[judged & ~near_edge])


def test_the_scale_is_the_ninety_percent_quantile_and_ignores_the_prior_s_old_scale() -> None:
    classes = {"simulated": _classes(1, 4)}
    wide, bare = copy.deepcopy(load_prior()), copy.deepcopy(load_prior())
    wide.interval_scale.fill_(5.0)
    scale = calibrate_intervals(wide, classes, seed=3)
    assert scale == pytest.approx(float(wide.interval_scale))
    assert calibrate_intervals(bare, classes, seed=3) == pytest.approx(scale)
    assert 0.5 < scale < 2.0


def test_the_calibrated_scale_covers_other_classes_85_to_95_percent() -> None:
    prior = copy.deepcopy(load_prior())
    calibrate_intervals(prior, {"simulated": _classes(1, 8)}, seed=3)
    rng = np.random.default_rng(7)
    inside = judged = 0
    for matrix in _classes(2, 8):  # other simulated classes than those it was set on
        sim, truth = bootstrap_class(matrix, rng, prior=prior)
        d = diagnose(sim, device="cpu", prior=prior)
        enough = judged_cells(d)
        inside += int(((truth >= d.lower) & (truth <= d.upper))[enough].sum())
        judged += int(enough.sum())
    assert judged > 1000
    assert 0.85 <= inside / judged <= 0.95


def test_no_class_with_evidence_is_refused() -> None:
    with pytest.raises(ValueError, match="no class with evidence"):
        calibrate_intervals(copy.deepcopy(load_prior()), {"empty": []})


def test_intervals_only_rewrites_the_scale_and_keeps_every_trained_tensor(shared_data, tmp_path) -> None:
    shipped = resource_path("models")
    for name in (PRIOR_FILE, CARD_FILE):
        shutil.copy(shipped / name, tmp_path / name)
    before = torch.load(tmp_path / PRIOR_FILE, weights_only=True)
    card_before = json.loads((tmp_path / CARD_FILE).read_text(encoding="utf-8"))
    scale = recalibrate_intervals(tmp_path, shared_data, classes=2)
    after = torch.load(tmp_path / PRIOR_FILE, weights_only=True)
    card = json.loads((tmp_path / CARD_FILE).read_text(encoding="utf-8"))
    assert after["interval_scale"].item() == pytest.approx(scale)
    assert all(torch.equal(before[k], after[k]) for k in before if k != "interval_scale")
    assert card["interval_scale"] == round(scale, 4) and card["prior"]["interval_scale"] == pytest.approx(scale)
    assert "first 2 of timss, math1, ecpe" in card["interval_calibration"]
    assert card["command"] == card_before["command"] and card["held_out_metrics"] == card_before["held_out_metrics"]
    assert card["interval_recalibrated"]["command"] == "python -m app.engine.train --intervals-only"
    assert card["use"] == json.loads(json.dumps(use_card()))


def test_the_shipped_card_says_how_the_app_uses_the_prior_now() -> None:
    card = json.loads((resource_path("models") / CARD_FILE).read_text(encoding="utf-8"))
    assert card["use"] == json.loads(json.dumps(use_card()))
