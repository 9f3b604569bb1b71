"""Laplace intervals for mastery: curvature of the adapted objective w.r.t. each student's logits.

Per student the Gauss-Newton curvature w.r.t. (g_s, d_s1..d_sK) is sum_i coef_si v_i v_i^T with
v_i = (1, w_i1..w_iK); it is formed as one (S, I) x (I, P) product per chunk of students, P the
pairs of points that some question tests together (no (S, I, K+1) intermediate), the prior
precisions are added and the blocks inverted through their Cholesky factors in float64, on the
task's device: on the CPU and CUDA entirely; on Apple MPS (no float64) the product is float32 and
the small blocks are inverted on the CPU.
"""

from __future__ import annotations

from statistics import NormalDist

import torch

from app.engine.model import Params, eta_information, item_link, kp_weights, mastery_logits
from app.engine.task import TaskTensors

_CHUNK_BYTES = 64 * 2**20  # memory for one chunk of students' curvature blocks


def pair_products(weights: torch.Tensor, dtype: torch.dtype = torch.float64) -> tuple[torch.Tensor, torch.Tensor]:
    """(outer (I, P), used (P,)): v_i v_i^T flattened for v_i = (1, w_i), on the P pairs of points some question
    tests together (indices into the flattened (K+1)^2 block)."""
    i, k = weights.shape
    v = torch.cat([torch.ones(i, 1, device=weights.device, dtype=dtype), weights.to(dtype)], dim=1)  # (I, K+1)
    # The pairs first, from which points each question tests: an (I, (K+1)^2) product of every pair took 23 GB
    # for a term of 2,151 questions each on its own point.
    tested = (v != 0).to(dtype)
    used = torch.nonzero((tested.T @ tested).reshape(-1) > 0).squeeze(1)
    return v[:, used // (k + 1)] * v[:, used % (k + 1)], used


def curvature_blocks(coef: torch.Tensor, pairs: tuple[torch.Tensor, torch.Tensor], points: int) -> torch.Tensor:
    """(S, K+1, K+1) Gauss-Newton curvature of each student's scores w.r.t. (g_s, d_s1..d_sK): sum_i coef_si
    v_i v_i^T, from `coef` as in laplace_variances and the questions' `pair_products`; K = `points`."""
    outer, used = pairs
    block = coef.new_zeros(len(coef), (points + 1) ** 2, dtype=outer.dtype)
    block[:, used] = coef.to(outer.dtype) @ outer
    return block.reshape(-1, points + 1, points + 1)


def laplace_variances(
    coef: torch.Tensor, weights: torch.Tensor, precision_g: float, precision_d: float
) -> tuple[torch.Tensor, torch.Tensor]:
    """(var z, var (z - l)), each (S, K): posterior variances of the mastery logit z_sk = l_s + c_k + d_sk
    and of its deviation from the student's overall logit, with class and question parameters held fixed.

    `coef` (S, I) is the information of each observed score about the linear predictor times a_i^2
    (0 where unobserved); `weights` (I, K) the question's knowledge-point weights.
    """
    _, var_z, var_rel = posterior_variances(coef, weights, precision_g, precision_d)
    return var_z, var_rel


def posterior_variances(
    coef: torch.Tensor, weights: torch.Tensor, precision_g: float, precision_d: float
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(var l (S,), var z (S, K), var (z - l) (S, K)): `laplace_variances` with the variance of the student's
    overall logit l_s too."""
    mps = coef.device.type == "mps"
    dtype = torch.float32 if mps else torch.float64
    inverting = torch.device("cpu") if mps else coef.device  # small (K+1)^2 blocks; MPS lacks Cholesky ops
    s = coef.shape[0]
    k = weights.shape[1]
    prior = torch.diag(torch.tensor([precision_g] + [precision_d] * k, device=inverting, dtype=torch.float64))
    var_g, var_z, var_rel = [], [], []
    pairs = pair_products(weights, dtype)
    chunk = max(1, _CHUNK_BYTES // (8 * (k + 1) ** 2))
    for start in range(0, s, chunk):
        block = curvature_blocks(coef[start : start + chunk], pairs, k).to(inverting, torch.float64)
        covariance = torch.cholesky_inverse(torch.linalg.cholesky(block + prior))  # batched inv() is far slower
        var_g.append(torch.diagonal(covariance, dim1=1, dim2=2)[:, 0])
        var_z.append(mastery_variance(covariance))
        var_rel.append(torch.diagonal(covariance, dim1=1, dim2=2)[:, 1:])
    out_g, out_z, out_rel = (torch.cat(x).clamp_min(0.0).to(coef.device, dtype) for x in (var_g, var_z, var_rel))
    return out_g, out_z, out_rel


def mastery_variance(covariance: torch.Tensor) -> torch.Tensor:
    """(S, K) variance of z_sk = l_s + c_k + d_sk from the (S, K+1, K+1) covariance of (g_s, d_s)."""
    diag = torch.diagonal(covariance, dim1=1, dim2=2)
    return diag[:, :1] + diag[:, 1:] + 2.0 * covariance[:, 0, 1:]


def score_information(params: Params, task: TaskTensors) -> torch.Tensor:
    """(S, I) information of every observed score about the linear predictor, times a_i^2 (0 if unobserved)."""
    a, _, _ = item_link(params)
    return task.mask * eta_information(params, task) * a[None, :] ** 2


def half_width(variance: torch.Tensor, level: float, scale: float = 1.0) -> torch.Tensor:
    """Half the width of a `level` normal interval on the logit scale, its standard deviation times `scale`."""
    return NormalDist().inv_cdf(0.5 + level / 2.0) * scale * variance.sqrt()


def mastery_interval(
    params: Params, task: TaskTensors, precision_g: float, precision_d: float, level: float, scale: float = 1.0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(mastery, lower, upper), each (S, K) on the task's device: a `level` interval of sigmoid(z) from a
    Laplace approximation with the class's prior precisions of g and d, its sd times `scale` (the prior's
    calibrated interval scale: the Laplace step holds the class and question parameters fixed)."""
    z = mastery_logits(params, task)
    var_z, _ = laplace_variances(
        score_information(params, task),
        kp_weights(params, task.q),
        precision_g,
        precision_d,
    )
    half = half_width(var_z, level, scale).to(z.dtype)
    return torch.sigmoid(z), torch.sigmoid(z - half), torch.sigmoid(z + half)
