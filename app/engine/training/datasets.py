"""Real public data (../shared/data) turned into class-sized tasks, split by task into train and held-out.

The loaders take the data directory as an argument; the app itself never needs them.
TIMSS 2011 Austria has real classes (IDCLASS); the other sets get seeded pseudo-classes of
30-50 students. `math2015/FrcSub` and `fraction_subtraction` are the same data: loaded once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from app.core.score_matrix import ScoreMatrix

SPLIT_SEED = 20260101
"""Seed of the fixed train / held-out split of tasks; never change it between training and benchmarks."""

HELD_OUT_SHARE = 0.3
MIN_CLASS_SIZE = 10


@dataclass(frozen=True)
class DatasetTasks:
    """One data set as class-sized tasks, with its fixed held-out tasks."""

    name: str
    train: list[ScoreMatrix]
    held_out: list[ScoreMatrix]


def _matrix(
    points: np.ndarray,
    max_scores: np.ndarray,
    q: np.ndarray,
    kps: list[str],
    student_ids: list[str],
    item_ids: list[str],
    assessment: str,
) -> ScoreMatrix:
    keep_items = ~np.all(np.isnan(points), axis=0)
    keep_students = ~np.all(np.isnan(points[:, keep_items]), axis=1)
    points = points[np.ix_(keep_students, keep_items)]
    return ScoreMatrix(
        student_ids=tuple(np.asarray(student_ids)[keep_students]),
        student_names=(None,) * int(keep_students.sum()),
        item_ids=tuple(np.asarray(item_ids)[keep_items]),
        knowledge_points=tuple(kps),
        assessments=(assessment,),
        item_assessment=np.zeros(int(keep_items.sum()), dtype=int),
        points=points.astype(float),
        max_scores=np.asarray(max_scores, dtype=float)[keep_items],
        q_matrix=np.asarray(q, dtype=bool)[keep_items],
    )


def _pseudo_classes(
    points: np.ndarray, max_scores: np.ndarray, q: np.ndarray, kps: list[str], name: str, seed: int
) -> list[ScoreMatrix]:
    """Cut the students, shuffled with `seed`, into pseudo-classes of 30-50."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(points.shape[0])
    item_ids = [f"{name}-Q{j + 1}" for j in range(points.shape[1])]
    tasks, start = [], 0
    while start < len(order):
        size = int(rng.integers(30, 51))
        if len(order) - start - size < 30:
            size = len(order) - start
        rows = order[start : start + size]
        tasks.append(_matrix(points[rows], max_scores, q, kps, [f"{name}-{r}" for r in rows], item_ids, name))
        start += size
    return tasks


def _read_table(path: Path) -> np.ndarray:
    return pd.read_csv(path, sep=r"\s+", header=None).to_numpy(dtype=float)


def _skill_names(path: Path) -> list[str]:
    names = pd.read_csv(path, sep="\t")
    return [str(n).rstrip(",").strip() for n in names.iloc[:, 1]]


def load_timss(data_dir: Path) -> list[ScoreMatrix]:
    """TIMSS 2011 grade 4 Austria: one task per real class (IDCLASS) of at least 10 students; 9-attribute Q."""
    base = data_dir / "timss2011_g4_austria"
    data = pd.read_csv(base / "data.timss11.G4.AUT__data.csv")
    qdf = pd.read_csv(base / "data.timss11.G4.AUT__q.matrix1.csv")
    items = list(qdf["item"])
    kps = [c for c in qdf.columns if c not in ("rowname", "item")]
    q = qdf[kps].to_numpy(dtype=bool)
    tasks = []
    for class_id, group in data.groupby("IDCLASS", sort=True):
        if len(group) < MIN_CLASS_SIZE:
            continue
        points = group[items].to_numpy(dtype=float)
        ids = [f"timss-{s}" for s in group["IDSTUD"]]
        tasks.append(_matrix(points, np.ones(len(items)), q, kps, ids, items, f"timss-{class_id}"))
    return tasks


def load_math1(data_dir: Path, seed: int = SPLIT_SEED) -> list[ScoreMatrix]:
    """Math1 (research use only): raw partial-credit points with their full scores, pseudo-classes."""
    base = data_dir / "math2015" / "Math1"
    points = _read_table(base / "rawdata.txt")
    desc = pd.read_csv(base / "problemdesc.txt", sep="\t")
    q = _read_table(base / "q.txt")
    return _pseudo_classes(points, desc.iloc[:, 2].to_numpy(float), q, _skill_names(base / "qnames.txt"), "math1", seed)


def load_frcsub(data_dir: Path, seed: int = SPLIT_SEED) -> list[ScoreMatrix]:
    """Tatsuoka fraction subtraction (FrcSub), 20 items x 8 attributes, pseudo-classes."""
    base = data_dir / "math2015" / "FrcSub"
    points, q = _read_table(base / "data.txt"), _read_table(base / "q.txt")
    return _pseudo_classes(points, np.ones(points.shape[1]), q, _skill_names(base / "qnames.txt"), "frcsub", seed)


def load_ecpe(data_dir: Path, seed: int = SPLIT_SEED) -> list[ScoreMatrix]:
    """ECPE grammar section, 28 items x 3 attributes, pseudo-classes."""
    base = data_dir / "ecpe" / "from_CDM"
    data = pd.read_csv(base / "data.ecpe__data.csv")
    qdf = pd.read_csv(base / "data.ecpe__q.matrix.csv")
    kps = [c for c in qdf.columns if c != "rowname"]
    points = data[list(qdf["rowname"])].to_numpy(dtype=float)
    return _pseudo_classes(points, np.ones(points.shape[1]), qdf[kps].to_numpy(), kps, "ecpe", seed)


def load_junyi(data_dir: Path, seed: int = SPLIT_SEED) -> list[ScoreMatrix]:
    """Junyi-s, 9 exercises x 9 concepts with many not attempted, pseudo-classes."""
    base = data_dir / "junyi_s_snmcf" / "Junyi-s"
    points, q = _read_table(base / "data.txt"), _read_table(base / "q.txt")
    kps = [f"concept{j}" for j in range(q.shape[1])]
    return _pseudo_classes(points, np.ones(points.shape[1]), q, kps, "junyi", seed)


LOADERS: dict[str, Callable[[Path], list[ScoreMatrix]]] = {
    "timss": load_timss,
    "math1": load_math1,
    "frcsub": load_frcsub,
    "ecpe": load_ecpe,
    "junyi": load_junyi,
}


def split_tasks(tasks: list[ScoreMatrix], seed: int = SPLIT_SEED) -> tuple[list[ScoreMatrix], list[ScoreMatrix]]:
    """Fixed split by task: (train, held_out), about 30 % held out and at least 3."""
    order = np.random.default_rng(seed).permutation(len(tasks))
    n_held = max(3, round(HELD_OUT_SHARE * len(tasks)))
    held = set(order[:n_held].tolist())
    return [t for j, t in enumerate(tasks) if j not in held], [t for j, t in enumerate(tasks) if j in held]


def load_dataset(name: str, data_dir: Path) -> DatasetTasks:
    """Load one data set by name (see LOADERS) as train and held-out tasks."""
    train, held_out = split_tasks(LOADERS[name](Path(data_dir)))
    return DatasetTasks(name=name, train=train, held_out=held_out)
