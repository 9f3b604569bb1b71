"""The school's own prior: train it on the store's classes, keep it in the store, use it or the shipped one.

    train_local_prior(db, ...) -> LocalPrior    meta-train on every tagged class; kept, in use only if better
    keep_local_prior(db, result)                keep a trained prior in the store (in use only if it is better)
    prior_state(db) -> PriorState               is there one, is it better, is it in use, is it damaged
    use_local_prior(db, use) -> PriorState      the teacher's switch (back to the shipped prior, or again to it)
    active_prior(db) -> (Prior | None, label)   what diagnoses use: the local prior in use, else None (shipped)
    local_prior_problem(db) -> Text | None      why the prior the teacher chose is not used (it is damaged)

The prior lives in the store itself (its table local_prior): it is this store's alone, not shared with
another store in the same folder, and every backup carries it. A prior that an older Zhidian kept in
`<store folder>/local_prior/` (prior.pt, its card prior.json, choice.json) is taken into that folder's
`zhidian.db` (the store it was trained on unless the teacher named another with --db) the first time it
is asked for; other stores there do not use it. A damaged prior (its card of the wrong JSON type, its
tensors unreadable or not finite) is not used: diagnoses fall back to the shipped prior. No Qt.
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
    import datetime as dt

    from app.engine.local import LocalPrior
    from app.engine.local import LocalSettings as LocalSettings  # how the window's dialog asks to train
    from app.engine.prior import Prior
    from app.storage import Database, StoredPriorRecord

LEGACY_FOLDER = "local_prior"
CHOICE = "choice.json"


class TooFewClasses(Refused):
    """The store holds too few tagged classes to train and check a prior of its own."""


@dataclass(frozen=True)
class PriorState:
    """Whether the store has a prior of its own, whether it beat the shipped one, and which one diagnoses use;
    `problem` says when the one the store holds is damaged (then it is neither better nor in use)."""

    trained: bool
    better: bool  # on the store's held-out classes when it was trained
    in_use: bool
    card: dict[str, Any] | None  # the local prior's model card
    problem: Text | None = None

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


def _damaged(db: Database) -> Text:
    return Text(
        f"数据库“{db.location}”中的本校模型已损坏，诊断改用内置模型。可以在“检验模型”中重新训练本校模型。",
        f"The school's own prior in '{db.location}' is damaged, so diagnoses use the shipped prior. Train the "
        "school's prior again in Check the model.",
    )


def _card_of(record: StoredPriorRecord) -> dict[str, Any] | None:
    """The prior's model card, None when it is not the JSON object a card is (then the prior is damaged)."""
    try:
        card = json.loads(record.card)
    except ValueError:
        return None
    if not isinstance(card, dict):
        return None
    if not all(isinstance(card.get(key, {}), dict) for key in ("data", "held_out_comparison", "settings")):
        return None
    return card


def _stored(db: Database) -> StoredPriorRecord | None:
    """The store's own prior, after taking in the one an older Zhidian kept beside `zhidian.db`."""
    from app.storage import load_stored_prior

    with db.session() as session:
        record = load_stored_prior(session)
    return record if record is not None else _adopt_legacy(db)


