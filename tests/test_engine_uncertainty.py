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
