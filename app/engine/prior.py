"""The meta-learned prior: amortised initialisation, prior strengths and Meta-SGD step sizes.

Student and question parameters belong to one class, so what is learned across classes is
how to start them (an affine map of smoothed score-rate logits), how strongly to pull them
towards their prior means, and how far each inner gradient step moves each parameter group.
The strengths of the student, knowledge-point deviation and difficulty groups are set per class
by empirical Bayes: a learned power of the spread the class's own smoothed rates show beyond
their sampling noise (one exam's profiles carry much knowledge-point signal, another's little).
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from app.core.resources import DamagedResource, resource_path
from app.engine.model import GROUPS, Params
from app.engine.task import TaskTensors

MODEL_VERSION = "zhidian-qcdm-2.0"
"""Version of the model and prior format; recorded in every Diagnosis."""

PRIOR_FILE = "prior.pt"
CARD_FILE = "prior.json"

INIT_COEFS = ("g_slope", "u_intercept", "u_slope", "c_slope", "b_intercept", "b_slope", "d_slope")
EB_GROUPS = ("g", "d", "b")
"""Groups whose prior strength follows the class's own spread (empirical Bayes)."""
_FREE_MEANS = ("a", "guess", "slip")  # g, d, c and w are centred at 0; u and b at their start
_START_CENTRED = ("u", "b")
_MATRIX_GROUPS = ("d", "w")  # parameters with two dimensions per task
_PARTIAL_GROUPS = ("guess", "slip")  # their means shift for partial-credit questions (no guessing a 3 of 5)
_SMOOTHING = 2.0  # pseudo-observations pulling a rate towards the rate one level up
_MIN_SPREAD = 0.01
_EB_PSEUDO = 20.0  # entries at which a class's own spread counts as much as the typical spread
_TYPICAL_SPREAD = {"g": 1.0, "d": 0.1, "b": 1.0}  # on the logit scale; KP deviations are small on real exams


# Not torch.logit: it takes log(p / (1 - p)), which in float32 moves every diagnosis in its last bits.
def _logit(p: torch.Tensor) -> torch.Tensor:
    p = p.clamp(1e-4, 1 - 1e-4)
    return torch.log(p) - torch.log1p(-p)


def _col(x: torch.Tensor) -> torch.Tensor:
    return x.unsqueeze(-1)


def _halves(y: torch.Tensor, m: torch.Tensor, q: torch.Tensor) -> list[tuple[torch.Tensor, ...]]:
    """For the even and the odd questions: (student rate, student count, cell rate, cell count), from four
    products with the halves' columns (no pass over the (S, I) scores per half)."""
    even = (torch.arange(m.shape[-1], device=m.device) % 2 == 0).to(m.dtype)
    split = torch.stack([even, 1.0 - even], dim=-1)  # (I, 2)
    k = q.shape[-1]
    both_q = torch.cat([q * _col(even), q * _col(1.0 - even)], dim=-1)  # (I, 2K)
    s_sum, s_n, c_sum, c_n = y @ split, m @ split, y @ both_q, m @ both_q
    return [
        (
            s_sum[..., h] / s_n[..., h].clamp_min(1.0),
            s_n[..., h],
            c_sum[..., h * k : (h + 1) * k] / c_n[..., h * k : (h + 1) * k].clamp_min(1.0),
            c_n[..., h * k : (h + 1) * k],
        )
        for h in (0, 1)
    ]


def _centred(x: torch.Tensor, valid: torch.Tensor, dim: int) -> torch.Tensor:
    """x minus its mean over the valid entries along `dim`."""
    return x - (valid * x).sum(dim, keepdim=True) / valid.sum(dim, keepdim=True).clamp_min(1.0)


def _covariance(x1: torch.Tensor, x2: torch.Tensor, valid: torch.Tensor, dims: int) -> torch.Tensor:
    """(...,) mean of x1 * x2 over the valid entries of the last `dims` dimensions."""
    axes = tuple(range(-dims, 0))
    return (valid * x1 * x2).sum(axes) / valid.sum(axes).clamp_min(1.0)


