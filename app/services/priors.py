"""The school's own prior: train it on the store's classes, keep it beside the store, use it or the shipped one.

    train_local_prior(db, ...) -> LocalPrior    meta-train on every tagged class; saved, in use only if better
    prior_state(db) -> PriorState               is there one, is it better, is it in use
    use_local_prior(db, use) -> PriorState      the teacher's switch (back to the shipped prior, or again to it)
    active_prior(db) -> (Prior | None, label)   what diagnoses use: the local prior in use, else None (shipped)

The prior lives in `<store folder>/local_prior/` (prior.pt, its card prior.json, and choice.json with the
teacher's switch), so a copied or portable data folder carries it. No Qt.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.problems import Refused, Text
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix

if TYPE_CHECKING:
    from app.engine.local import LocalPrior
    from app.engine.local import LocalSettings as LocalSettings  # how the window's dialog asks to train
    from app.engine.prior import Prior
    from app.storage import Database

FOLDER = "local_prior"
CHOICE = "choice.json"


class TooFewClasses(Refused):
    """The store holds too few tagged classes to train and check a prior of its own."""


@dataclass(frozen=True)
class PriorState:
    """Whether the store has a prior of its own, whether it beat the shipped one, and which one diagnoses use."""

    trained: bool
    better: bool  # on the store's held-out classes when it was trained
    in_use: bool
    card: dict[str, Any] | None  # the local prior's model card

    @property
    def classes(self) -> int:
        """How many of the store's classes it was trained and checked on (0 when none is trained)."""
        return int((self.card or {}).get("data", {}).get("classes", 0))

    @property
    def date(self) -> str:
        """The day it was trained (ISO), "" when none is trained."""
        return str((self.card or {}).get("date", ""))

    @property
    def comparison(self) -> dict[str, Any]:
        """Its held-out comparison with the shipped prior: "local" and "shipped" metrics, "held_out_classes"."""
        return dict((self.card or {}).get("held_out_comparison", {}))


def local_prior_dir(db: Database) -> Path:
    """The folder of the store's own prior (it may not exist)."""
    return db.path.parent / FOLDER


def _write_json(path: Path, value: object) -> None:
    """Write `value` as JSON through a temporary file, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)
    os.replace(tmp, path)


def _replace_folder(result: LocalPrior, folder: Path) -> None:
    """Save the prior, its card and the switch (on only if it is better) in a new folder, then swap it in
    for `folder`: a crash leaves the old prior or the new one, never a mix."""
    from app.engine.local import save_local_prior

    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f"{folder.name}.new-"))
    save_local_prior(result, fresh)
    _write_json(fresh / CHOICE, {"use": result.comparison.better})
    old = folder.with_name(f"{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def prior_state(db: Database) -> PriorState:
    """What the store's folder holds: no local prior, or one with its card and the teacher's switch."""
    from app.engine.prior import CARD_FILE  # lazily: torch loads only when the prior is needed

    folder = local_prior_dir(db)
    try:
        card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
        chosen = json.loads((folder / CHOICE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return PriorState(trained=False, better=False, in_use=False, card=None)
    better = bool(card.get("held_out_comparison", {}).get("better", False))
    return PriorState(trained=True, better=better, in_use=better and bool(chosen.get("use")), card=card)


def use_local_prior(db: Database, use: bool) -> PriorState:
    """Switch diagnoses to the store's own prior (only one that predicted better) or back to the shipped one."""
    state = prior_state(db)
    if use and not state.better:
        raise Refused(
            Text(
                "本校模型没有比内置模型预测得更好（或尚未训练），不能启用。",
                "The school's own prior did not predict better than the shipped one (or none is trained yet), "
                "so it cannot be used.",
            )
        )
    if state.trained:
        _write_json(local_prior_dir(db) / CHOICE, {"use": use})
    return prior_state(db)


def active_prior(db: Database) -> tuple[Prior | None, str]:
    """What diagnoses of this store use: (the local prior, "local") when the teacher uses it and it loads,
    else (None, "shipped"): the engine then loads the shipped prior. A damaged local prior is not used."""
    if not prior_state(db).in_use:
        return None, "shipped"
    from app.core.resources import DamagedResource
    from app.engine.local import load_local_prior

    try:
        return load_local_prior(local_prior_dir(db))[0], "local"
    except (DamagedResource, OSError, ValueError):  # a damaged local prior: the shipped one still works
        return None, "shipped"


def prior_label(db: Database) -> str:
    """Which prior diagnoses of this store use now: "local" or "shipped"."""
    return active_prior(db)[1]


def store_classes(db: Database) -> list[ScoreMatrix]:
    """Every class of the store whose questions are tagged, one ScoreMatrix each over all its exams."""
    from app.storage import list_classes, load_score_matrix

    with db.session() as session:
        names = [c.name for c in list_classes(session) if c.scores]
        matrices = [load_score_matrix(session, name) for name in names]
    return [m for m in matrices if m.knowledge_points and len(m.student_ids) >= 2]


def training_settings(*, steps: int | None = None, seed: int | None = None) -> LocalSettings:
    """How the school's prior is trained: the engine's defaults, with `steps` and `seed` when given."""
    from app.engine.local import LocalSettings

    given = {name: value for name, value in (("steps", steps), ("seed", seed)) if value is not None}
    return LocalSettings(**given)


def train_local_prior(
    db: Database | Path,
    *,
    out: Path | None = None,
    device: str | None = None,
    settings: LocalSettings | None = None,
    progress: Progress | None = None,
) -> LocalPrior:
    """Meta-train a prior on the store's classes (split by class), save it with its card beside the store (or in
    `out`) and use it from now on only if it predicts the held-out classes better. TooFewClasses when the store
    holds fewer than the engine needs; Cancelled when `progress` asks (nothing is saved then)."""
    from app.engine.local import MIN_CLASSES, LocalSettings
    from app.engine.local import train_local_prior as train
    from app.storage import open_database

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    if isinstance(db, Path):
        with open_database(db) as opened:
            return train_local_prior(opened, out=out, device=device, settings=settings, progress=progress)
    classes = store_classes(db)
    if len(classes) < MIN_CLASSES:
        raise TooFewClasses(
            Text(
                f"训练本校模型至少需要 {MIN_CLASSES} 个已标注知识点的班级，数据库中只有 {len(classes)} 个。",
                f"Training the school's own prior needs at least {MIN_CLASSES} classes tagged with knowledge "
                f"points; the store holds {len(classes)}.",
            )
        )
    result = train(classes, device=device, settings=settings or LocalSettings(), progress=Scaled(progress, 0.05, 0.98))
    _replace_folder(result, out or local_prior_dir(db))
    progress.report(1.0, "done")
    return result
