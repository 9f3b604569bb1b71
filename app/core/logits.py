"""The one logit and sigmoid of the NumPy code: each caller passes its own clipping.

    z = logit(p, 1e-4)   # p clipped to [1e-4, 1 - 1e-4] first
    p = sigmoid(z)

The torch code keeps its own (`torch.sigmoid` in the model, the prior's `_logit`): core imports no torch.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def logit(p: ArrayLike, eps: float) -> np.ndarray:
    """log(p / (1 - p)) of `p` clipped to [eps, 1 - eps], computed as log p - log1p(-p)."""
    q = np.clip(np.asarray(p, dtype=float), eps, 1.0 - eps)
    out: np.ndarray = np.log(q) - np.log1p(-q)
    return out


def sigmoid(x: ArrayLike) -> np.ndarray:
    """1 / (1 + exp(-x)), the inverse of the logit; exp only of -|x|, so no overflow at any finite x."""
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    out: np.ndarray = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out
