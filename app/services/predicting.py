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


def locate_pairs(matrix: ScoreMatrix, query: Query, file: str) -> tuple[np.ndarray, np.ndarray]:
    """Student and item indices of every query pair; GradebookError naming each unknown one by row."""
    students = {s: i for i, s in enumerate(matrix.student_ids)}
    items = _item_index(matrix)
    problems = []
    for row, student, item in zip(query.rows, query.student_ids, query.item_ids):
        if student not in students:
            problems.append(
                Problem(
                    Severity.ERROR,
                    Text(f"学号“{student}”不在训练数据中", f"student '{student}' is not in TRAIN"),
                    file,
                    row=row,
                    column="student_id",
                )
            )
        if item not in items:
            problems.append(
                Problem(
                    Severity.ERROR,
                    Text(f"题目“{item}”不在训练数据中", f"item '{item}' is not in TRAIN"),
                    file,
                    row=row,
                    column="item_id",
                )
            )
    if problems:
        raise GradebookError(problems)
    return (
        np.array([students[s] for s in query.student_ids], dtype=int),
        np.array([items[i] for i in query.item_ids], dtype=int),
    )


def predict_file(
    train: Path,
    query_path: Path,
    out: Path,
    *,
    items_path: Path | None = None,
    device: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Import TRAIN into a temporary store, predict every QUERY pair, write PRED; returns the row count."""
    from app.engine.diagnose import predict
    from app.services.importing import read_checked
    from app.storage import import_gradebook, load_score_matrix, open_database

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "read")
    parsed = read_checked(train, items_path)
    query = read_query(query_path)
    with (
        tempfile.TemporaryDirectory(prefix="zhidian-predict-") as tmp,
        open_database(Path(tmp) / "predict.db") as db,
        db.writing() as session,
    ):
        import_gradebook(session, parsed, _CLASS)
        matrix = load_score_matrix(session, _CLASS)
    students, items = locate_pairs(matrix, query, query_path.name)
    checkpoint(progress, 0.2, "predict")
    p = predict(matrix, students, items, device=device, progress=Scaled(progress, 0.2, 0.95))
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "item_id", "p"])
        writer.writerows(zip(query.student_ids, query.item_ids, (f"{v:.6f}" for v in p)))
    progress.report(1.0, "done")
    return len(p)
