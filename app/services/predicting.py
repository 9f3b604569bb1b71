"""The prediction contract: `python -m app predict TRAIN --query QUERY --out PRED` (no Qt).

TRAIN is any gradebook the importer accepts; it goes through the same import into a temporary
store (never the user's), so what is predicted is exactly what the app would diagnose. A TRAIN of several exams
(`assessment` and `date` columns) is a term: the exams are taken in date order and each student's state is
carried from one to the next, widened by the time between them (app.engine.term); a query item is then
written `EXAM/LABEL`, or its bare label where only one exam has it. A query student or question without a score in
TRAIN is predicted all the same, with a warning (app.services.query_pairs).
"""

from __future__ import annotations

import csv
import dataclasses
import errno
import os
import tempfile
from pathlib import Path

import numpy as np

from app.core.problems import Problem, Refused, Text
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.importer.query import read_query
from app.services.query_pairs import locate_pairs

_CLASS = "predict"


@dataclasses.dataclass(frozen=True)
class Prediction:
    """What `predict_file` wrote: the row count, and the warnings about the query (students and questions without
    a score in TRAIN, each by its first row)."""

    rows: int
    warnings: list[Problem]


_UNTAGGED = "—"  # the one knowledge point, tested by no question, of a TRAIN without any


def tagged(matrix: ScoreMatrix) -> ScoreMatrix:
    """The matrix with one knowledge point that no question tests when it has none: its questions read each
    student's overall level, as the engine reads an untagged question (it needs at least one point)."""
    if matrix.knowledge_points:
        return matrix
    return dataclasses.replace(
        matrix, knowledge_points=(_UNTAGGED,), q_matrix=np.zeros((len(matrix.item_ids), 1), dtype=bool)
    )


def qualified(matrix: ScoreMatrix) -> ScoreMatrix:
    """The matrix with every item id written `EXAM/LABEL` (the store leaves the one exam of a class unqualified),
    so that the classes of a grade with different exams still match their questions by id."""
    if len(matrix.assessments) != 1:
        return matrix
    return dataclasses.replace(matrix, item_ids=tuple(f"{matrix.assessments[0]}/{item}" for item in matrix.item_ids))


def _writable(out: Path) -> None:
    """Make PRED's folder; Refused, before any fitting, where it cannot be made or PRED cannot be written there."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        reason = None if os.access(out if out.exists() else out.parent, os.W_OK) else os.strerror(errno.EACCES)
    except OSError as failed:
        reason = failed.strerror or type(failed).__name__
    if reason is not None:
        raise Refused(Text(f"无法写入预测文件 {out}：{reason}", f"cannot write PRED to {out}: {reason}"))


def predict_term(
    matrices: list[ScoreMatrix],
    days: list[list[float]],
    pairs: list[tuple[np.ndarray, np.ndarray]],
    device: str | None,
    progress: Progress,
) -> list[np.ndarray]:
    """Expected fractions of every class's (student, item) pairs from one fit of the grade's term."""
    from app.engine.term import fit_term

    fit = fit_term(matrices, days, device=device, progress=progress)
    return [fit.predict(j, students, items) for j, (students, items) in enumerate(pairs)]


def predict_file(
    train: Path,
    query_path: Path,
    out: Path,
    *,
    items_path: Path | None = None,
    device: str | None = None,
    progress: Progress | None = None,
) -> Prediction:
    """Import TRAIN into a temporary store, predict every QUERY pair, write PRED.

    When TRAIN has a class (班级) column, its classes are one grade: they are fitted jointly (the questions
    calibrated on every class, each class keeping its own level) and QUERY may name students of any of them.
    With several exams it is a term: each student carried through the exams in date order (`term_days`).
    """
    from app.services.importing import class_parts, read_checked
    from app.storage import get_class, import_gradebook, load_score_matrix, open_database

    progress = progress or NullProgress()
    _writable(out)
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
        matrices = [tagged(load_score_matrix(session, name)) for name, _ in parts]
        dates = [get_class(session, name).assessment_dates for name, _ in parts]
    term = len({exam for m in matrices for exam in m.assessments}) > 1  # classes of one exam each may differ
    if term:
        matrices = [qualified(m) for m in matrices]
    names: list[str | None] = [name for name, _ in parts] if parsed.class_names else [None]
    located = locate_pairs(matrices, names, query, query_path.name)
    matrices, rows, pairs = located.matrices, located.classes, located.pairs
    checkpoint(progress, 0.2, "predict")
    scaled = Scaled(progress, 0.2, 0.95)
    if term:
        from app.engine.term import term_days

        found = predict_term(matrices, [term_days(d) for d in dates], pairs, device, scaled)
    else:
        from app.engine.diagnose import predict_grade

        found = predict_grade(matrices, pairs, device=device, progress=scaled)
    p = np.empty(len(query.rows))
    for j, values in enumerate(found):
        p[rows == j] = values
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "item_id", "p"])
        writer.writerows((student, item, f"{v:.6f}") for (student, item), v in zip(query.written, p))
    progress.report(1.0, "done")
    return Prediction(len(p), located.warnings)