def _adopt_legacy(db: Database) -> StoredPriorRecord | None:
    from app.engine.prior import CARD_FILE, PRIOR_FILE
    from app.storage import StoreError, load_stored_prior, save_stored_prior
    from app.storage.paths import STORE_NAME

    if db.read_only or db.path is None or db.path.name != STORE_NAME:
        return None
    folder = db.path.parent / LEGACY_FOLDER
    if not (folder / PRIOR_FILE).is_file():
        return None
    try:
        weights = (folder / PRIOR_FILE).read_bytes()
        card = (folder / CARD_FILE).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    try:
        choice = json.loads((folder / CHOICE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        choice = None
    use = isinstance(choice, dict) and choice.get("use") is True
    try:
        with db.writing() as session:
            save_stored_prior(session, weights, card, use)
            return load_stored_prior(session)
    except StoreError:  # it stays beside the store; the shipped prior serves meanwhile
        return None


def prior_state(db: Database) -> PriorState:
    """What the store holds: no prior of its own, a damaged one, or one with its card and the teacher's switch."""
    record = _stored(db)
    if record is None:
        return PriorState(trained=False, better=False, in_use=False, card=None)
    card = _card_of(record)
    if card is None:
        return PriorState(trained=True, better=False, in_use=False, card=None, problem=_damaged(db))
    better = card.get("held_out_comparison", {}).get("better") is True
    return PriorState(trained=True, better=better, in_use=better and record.in_use, card=card)


def use_local_prior(db: Database, use: bool) -> PriorState:
    """Switch diagnoses to the store's own prior (only one that predicted better) or back to the shipped one."""
    from app.storage import set_prior_in_use

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
        with db.writing() as session:
            set_prior_in_use(session, use)
    return prior_state(db)


def active_prior(db: Database) -> tuple[Prior | None, str]:
    """What diagnoses of this store use: (the local prior, "local") when the teacher uses it and it is sound,
    else (None, "shipped"): the engine then loads the shipped prior."""
    prior = _usable_prior(db)
    return (prior, "local") if prior is not None else (None, "shipped")


def prior_in_use(db: Database) -> dt.datetime | None:
    """Which prior this store's diagnoses use, as a key of what a result stands on: when the store's own was trained
    where the teacher uses it, None for the shipped prior. Reads no tensors."""
    record = _stored(db)
    return record.trained_at if record is not None and prior_state(db).in_use else None


def local_prior_problem(db: Database) -> Text | None:
    """Why diagnoses use the shipped prior although the teacher chose the store's own (it is damaged); None when
    they use what the teacher chose."""
    record = _stored(db)
    if record is None or not record.in_use:
        return None
    card = _card_of(record)
    if card is not None and card.get("held_out_comparison", {}).get("better") is not True:
        return None  # never in use: nothing the teacher chose is missing
    return None if _usable_prior(db) is not None else _damaged(db)


def _usable_prior(db: Database) -> Prior | None:
    if not prior_state(db).in_use:
        return None
    from app.core.resources import DamagedResource
    from app.engine.prior import load_prior, prior_from_bytes

    record = _stored(db)
    try:
        prior = prior_from_bytes(record.weights, db.path or Path(db.location)) if record is not None else None
    except DamagedResource:
        return None
    if prior is not None:
        # A school's training starts from the shipped prior and never sets the interval scale again, so the
        # shipped prior's is the one calibrated for it; one kept before the scale was last set carries an old one.
        prior.interval_scale.copy_(load_prior().interval_scale)
    return prior


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


def keep_local_prior(db: Database, result: LocalPrior) -> None:
    """Keep a trained prior in the store in place of the one it held, in use only if it predicted better."""
    from app.engine.prior import prior_to_bytes
    from app.storage import save_stored_prior

    card = json.dumps(result.card, indent=2, ensure_ascii=False)
    with db.writing() as session:
        save_stored_prior(session, prior_to_bytes(result.prior), card, result.comparison.better)


def training_settings(*, steps: int | None = None, seed: int | None = None) -> LocalSettings:
    """How the school's prior is trained: the engine's defaults, with `steps` and `seed` when given."""
    from app.engine.local import LocalSettings

    given = {name: value for name, value in (("steps", steps), ("seed", seed)) if value is not None}
    return LocalSettings(**given)


def train_local_prior(
    db: Database | Path | str,
    *,
    out: Path | None = None,
    device: str | None = None,
    settings: LocalSettings | None = None,
    progress: Progress | None = None,
) -> LocalPrior:
    """Meta-train a prior on the store's classes (split by class), keep it in the store (or write it with its
    card to the folder `out`) and use it from now on only if it predicts the held-out classes better.
    TooFewClasses when the store holds fewer than the engine needs; StoreMissing when `db` names no store (none
    is created); Cancelled when `progress` asks (nothing is saved then)."""
    from app.engine.local import MIN_CLASSES, LocalSettings
    from app.engine.local import train_local_prior as train
    from app.storage import open_database

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    if isinstance(db, Path | str):  # a file or a server's URL
        with open_database(db, create=False) as opened:
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
    if out is None:
        keep_local_prior(db, result)
    else:
        _write_folder(result, out)
    progress.report(1.0, "done")
    return result


def _write_folder(result: LocalPrior, folder: Path) -> None:
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


def _write_json(path: Path, value: object) -> None:
    """Write `value` as JSON through a temporary file, so a crash never leaves half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)
    os.replace(tmp, path)
