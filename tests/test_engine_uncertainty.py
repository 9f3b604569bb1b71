"""The Laplace step: the chunked (S, I) x (I, (K+1)^2) curvature equals the per-student blocks written out."""

import torch

import app.engine.uncertainty as uncertainty
from app.engine.uncertainty import laplace_variances


def test_chunked_curvature_equals_the_blocks_written_out(monkeypatch) -> None:
    gen = torch.Generator().manual_seed(0)
    s, i, k = 13, 9, 4
    coef = torch.rand(s, i, generator=gen) * (torch.rand(s, i, generator=gen) < 0.8)
    weights = torch.softmax(torch.randn(i, k, generator=gen), dim=1)
    monkeypatch.setattr(uncertainty, "_CHUNK_BYTES", 8 * (k + 1) ** 2 * 4)  # chunks of 4 students
    var_z, var_rel = laplace_variances(coef, weights, 0.7, 2.0)
    v = torch.cat([torch.ones(i, 1), weights], dim=1).double()
    blocks = torch.einsum("si,ij,ik->sjk", coef.double(), v, v) + torch.diag(torch.tensor([0.7] + [2.0] * k)).double()
    cov = torch.linalg.inv(blocks)
    diag = torch.diagonal(cov, dim1=1, dim2=2)
    torch.testing.assert_close(var_z, diag[:, :1] + diag[:, 1:] + 2 * cov[:, 0, 1:])
    torch.testing.assert_close(var_rel, diag[:, 1:])


def test_curvature_of_sparsely_tagged_questions_equals_the_blocks_written_out() -> None:
    gen = torch.Generator().manual_seed(1)
    s, i, k = 7, 30, 10
    q = (torch.rand(i, k, generator=gen) < 0.15).double()
    q[:4] = 0.0  # untagged questions read only the overall level
    weights = torch.rand(i, k, generator=gen, dtype=torch.float64) * q
    weights = weights / weights.sum(1, keepdim=True).clamp_min(1e-12)
    coef = torch.rand(s, i, generator=gen, dtype=torch.float64)
    v = torch.cat([torch.ones(i, 1, dtype=torch.float64), weights], dim=1)
    expected = torch.einsum("si,ij,ik->sjk", coef, v, v)
    got = uncertainty.curvature_blocks(coef, uncertainty.pair_products(weights), k)
    torch.testing.assert_close(got, expected, rtol=0, atol=1e-12)


def test_pairs_of_many_points_are_formed_without_a_product_of_every_pair() -> None:
    n = 3000  # each question on its own point: every pair of points would be 3000 x 3001^2 doubles (216 GB)
    outer, used = uncertainty.pair_products(torch.eye(n))
    assert outer.shape == (n, 3 * n + 1)  # (level, level), (level, k), (k, level), (k, k) of each point
    assert int(used[0]) == 0 and int(used[-1]) == (n + 1) ** 2 - 1  # from (level, level) to (last, last)
    assert torch.equal(outer.sum(dim=0), torch.cat([torch.tensor([float(n)]), torch.ones(3 * n, dtype=torch.float64)]))