def _spreads(task: TaskTensors) -> dict[str, torch.Tensor]:
    """True variances (logit scale, each (...)) of student levels, knowledge-point deviations and question
    difficulties. Students and deviations: covariances between the two halves (odd, even) of the questions,
    in which the sampling noise of each half cancels; difficulties: the variance of the question rates less
    their binomial noise. Each estimate is blended with a typical spread by its number of entries against
    _EB_PSEUDO, so that few scores never give a confident (very strong) prior; none depends on the order
    of the students."""
    y, m, q, member = task.y * task.mask, task.mask, task.q, task.member
    (s1, n1, c1, k1), (s2, n2, c2, k2) = _halves(y, m, q)
    both = member.sum(-1) * (n1 > 0) * (n2 > 0)
    per_class = member.transpose(-1, -2)

    def class_centred(x: torch.Tensor) -> torch.Tensor:
        mean = (per_class @ _col(both * x)).squeeze(-1) / (per_class @ _col(both)).squeeze(-1).clamp_min(1.0)
        return x - (member @ _col(mean)).squeeze(-1)

    cells = _col(both) * (k1 > 0) * (k2 > 0)
    d1, d2 = (_centred(c - _col(s), cells, -2) for c, s in ((c1, s1), (c2, s2)))
    overall = (y.sum((-1, -2)) + 1.0) / (m.sum((-1, -2)) + 2.0)
    item_n = m.sum(-2)
    seen = (item_n > 0).to(m.dtype)
    rate = y.sum(-2) / item_n.clamp_min(1.0)
    noise = _col(overall * (1.0 - overall)) / item_n.clamp_min(1.0)
    scale = (overall * (1.0 - overall)) ** 2
    estimates = {
        "g": (_covariance(class_centred(s1), class_centred(s2), both, 1), both.sum(-1)),
        "d": (_covariance(d1, d2, cells, 2), cells.sum((-1, -2))),
        "b": (
            _covariance(_centred(rate, seen, -1), _centred(rate, seen, -1), seen, 1)
            - _covariance(noise, seen, seen, 1),
            seen.sum(-1),
        ),
    }
    out = {}
    for group, (value, n) in estimates.items():
        spread = (value / scale).clamp_min(_MIN_SPREAD)
        out[group] = (n * spread + _EB_PSEUDO * _TYPICAL_SPREAD[group]) / (n + _EB_PSEUDO)
    return out


@dataclass(frozen=True)
class _Rates:
    """Smoothed score rates of a task (one class, a grade, or a padded batch) and their counts."""

    overall: torch.Tensor  # (...)
    class_rate: torch.Tensor  # (C,)
    student: torch.Tensor  # (S,)
    class_mean_logit: torch.Tensor  # (S,) mean student logit of each student's class
    item: torch.Tensor  # (I,)
    cell: torch.Tensor  # (S, K)
    kp: torch.Tensor  # (K,)


def _rates(task: TaskTensors) -> _Rates:
    y, m, q, member = task.y * task.mask, task.mask, task.q, task.member
    a = _SMOOTHING
    per_class = member.transpose(-1, -2)  # (C, S)
    overall = (y.sum((-1, -2)) + 1.0) / (m.sum((-1, -2)) + 2.0)
    class_rate = ((per_class @ _col(y.sum(-1))).squeeze(-1) + a * _col(overall)) / (
        (per_class @ _col(m.sum(-1))).squeeze(-1) + a
    )
    own_class = (member @ _col(class_rate)).squeeze(-1)
    student_n = m.sum(-1)
    student = (y.sum(-1) + a * own_class) / (student_n + a)
    ls = _logit(student)
    class_mean = (per_class @ _col(ls)).squeeze(-1) / per_class.sum(-1).clamp_min(1.0)
    item_n = m.sum(-2)
    cell_n = m @ q
    return _Rates(
        overall=overall,
        class_rate=class_rate,
        student=student,
        class_mean_logit=(member @ _col(class_mean)).squeeze(-1),
        item=(y.sum(-2) + a * _col(overall)) / (item_n + a),
        cell=(y @ q + a * _col(student)) / (cell_n + a),
        kp=((y @ q).sum(-2) + a * _col(overall)) / (cell_n.sum(-2) + a),
    )


