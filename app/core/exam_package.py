"""An exam package (考试包): one file that passes an exam's paper and tagging, and optionally its scores, to colleagues.

It is a zip file (suffix `.zhidian`) holding `manifest.json` (the format and its version, the exam, the paper with
its questions, full marks, kinds, answer keys and knowledge points, the knowledge graph's edges) and, when scores
go with it, one long-format CSV per class (`scores/001.csv`, …). docs/EXAM_PACKAGE.md describes every field. The
writer is `app.export.exam_package`, the reader `app.importer.exam_package`; what both must agree on is here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.core.paper import Paper

FORMAT = "zhidian-exam-package"
"""The manifest's `format`: what says a zip file is an exam package (and not a workbook or another zip)."""
VERSION = 1
"""The manifest's `version` this Zhidian writes and reads; a newer one is refused with "update Zhidian"."""
SUFFIX = ".zhidian"
MANIFEST = "manifest.json"
SCORES_PART = re.compile(r"scores/[0-9]{3,4}\.csv")
"""The name of a class's scores in the package."""


def scores_part(n: int) -> str:
    """The part holding the scores of the package's `n`-th class (from 1): scores/001.csv."""
    return f"scores/{n:03d}.csv"


@dataclass(frozen=True)
class PackageExam:
    """What a package says of its exam: the exam (name, date, subject), its paper, the subject's knowledge graph
    (`(knowledge point, prerequisite)` pairs) and hierarchy (`(knowledge point, parent)` pairs), and whether its
    scores name no student (`anonymised`)."""

    name: str
    date: dt.date | None
    paper: Paper
    subject: str = ""
    prerequisites: tuple[tuple[str, str], ...] = ()
    anonymised: bool = False
    parents: tuple[tuple[str, str], ...] = ()
