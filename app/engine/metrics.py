"""Prediction metrics on hidden scores: AUC, RMSE, log loss, ECE (numpy only, used by app, tests, benchmarks)."""

from __future__ import annotations

import numpy as np

CORRECT_FROM = 0.5
"""A score fraction at or above this counts as correct for AUC."""

_CLIP = 1e-6


def auc(fraction: np.ndarray, p: np.ndarray) -> float:
    """Area under the ROC curve with fraction >= 0.5 as positive; ties in p count half. NaN if one class is absent."""
    label = np.asarray(fraction) >= CORRECT_FROM
    p = np.asarray(p, dtype=float)
    n_pos, n_neg = int(label.sum()), int((~label).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(p, kind="mergesort")
    sorted_p = p[order]
    # average rank of each group of tied predictions
    new_group = np.r_[True, np.diff(sorted_p) != 0]
    starts = np.flatnonzero(new_group)
    ends = np.r_[starts[1:], len(p)]
    ranks = np.empty(len(p))
    ranks[order] = ((starts + ends + 1) / 2.0)[np.cumsum(new_group) - 1]
    return float((ranks[label].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def rmse(fraction: np.ndarray, p: np.ndarray) -> float:
    """Root mean squared error between score fractions and predicted expected fractions."""
    return float(np.sqrt(np.mean((np.asarray(fraction) - np.asarray(p)) ** 2)))


def log_loss(fraction: np.ndarray, p: np.ndarray) -> float:
    """Mean fractional cross-entropy: -(y log p + (1 - y) log(1 - p)), p clipped to [1e-6, 1 - 1e-6]."""
    y = np.asarray(fraction, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), _CLIP, 1 - _CLIP)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def ece(fraction: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over `bins` equal-width bins of p: share-weighted |mean p - mean fraction|."""
    y = np.asarray(fraction, dtype=float)
    p = np.asarray(p, dtype=float)
    index = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        in_bin = index == b
        if in_bin.any():
            total += in_bin.mean() * abs(p[in_bin].mean() - y[in_bin].mean())
    return float(total)


def all_metrics(fraction: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """AUC, RMSE, log loss and ECE of predictions `p` for observed `fraction`s, plus their count."""
    return {
        "auc": auc(fraction, p),
        "rmse": rmse(fraction, p),
        "log_loss": log_loss(fraction, p),
        "ece": ece(fraction, p),
        "n": float(len(fraction)),
    }
