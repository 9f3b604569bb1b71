"""Writing an exam package (考试包, `app.core.exam_package`): its manifest and each class's scores in one zip file,
written whole or not at all.

The scores are the long format `export_scores` writes (the importer reads them back as they were), one CSV per
class; anonymised, each student is their pseudonym code and pseudonym, so the package holds no name or number. A
package holding named scores is owner-only on disk, like every export naming students.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.core.exam_package import FORMAT, MANIFEST, VERSION, PackageExam, scores_part
from app.core.paper import Paper, PaperQuestion
from app.export.anonymise import People
from app.export.files import atomic_target
from app.export.scores import ScoreRow, score_table
from app.export.tables import write_csv_rows


@dataclass(frozen=True)
class ClassScores:
    """One class's scores of the package's exam (`storage.score_rows` of that exam alone) and how its students
    are named in the package."""

    class_name: str
    assessment: str  # the exam's name in that class
    rows: Sequence[ScoreRow]
    people: People


def write_exam_package(
    exam: PackageExam, classes: Sequence[ClassScores], out: Path, *, exported: dt.datetime | None = None
) -> Path:
    """Write the package of `exam` (with the scores of `classes`, none for a paper alone) at `out`."""
    parts = [(scores_part(n), _csv_bytes(c)) for n, c in enumerate(classes, start=1)]
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "app": f"Zhidian {__version__}",
        "exported_at": (exported or dt.datetime.now()).isoformat(timespec="seconds"),
        "exam": {"name": exam.name, "date": exam.date.isoformat() if exam.date else None, "subject": exam.subject},
        "paper": paper_json(exam.paper),
        "prerequisites": [list(pair) for pair in exam.prerequisites],
        "parents": [list(pair) for pair in exam.parents],
        "scores": {
            "anonymised": exam.anonymised,
            "classes": [
                {
                    "class": c.class_name,
                    "assessment": c.assessment,
                    "part": part,
                    "students": len({row[0] for row in c.rows}),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
                for c, (part, data) in zip(classes, parts)
            ],
        },
    }
    private = bool(classes) and not exam.anonymised  # a paper alone, or pseudonyms only, names no student
    with atomic_target(out, private=private) as target, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for part, data in parts:
            archive.writestr(part, data)
    return out


def paper_json(paper: Paper) -> dict[str, object]:
    """The manifest's `paper`: its name, subject, source and questions in order."""
    return {
        "name": paper.name,
        "subject": paper.subject,
        "source": paper.source,
        "questions": [_question_json(q) for q in paper.questions],
    }


def _question_json(q: PaperQuestion) -> dict[str, object]:
    return {
        "label": q.label,
        "max_score": q.max_score,
        "kind": str(q.kind),
        "answer_key": q.answer_key,
        "knowledge_points": list(q.knowledge_points),
        "ability": q.ability,
        "difficulty": q.difficulty,
    }


def _csv_bytes(scores: ClassScores) -> bytes:
    """The class's scores as the long-format CSV (UTF-8 with BOM) the importer reads."""
    text = io.StringIO(newline="")
    write_csv_rows(score_table(scores.rows, scores.people), text)
    return text.getvalue().encode("utf-8-sig")
