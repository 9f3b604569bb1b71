"""A school's own prior: meta-trained at run time on its own classes, starting from the shipped prior.

    result = train_local_prior(classes, device=None, settings=LocalSettings(), progress=progress)
    result.comparison.better   # does it predict the held-out classes' hidden scores better?
    save_local_prior(result, directory);  prior, card = load_local_prior(directory)

The classes are split by class (never by row) into training and held-out classes; the prior is
meta-trained on episodes of the training classes (a class alone, or with the training classes that
took the same questions as its grade) and compared with the shipped prior on the held-out classes,
20 % of each student's scores hidden, as in "check the model".
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.engine.device import choose_device
from app.engine.diagnose import predict
from app.engine.evaluate import hide_scores
from app.engine.meta import Episode, MetaConfig, episode, meta_train, sample_split
from app.engine.metrics import all_metrics
from app.engine.prior import CARD_FILE, MODEL_VERSION, PRIOR_FILE, Prior, load_prior, read_prior, save_prior

MIN_CLASSES = 3


@dataclass(frozen=True)
class LocalSettings:
    """How a school's prior is trained (recorded in its card)."""

    steps: int = 150
    meta_batch: int = 32
    lr: float = 0.01
    held_out_share: float = 0.3  # of the classes, at least one
    grade_share: float = 0.3  # of episodes with the training classes of the same questions as peers
    seed: int = 0


@dataclass(frozen=True)
class PriorComparison:
    """Local against shipped prior on the held-out classes' hidden scores (AUC, RMSE, log loss, ECE, n)."""

    local: dict[str, float]
    shipped: dict[str, float]
    held_out_classes: int
    hidden_scores: int
    better: bool  # lower log loss and an AUC that is not lower


@dataclass(frozen=True)
class LocalPrior:
    """A trained local prior, its model card and how it compares with the shipped prior."""

    prior: Prior
    card: dict[str, object]
    comparison: PriorComparison


def split_classes(classes: Sequence[ScoreMatrix], share: float, seed: int) -> tuple[list[int], list[int]]:
    """(training, held-out) class indices, by class, fixed by `seed`; at least one of each."""
    order = np.random.default_rng(seed).permutation(len(classes))
    held = max(1, min(len(classes) - 1, round(share * len(classes))))
    return sorted(order[held:].tolist()), sorted(order[:held].tolist())


def _same_questions(classes: Sequence[ScoreMatrix]) -> list[list[int]]:
    """For each class, the other classes holding at least half of its questions (its grade)."""
    items = [set(m.item_ids) for m in classes]
    return [
        [j for j, other in enumerate(items) if j != i and len(mine & other) * 2 >= len(mine)]
        for i, mine in enumerate(items)
    ]


def compare_priors(
    local: Prior, shipped: Prior, classes: Sequence[ScoreMatrix], *, seed: int = 0, progress: Progress | None = None
) -> PriorComparison:
    """Both priors on the same hidden 20 % of every student's scores in each of `classes`."""
    progress = progress or NullProgress()
    truth: list[np.ndarray] = []
    preds: dict[str, list[np.ndarray]] = {"local": [], "shipped": []}
    for j, matrix in enumerate(classes):
        checkpoint(progress, j / len(classes), "compare")
        split = hide_scores(matrix, 0.2, seed + j)
        s, i, y = split.pairs()
        truth.append(y)
        for name, prior in (("local", local), ("shipped", shipped)):
            preds[name].append(predict(split.train, s, i, device="cpu", prior=prior))
    y = np.concatenate(truth)
    if len(y) == 0:
        raise ValueError("the held-out classes have no scores to hide: every student needs two scored questions")
    local_m, shipped_m = (all_metrics(y, np.concatenate(preds[n])) for n in ("local", "shipped"))
    better = local_m["log_loss"] < shipped_m["log_loss"] and not local_m["auc"] < shipped_m["auc"]
    return PriorComparison(local_m, shipped_m, len(classes), len(y), better)


def train_local_prior(
    classes: Sequence[ScoreMatrix],
    *,
    base: Prior | None = None,
    device: str | None = None,
    settings: LocalSettings = LocalSettings(),
    progress: Progress | None = None,
) -> LocalPrior:
    """Meta-train a prior on the school's `classes` (one ScoreMatrix per class and assessment set), starting
    from `base` (the shipped prior); ValueError with fewer than MIN_CLASSES classes; Cancelled when asked."""
    if len(classes) < MIN_CLASSES:
        raise ValueError(f"a local prior needs at least {MIN_CLASSES} classes, got {len(classes)}")
    progress = progress or NullProgress()
    started = time.perf_counter()
    shipped = base or load_prior()
    train, held = split_classes(classes, settings.held_out_share, settings.seed)
    grades = _same_questions([classes[j] for j in train])
    config = MetaConfig(steps=settings.steps, meta_batch=settings.meta_batch, lr=settings.lr, seed=settings.seed)
    cells = max(m.points.size for m in classes) * settings.meta_batch
    choice = choose_device(device, cells)

    def sample(rng: np.random.Generator) -> Episode:
        while True:
            j = int(rng.integers(len(train)))
            peers = grades[j] if rng.random() < settings.grade_share else []
            split = sample_split(classes[train[j]], rng, config.hide_share)
            if split.hidden.any():
                return episode(split, [classes[train[p]] for p in peers])

    prior = copy.deepcopy(shipped).requires_grad_(True)
    history = meta_train(prior, sample, config, device=choice.device, progress=Scaled(progress, 0.0, 0.85))
    prior = prior.cpu().requires_grad_(False)
    comparison = compare_priors(prior, shipped, [classes[j] for j in held], progress=Scaled(progress, 0.85, 1.0))
    checkpoint(progress, 1.0, "done")
    card: dict[str, object] = {
        "kind": "local",
        "model_version": MODEL_VERSION,
        "date": datetime.date.today().isoformat(),
        "torch": torch.__version__,
        "device": str(choice.device),
        "device_reason": choice.reason,
        "base": "the shipped prior" if base is None else "the prior passed in",
        "data": {
            "classes": len(classes),
            "training_classes": len(train),
            "held_out_classes": len(held),
            "students": sum(len(m.student_ids) for m in classes),
            "scores": int(sum(m.observed.sum() for m in classes)),
        },
        "settings": dataclasses.asdict(settings),
        "seconds": round(time.perf_counter() - started, 1),
        "final_query_loss_mean_last_20": float(np.mean(history[-20:])),
        "held_out_comparison": dataclasses.asdict(comparison),
    }
    return LocalPrior(prior=prior, card=card, comparison=comparison)


def save_local_prior(result: LocalPrior, directory: Path) -> Path:
    """Write `directory/prior.pt` (tensors only) and `directory/prior.json` (the card); returns the directory."""
    save_prior(result.prior, directory)
    (directory / CARD_FILE).write_text(json.dumps(result.card, indent=2, ensure_ascii=False), encoding="utf-8")
    return directory


def load_local_prior(directory: Path) -> tuple[Prior, dict[str, object]]:
    """The local prior in `directory` (weights_only, read afresh) and its card."""
    card = json.loads((directory / CARD_FILE).read_text(encoding="utf-8"))
    return read_prior(directory / PRIOR_FILE), card
