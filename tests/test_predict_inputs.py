"""`python -m app predict` on TRAIN and QUERY files shaped as outside checkers write them (untagged, sparse, …)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from app.cli import main


def _long(folder: Path, exams: dict[str, str] | None = None, students: int = 12, items: int = 6) -> Path:
    """`student_id,item_id,score` (and `assessment,date` per exam): 0/1 scores, no knowledge points, no full marks;
    student k answers question i right when k > i, so the later students are the abler."""
    exams = exams or {"": ""}
    head = "student_id,item_id,score" if "" in exams else "student_id,assessment,date,item_id,score"
    rows = [head]
    for exam, date in exams.items():
        for s in range(students):
            for i in range(items):
                exam_cols = f"{exam},{date}," if exam else ""
                rows.append(f"{s:04d},{exam_cols}Q{i + 1},{int(s > i)}")
    path = folder / "train.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _predict(capsys, folder: Path, train: Path, pairs: list[tuple[str, str]]) -> tuple[int, str, list[list[str]]]:
    query = folder / "query.csv"
    query.write_text("student_id,item_id\n" + "".join(f"{s},{i}\n" for s, i in pairs), encoding="utf-8")
    out = folder / "pred.csv"
    out.unlink(missing_ok=True)
    code = main(["--lang", "en", "predict", str(train), "--query", str(query), "--out", str(out), "--device", "cpu"])
    err = capsys.readouterr().err
    if code != 0:
        return code, err, []
    with open(out, encoding="utf-8", newline="") as f:
        return code, err, list(csv.reader(f))[1:]


def test_predict_on_a_train_without_knowledge_points_reads_each_students_overall_level(tmp_path, capsys) -> None:
    pairs = [("0011", "Q3"), ("0000", "Q3"), ("0006", "Q5")]

    code, err, rows = _predict(capsys, tmp_path, _long(tmp_path), pairs)

    assert code == 0, err
    assert [(s, i) for s, i, _ in rows] == pairs
    p = np.array([float(v) for _, _, v in rows])
    assert ((p > 0) & (p < 1)).all() and p[0] > p[1] + 0.2


def test_predict_on_a_term_without_knowledge_points(tmp_path, capsys) -> None:
    train = _long(tmp_path, {"期中": "2026-11-05", "期末": "2027-01-10"})
    pairs = [("0011", "期末/Q3"), ("0000", "期中/Q3")]

    code, err, rows = _predict(capsys, tmp_path, train, pairs)

    assert code == 0, err
    p = np.array([float(v) for _, _, v in rows])
    assert ((p > 0) & (p < 1)).all() and p[0] > p[1] + 0.2
