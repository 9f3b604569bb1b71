"""The prediction contract: `python -m app predict TRAIN --query QUERY --out PRED` (no Qt).

TRAIN is any gradebook the importer accepts; it goes through the same import into a temporary
store (never the user's), so what is predicted is exactly what the app would diagnose.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np

from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.importer.query import Query, read_query

_CLASS = "predict"


def _item_index(matrix: ScoreMatrix) -> dict[str, int]:
    """Item id -> column; with several assessments the bare label works too where it is unique."""
    index = {item: i for i, item in enumerate(matrix.item_ids)}
    labels: dict[str, list[int]] = {}
    for item, i in index.items():
        labels.setdefault(item.split("/", 1)[-1], []).append(i)
    for label, columns in labels.items():
        if len(columns) == 1:
            index.setdefault(label, columns[0])
    return index


def _unknown(what: str, value: str, row: int, file: str) -> Problem:
    """An error for a query id that TRAIN does not hold (`what` is "student_id" or "item_id")."""
    zh, en = ("学号", "student") if what == "student_id" else ("题目", "item")
    return Problem(
        Severity.ERROR,
        Text(f"{zh}“{value}”不在训练数据中", f"{en} '{value}' is not in TRAIN"),
        file,
        row=row,
        column=what,
    )


def locate_pairs(
    matrices: list[ScoreMatrix], query: Query, file: str
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """The class (index into `matrices`) of each query row, and per class its rows' student and item indices;
    GradebookError naming each unknown student and item by row."""
    home = {s: (j, i) for j, m in enumerate(matrices) for i, s in enumerate(m.student_ids)}
    items = [_item_index(m) for m in matrices]
    known_items = set().union(*items)
    problems, found = [], []
    for row, student, item in zip(query.rows, query.student_ids, query.item_ids):
        if student not in home:
            problems.append(_unknown("student_id", student, row, file))
            if item not in known_items:
                problems.append(_unknown("item_id", item, row, file))
            continue
        j, s = home[student]
        if item not in items[j]:
            problems.append(_unknown("item_id", item, row, file))
        else:
            found.append((j, s, items[j][item]))
    if problems:
        raise GradebookError(problems)
    classes = np.array([j for j, _, _ in found], dtype=int)
    pairs = [
        (
            np.array([s for c, s, _ in found if c == j], dtype=int),
            np.array([i for c, _, i in found if c == j], dtype=int),
        )
        for j in range(len(matrices))
    ]
    return classes, pairs


def predict_file(
    train: Path,
    query_path: Path,
    out: Path,
    *,
    items_path: Path | None = None,
    device: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Import TRAIN into a temporary store, predict every QUERY pair, write PRED; returns the row count.

    When TRAIN has a class (班级) column, its classes are one grade: they are fitted jointly (the questions
    calibrated on every class, each class keeping its own level) and QUERY may name students of any of them.
    """
    from app.engine.diagnose import predict_grade
    from app.services.importing import class_parts, read_checked
    from app.storage import import_gradebook, load_score_matrix, open_database

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "read")
    parsed = read_checked(train, items_path)
    query = read_query(query_path)
    parts = class_parts(parsed, None if parsed.class_names else _CLASS)  # a grade: every class of it
    with (
        tempfile.TemporaryDirectory(prefix="zhidian-predict-") as tmp,
        open_database(Path(tmp) / "predict.db") as db,
        db.writing() as session,
    ):
        for name, part in parts:
            import_gradebook(session, part, name)
        matrices = [load_score_matrix(session, name) for name, _ in parts]
    rows, pairs = locate_pairs(matrices, query, query_path.name)
    checkpoint(progress, 0.2, "predict")
    found = predict_grade(matrices, pairs, device=device, progress=Scaled(progress, 0.2, 0.95))
    p = np.empty(len(query.rows))
    for j, values in enumerate(found):
        p[rows == j] = values
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "item_id", "p"])
        writer.writerows(zip(query.student_ids, query.item_ids, (f"{v:.6f}" for v in p)))
    progress.report(1.0, "done")
    return len(p)
