"""Laplace intervals for mastery: curvature of the adapted objective w.r.t. each student's logits."""

from __future__ import annotations

from statistics import NormalDist

import torch

from app.engine.model import (
    Params,
    eta_information,
    item_link,
    kp_weights,
    mastery_logits,
)
from app.engine.prior import Prior
from app.engine.task import TaskTensors


def mastery_interval(
    params: Params, task: TaskTensors, prior: Prior, level: float
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(mastery, lower, upper), each (S, K) on the CPU: a `level` interval of sigmoid(z) from a Laplace approximation.

    Per student the Gauss-Newton curvature of the objective w.r.t. (g_s, d_s1..d_sK) is summed
    over the scored questions, the prior precisions are added, and the block is inverted; the
    variance of z_sk = c_k + g_s + d_sk follows (class and question parameters held fixed).
    """
    # in float64 on the CPU: small (K+1)^2 blocks, and Apple MPS has no float64
    z = mastery_logits(params).cpu()
    _s, i, k = task.shape
    a, _, _ = item_link(params)
    coef = (task.mask * eta_information(params, task) * a[None, :] ** 2).cpu().double()  # (S, I)
    v = torch.cat([torch.ones(i, 1, device=a.device), kp_weights(params, task.q)], dim=1).cpu().double()  # (I, K+1)
    curvature = torch.einsum("sij,ik->sjk", coef[:, :, None] * v[None, :, :], v)
    prior_diag = torch.cat([prior.precision("g").reshape(1), prior.precision("d").expand(k)]).cpu().double()
    covariance = torch.linalg.inv(curvature + torch.diag(prior_diag))
    diag = torch.diagonal(covariance, dim1=1, dim2=2)
    var_z = diag[:, :1] + diag[:, 1:] + 2.0 * covariance[:, 0, 1:]
    half = NormalDist().inv_cdf(0.5 + level / 2.0) * var_z.clamp_min(0.0).sqrt().to(z.dtype)
    return torch.sigmoid(z), torch.sigmoid(z - half), torch.sigmoid(z + half)
