"""The prediction contract: `python -m app predict TRAIN --query QUERY --out PRED` (no Qt).

TRAIN is any gradebook the importer accepts; it goes through the same import into a temporary
store (never the user's), so what is predicted is exactly what the app would diagnose. A TRAIN of several exams
(`assessment` and `date` columns) is a term: the exams are taken in date order and each student's state is
carried from one to the next, widened by the time between them (app.engine.term); a query item is then
written `EXAM/LABEL`, or its bare label where only one exam has it.
"""

from __future__ import annotations

import csv
import dataclasses
import tempfile
from pathlib import Path

import numpy as np

from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.importer.query import Query, read_query

_CLASS = "predict"
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


def _item_index(matrix: ScoreMatrix) -> tuple[dict[str, int], dict[str, list[str]]]:
    """(item id or unique bare label -> column, bare label -> its exams where several exams have it)."""
    index = {item: i for i, item in enumerate(matrix.item_ids)}
    labels: dict[str, list[int]] = {}
    for item, i in index.items():
        labels.setdefault(item.split("/", 1)[-1], []).append(i)
    ambiguous = {}
    for label, columns in labels.items():
        if len(columns) == 1:
            index.setdefault(label, columns[0])
        elif label not in index:
            ambiguous[label] = [matrix.assessments[int(matrix.item_assessment[i])] for i in columns]
    if len(matrix.assessments) == 1:  # EXAM/LABEL names the one exam's question too
        for item, i in list(index.items()):
            index.setdefault(f"{matrix.assessments[0]}/{item}", i)
    return index, ambiguous


def _ambiguous(label: str, exams: list[str], row: int, file: str) -> Problem:
    """An error for a bare query label that several of TRAIN's exams have."""
    return Problem(
        Severity.ERROR,
        Text(
            f"题目“{label}”出现在多次考试中（{'、'.join(exams)}），请写成“考试/题号”，如“{exams[-1]}/{label}”",
            f"item '{label}' occurs in several exams ({', '.join(exams)}): write it as EXAM/LABEL, "
            f"e.g. '{exams[-1]}/{label}'",
        ),
        file,
        row=row,
        column="item_id",
    )


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
    GradebookError naming each unknown student and item by row, and each bare label several exams have."""
    home = {s: (j, i) for j, m in enumerate(matrices) for i, s in enumerate(m.student_ids)}
    indexed = [_item_index(m) for m in matrices]
    items = [index for index, _ in indexed]
    known_items = set().union(*items)
    problems, found = [], []
    for row, student, item in zip(query.rows, query.student_ids, query.item_ids):
        if student not in home:
            problems.append(_unknown("student_id", student, row, file))
            if item not in known_items:
                problems.append(_unknown("item_id", item, row, file))
            continue
        j, s = home[student]
        if item in indexed[j][1]:
            problems.append(_ambiguous(item, indexed[j][1][item], row, file))
        elif item not in items[j]:
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
) -> int:
    """Import TRAIN into a temporary store, predict every QUERY pair, write PRED; returns the row count.

    When TRAIN has a class (班级) column, its classes are one grade: they are fitted jointly (the questions
    calibrated on every class, each class keeping its own level) and QUERY may name students of any of them.
    With several exams it is a term: each student carried through the exams in date order (`term_days`).
    """
    from app.services.importing import class_parts, read_checked
    from app.storage import get_class, import_gradebook, load_score_matrix, open_database

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
        matrices = [tagged(load_score_matrix(session, name)) for name, _ in parts]
        dates = [get_class(session, name).assessment_dates for name, _ in parts]
    term = len({exam for m in matrices for exam in m.assessments}) > 1  # classes of one exam each may differ
    if term:
        matrices = [qualified(m) for m in matrices]
    rows, pairs = locate_pairs(matrices, query, query_path.name)
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
        writer.writerows(zip(query.student_ids, query.item_ids, (f"{v:.6f}" for v in p)))
    progress.report(1.0, "done")
    return len(p)
