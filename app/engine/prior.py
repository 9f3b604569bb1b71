"""The meta-learned prior: amortised initialisation, prior strengths and Meta-SGD step sizes.

Student and question parameters belong to one class, so what is learned across classes is
how to start them (an affine map of smoothed score-rate logits), how strongly to pull them
towards their prior means, and how far each inner gradient step moves each parameter group.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import torch
from torch import nn

from app.core.resources import resource_path
from app.engine.model import GROUPS, Params
from app.engine.task import TaskTensors

MODEL_VERSION = "zhidian-qcdm-1.0"
"""Version of the model and prior format; recorded in every Diagnosis."""

PRIOR_FILE = "prior.pt"
CARD_FILE = "prior.json"

INIT_COEFS = ("g_slope", "c_intercept", "c_slope", "b_intercept", "b_slope", "d_slope")
_FREE_MEANS = ("c", "b", "a", "guess", "slip")  # g, d and w are centred at 0 by construction
_SMOOTHING = 2.0  # pseudo-observations pulling a rate towards the rate one level up


def _logit(p: torch.Tensor) -> torch.Tensor:
    p = p.clamp(1e-4, 1 - 1e-4)
    return torch.log(p) - torch.log1p(-p)


class Prior(nn.Module):
    """Meta-parameters shared by all classes; `default()` is the untrained, weakly regularising prior.

    `amortised=False` starts every class at the prior means instead of at its score rates (an ablation).
    """

    free_mean: torch.Tensor  # a registered buffer: 1 for the groups with a learned mean, else 0

    def __init__(self, steps: int = 10, precision: float = 1.0, amortised: bool = True) -> None:
        super().__init__()
        n = len(GROUPS)
        self.log_precision = nn.Parameter(torch.full((n,), math.log(precision)))
        mean = torch.zeros(n)
        mean[GROUPS.index("a")] = math.log(math.e - 1.0)  # softplus(mean) = 1
        mean[GROUPS.index("guess")] = -2.0
        mean[GROUPS.index("slip")] = -2.0
        self.mean = nn.Parameter(mean)
        self.register_buffer("free_mean", torch.tensor([float(g in _FREE_MEANS) for g in GROUPS]))
        coef = [1.0, 0.0, 1.0, 0.0, 1.0, 1.0] if amortised else [0.0] * len(INIT_COEFS)
        self.init_coef = nn.Parameter(torch.tensor(coef), requires_grad=amortised)
        self.log_lr = nn.Parameter(torch.full((steps, n), math.log(0.3)))

    @property
    def steps(self) -> int:
        """Number of inner gradient steps the step sizes were learned for."""
        return self.log_lr.shape[0]

    def group_mean(self, group: str) -> torch.Tensor:
        """Prior mean of a parameter group (0 for the groups centred by construction)."""
        j = GROUPS.index(group)
        return self.mean[j] * self.free_mean[j]

    def precision(self, group: str) -> torch.Tensor:
        """Prior precision (strength of the pull towards the mean) of a parameter group."""
        return torch.exp(self.log_precision[GROUPS.index(group)])

    def step_size(self, step: int, group: str) -> torch.Tensor:
        """Meta-SGD step size of `group` at inner step `step`."""
        return torch.exp(self.log_lr[step, GROUPS.index(group)])

    def penalty(self, params: Params) -> torch.Tensor:
        """Negative log prior (up to a constant) of task parameters: Gaussian per group."""
        total = params["g"].new_zeros(())
        for group in GROUPS:
            total = total + 0.5 * self.precision(group) * ((params[group] - self.group_mean(group)) ** 2).sum()
        return total

    def initial_params(self, task: TaskTensors) -> Params:
        """Amortised initial parameters of one class from its smoothed score rates."""
        y, m, q = task.y * task.mask, task.mask, task.q
        _s, i, k = task.shape
        a = _SMOOTHING
        overall = (y.sum() + 1.0) / (m.sum() + 2.0)
        student = (y.sum(1) + a * overall) / (m.sum(1) + a)
        item = (y.sum(0) + a * overall) / (m.sum(0) + a)
        cell = (y @ q + a * student[:, None]) / (m @ q + a)
        kp = ((y @ q).sum(0) + a * overall) / ((m @ q).sum(0) + a)
        g_slope, c_icpt, c_slope, b_icpt, b_slope, d_slope = self.init_coef
        ls = _logit(student)
        return {
            "g": g_slope * (ls - ls.mean()),
            "d": d_slope * (_logit(cell) - ls[:, None]),
            "c": c_icpt + c_slope * _logit(kp),
            "b": b_icpt + b_slope * (_logit(overall) - _logit(item)),
            "a": self.group_mean("a").expand(i).clone(),
            "w": y.new_zeros(i, k),
            "guess": self.group_mean("guess").expand(i).clone(),
            "slip": self.group_mean("slip").expand(i).clone(),
        }

    @classmethod
    def default(cls, steps: int = 10) -> Prior:
        """The untrained prior: score-rate initialisation and weak regularisation (precision 0.01)."""
        return cls(steps, precision=0.01)


def save_prior(prior: Prior, directory: Path) -> Path:
    """Write the prior's tensors (no pickled code) to `directory/prior.pt`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / PRIOR_FILE
    torch.save({k: v.detach().cpu() for k, v in prior.state_dict().items()}, path)
    return path


def load_prior(path: Path | str | None = None) -> Prior:
    """The shipped prior (or the one at `path`), loaded with weights_only=True and cached."""
    return _load_cached(str(path or resource_path("models", PRIOR_FILE)))


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> Prior:
    state = torch.load(path, map_location="cpu", weights_only=True)
    prior = Prior(steps=state["log_lr"].shape[0])
    prior.load_state_dict(state)
    prior.requires_grad_(False)
    return prior