@dataclass(frozen=True)
class Pull:
    """Where the prior pulls each parameter group of a task (mean) and how hard (precision), both shaped
    to broadcast against the group's parameters."""

    mean: dict[str, torch.Tensor]
    precision: dict[str, torch.Tensor]

    def detached(self) -> Pull:
        """The same pull, cut from the prior's graph."""
        return Pull({k: v.detach() for k, v in self.mean.items()}, {k: v.detach() for k, v in self.precision.items()})


def partial_credit(task: TaskTensors) -> torch.Tensor:
    """(I,) 1.0 for a question with a partly scored answer (a fraction strictly between 0 and 1), else 0."""
    inside = (task.y > 1e-6) & (task.y < 1.0 - 1e-6) & (task.mask > 0)
    return inside.any(dim=-2).to(task.y.dtype)


class Prior(nn.Module):
    """Meta-parameters shared by all classes; `default()` is the untrained, weakly regularising prior.

    `amortised=False` starts every class at the prior means instead of at its score rates (an ablation);
    `eb` is the starting power of the empirical-Bayes strengths (0: fixed strengths).
    """

    free_mean: torch.Tensor  # a registered buffer: 1 for the groups with a learned mean, else 0
    interval_scale: torch.Tensor  # a registered buffer: factor on the Laplace standard deviation (calibrated)

    def __init__(self, steps: int = 10, precision: float = 1.0, amortised: bool = True, eb: float = 1.0) -> None:
        super().__init__()
        n = len(GROUPS)
        self.log_precision = nn.Parameter(torch.full((n,), math.log(precision)))
        self.eb_power = nn.Parameter(torch.full((len(EB_GROUPS),), eb))
        self.partial_shift = nn.Parameter(torch.zeros(len(_PARTIAL_GROUPS)))
        mean = torch.zeros(n)
        mean[GROUPS.index("a")] = math.log(math.e - 1.0)  # softplus(mean) = 1
        mean[GROUPS.index("guess")] = -2.0
        mean[GROUPS.index("slip")] = -2.0
        self.mean = nn.Parameter(mean)
        self.register_buffer("free_mean", torch.tensor([float(g in _FREE_MEANS) for g in GROUPS]))
        self.register_buffer("interval_scale", torch.tensor(1.0))
        coef = [1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0] if amortised else [0.0] * len(INIT_COEFS)
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

    def step_size(self, step: int, group: str) -> torch.Tensor:
        """Meta-SGD step size of `group` at inner step `step`."""
        return torch.exp(self.log_lr[step, GROUPS.index(group)])

    def start(self, task: TaskTensors) -> tuple[Params, Pull]:
        """Amortised initial parameters of one class, grade or padded batch, and the prior's pull on them.

        The start is an affine map of smoothed score-rate logits; the class level u starts at each
        class's overall rate, so the other groups are relative to the class. The class levels and the
        difficulties are pulled towards their own start (the class's and the questions' observed rates),
        the other groups towards fixed means; precisions of EB_GROUPS scale with a learned power of the
        task's own spread, and guess and slip means shift by a learned amount for partial-credit questions.
        """
        r = _rates(task)
        g_slope, u_icpt, u_slope, c_slope, b_icpt, b_slope, d_slope = self.init_coef
        ls = _logit(r.student)
        lo = _col(_logit(r.overall))
        spread = {k: v.detach() for k, v in _spreads(task).items()}
        ones = torch.ones(task.y.shape[:-2], dtype=task.y.dtype, device=task.y.device)
        partial = partial_credit(task)
        params = {
            "g": g_slope * (ls - r.class_mean_logit),
            "d": d_slope * (_logit(r.cell) - _col(ls)),
            "u": u_icpt + u_slope * _logit(r.class_rate),
            "c": c_slope * (_logit(r.kp) - lo),
            "b": b_icpt + b_slope * (lo - _logit(r.item)),
            "w": torch.zeros_like(task.q),
        }
        means, precisions = {}, {}
        for j, group in enumerate(GROUPS):
            precision = torch.exp(self.log_precision[j]) * ones
            if group in EB_GROUPS:
                precision = precision * spread[group] ** -self.eb_power[EB_GROUPS.index(group)]
            precisions[group] = precision.reshape(precision.shape + (1,) * (2 if group in _MATRIX_GROUPS else 1))
            mean = self.group_mean(group) * ones.reshape(precisions[group].shape)
            if group in _PARTIAL_GROUPS:
                mean = mean + self.partial_shift[_PARTIAL_GROUPS.index(group)] * partial
            means[group] = params[group] if group in _START_CENTRED else mean
        for group in ("a", "guess", "slip"):
            params[group] = means[group] * torch.ones_like(r.item)
        return params, Pull(means, precisions)

    def initial_params(self, task: TaskTensors) -> Params:
        """The start of adaptation (see `start`)."""
        return self.start(task)[0]

    def pull(self, task: TaskTensors) -> Pull:
        """Where and how hard the prior pulls each group of this task's parameters (see `start`)."""
        return self.start(task)[1]

    def penalty(self, params: Params, pull: Pull) -> torch.Tensor:
        """Negative log prior (up to a constant) of task parameters: Gaussian per group, summed over a batch."""
        total = params["g"].new_zeros(())
        for group in GROUPS:
            total = total + 0.5 * (pull.precision[group] * (params[group] - pull.mean[group]) ** 2).sum()
        return total

    @classmethod
    def default(cls, steps: int = 10) -> Prior:
        """The untrained prior: score-rate initialisation and weak regularisation (precision 0.01, no empirical Bayes)."""
        return cls(steps, precision=0.01, eb=0.0)


