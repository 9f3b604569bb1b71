"""A school's own prior: trained on its classes from the shipped prior, compared on held-out classes, saved and read back."""

import numpy as np
import pytest
import torch

from app.core.progress import Cancelled
from app.engine.local import (
    LocalPrior,
    LocalSettings,
    load_local_prior,
    save_local_prior,
    split_classes,
    train_local_prior,
)
from app.engine.prior import CARD_FILE, PRIOR_FILE, load_prior
from app.engine.training.simulate import simulate_grade

FEW_STEPS = LocalSettings(steps=3, meta_batch=4)


def _classes(n: int = 5):
    rng = np.random.default_rng(11)
    return [sim.matrix for sim in simulate_grade(rng, n, "mirt")]


class Counting:
    """A progress that records its reports and cancels after `limit` of them."""

    def __init__(self, limit: int = 10**9) -> None:
        self.limit, self.fractions = limit, []

    def report(self, fraction: float, message: str = "") -> None:
        self.fractions.append(fraction)

    def cancelled(self) -> bool:
        return len(self.fractions) >= self.limit


def test_training_returns_prior_card_and_held_out_comparison(tmp_path) -> None:
    progress = Counting()
    result = train_local_prior(_classes(), device="cpu", settings=FEW_STEPS, progress=progress)
    assert isinstance(result, LocalPrior)
    c = result.comparison
    assert c.held_out_classes == 2 and c.hidden_scores > 0 and isinstance(c.better, bool)
    assert set(c.local) >= {"auc", "rmse", "log_loss", "ece"} and set(c.shipped) == set(c.local)
    card = result.card
    assert card["kind"] == "local" and card["data"]["classes"] == 5 and card["settings"]["steps"] == 3
    assert card["held_out_comparison"]["better"] == c.better
    assert progress.fractions[-1] == 1.0 and progress.fractions == sorted(progress.fractions)
    shipped = load_prior()
    assert not torch.equal(result.prior.log_lr, shipped.log_lr)  # it moved from the shipped prior
    save_local_prior(result, tmp_path)
    assert (tmp_path / PRIOR_FILE).exists() and (tmp_path / CARD_FILE).exists()
    prior, read_card = load_local_prior(tmp_path)
    assert torch.equal(prior.log_lr, result.prior.log_lr) and read_card == card


def test_classes_are_split_by_class_and_too_few_are_refused() -> None:
    train, held = split_classes(list(range(10)), 0.3, seed=0)
    assert len(held) == 3 and not set(train) & set(held) and sorted(train + held) == list(range(10))
    with pytest.raises(ValueError, match="at least 3"):
        train_local_prior(_classes(2), settings=FEW_STEPS)


def test_training_can_be_cancelled() -> None:
    with pytest.raises(Cancelled):
        train_local_prior(_classes(), device="cpu", settings=FEW_STEPS, progress=Counting(limit=2))


def test_the_train_prior_command_hands_the_store_to_the_services(monkeypatch, capsys, tmp_path) -> None:
    import json

    from app.cli import main
    from app.services import priors

    calls = []
    result = train_local_prior(_classes(), device="cpu", settings=FEW_STEPS)

    def fake(db, **kwargs):
        calls.append((db, kwargs))
        return result

    monkeypatch.setattr(priors, "train_local_prior", fake)
    assert main(["train-prior", "--db", str(tmp_path / "z.db"), "--steps", "7", "--device", "cpu", "--json"]) == 0
    ((db, kwargs),) = calls
    assert db == tmp_path / "z.db" and kwargs["device"] == "cpu" and kwargs["out"] is None
    assert kwargs["settings"] == LocalSettings(steps=7)  # the engine's other defaults, as the window trains
    assert json.loads(capsys.readouterr().out)["better"] == result.comparison.better