def save_prior(prior: Prior, directory: Path) -> Path:
    """Write the prior's tensors (no pickled code) to `directory/prior.pt`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / PRIOR_FILE
    torch.save({k: v.detach().cpu() for k, v in prior.state_dict().items()}, path)
    return path


def load_prior(path: Path | str | None = None) -> Prior:
    """The shipped prior (or the one at `path`), loaded with weights_only=True and cached; DamagedResource
    when the file is missing or unreadable."""
    return _load_cached(str(path or resource_path("models", PRIOR_FILE)))


def read_prior(path: Path | str) -> Prior:
    """The prior at `path`, read afresh with weights_only=True, its parameters frozen; DamagedResource when the
    file is missing, unreadable, of another shape or holds values that are not finite."""
    try:
        return _prior_of(torch.load(path, map_location="cpu", weights_only=True))
    except Exception as error:  # torch.load fails in many ways on a truncated or foreign file: all mean damaged
        raise DamagedResource(Path(path)) from error


def prior_to_bytes(prior: Prior) -> bytes:
    """The prior's tensors (no pickled code) as `torch.save` writes them, to keep in the store."""
    buffer = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in prior.state_dict().items()}, buffer)
    return buffer.getvalue()


def prior_from_bytes(data: bytes, source: Path) -> Prior:
    """The prior `prior_to_bytes` wrote (weights_only=True, parameters frozen); DamagedResource naming `source`
    when the bytes are no prior, one of another shape, or hold values that are not finite."""
    try:
        return _prior_of(torch.load(io.BytesIO(data), map_location="cpu", weights_only=True))
    except Exception as error:  # as read_prior: every way torch.load or the checks fail means damaged
        raise DamagedResource(source) from error


def _prior_of(state: dict[str, torch.Tensor]) -> Prior:
    prior = Prior(steps=state["log_lr"].shape[0])
    prior.load_state_dict(state)
    if not all(bool(torch.isfinite(p).all()) for p in prior.state_dict().values()):
        raise ValueError("a prior with values that are not finite (NaN or infinite)")
    prior.requires_grad_(False)
    return prior


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> Prior:
    return read_prior(path)
