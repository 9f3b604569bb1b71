"""How often real classes get a coarser grain, of which kind, and how reliable it is against their fine points.

TIMSS 2011 grade 4 Austria has real classes and a real hierarchy: its 9 points are content x cognitive domain
(Co_NA: Number x Applying, …), so each point's parent is its content domain (Number, Geometric shapes and
measures, Data display), or, read the other way, its cognitive domain (Applying, Knowing, Reasoning). Its items
with parts (M031346A, B, C) are one question's sub-questions: a 大题. Math1 (pseudo-classes, 11 named points, no
hierarchy, no sub-questions) can only be grouped by points tagged together. Each class goes through
`services.grain.grain_of`, the rule both faces use.

    .venv/bin/python benchmarks/grain_real.py [--data ../shared/data] [--out benchmarks/results/grain_real.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np

from app.core.score_matrix import ScoreMatrix
from app.engine.profile import RELATIVE_MIN_RELIABILITY, profile_reliability
from app.engine.training.datasets import load_math1, load_timss
from app.insight.grain import Grain, GrainKind, candidates, merged_q
from app.services.grain import grain_of

ROOT = Path(__file__).resolve().parent.parent
CONTENT = {"D": "Data display", "G": "Geometric shapes and measures", "N": "Number"}
COGNITIVE = {"A": "Applying", "K": "Knowing", "R": "Reasoning"}


def _parents(points: tuple[str, ...], domain: dict[str, str], position: int) -> dict[str, str]:
    """Co_NA -> its content (position 3) or cognitive (position 4) domain."""
    return {p: domain[p[position]] for p in points}


def _with_sub_questions(matrix: ScoreMatrix) -> ScoreMatrix:
    """TIMSS item ids as question labels: M031346A -> 031346A (a part of question 031346)."""
    return dataclasses.replace(matrix, item_ids=tuple(item.removeprefix("M") for item in matrix.item_ids))


def _reliability(matrix: ScoreMatrix, groups: tuple[tuple[str, ...], ...]) -> float:
    grouped = dataclasses.replace(
        matrix,
        knowledge_points=tuple(" + ".join(g) for g in groups),
        q_matrix=merged_q(matrix.q_matrix, matrix.knowledge_points, groups),
    )
    return profile_reliability(grouped).full_length


@dataclasses.dataclass(frozen=True)
class ClassGrain:
    """One class: its fine points' reliability, the grain the rule reports, the best reliability of each kind."""

    fine: float
    grain: Grain | None
    best: dict[GrainKind, float]


def _mean(values: list[float]) -> float | None:
    kept = [v for v in values if not math.isnan(v)]
    return float(np.mean(kept)) if kept else None


def measure(name: str, classes: list[ScoreMatrix], parents: dict[str, str]) -> dict[str, object]:
    """Per set: classes whose fine points reach the gate, those given a coarser grain reaching it (by kind), none;
    mean reliability of the fine points and of the grain reported, and the best reliability each kind reaches."""
    rows = []
    for m in classes:
        fine = profile_reliability(m).full_length
        best: dict[GrainKind, float] = {}
        for grouping in candidates(m, parents):
            r = _reliability(m, grouping.groups)
            if not math.isnan(r):
                best[grouping.kind] = max(best.get(grouping.kind, -1.0), r)
        rows.append(ClassGrain(fine, grain_of(m, fine, parents), best))
    chosen = [r for r in rows if r.grain is not None and r.grain.supported]
    return {
        "set": name,
        "classes": len(rows),
        "fine_reaches_gate": sum(r.fine >= RELATIVE_MIN_RELIABILITY for r in rows),
        "fine_not_measurable": sum(math.isnan(r.fine) for r in rows),
        "coarser_reaches_gate": dict(Counter(r.grain.kind.value for r in chosen if r.grain)),
        "coarser_groups": dict(Counter(len(r.grain.groups) for r in chosen if r.grain)),
        "none_reaches_gate": sum(r.grain is not None and not r.grain.supported for r in rows),
        "mean_fine": _mean([r.fine for r in rows]),
        "mean_fine_where_coarser_chosen": _mean([r.fine for r in chosen]),
        "mean_coarser_chosen": _mean([r.grain.reliability for r in chosen if r.grain]),
        "mean_best_by_kind": {k.value: _mean([r.best.get(k, math.nan) for r in rows]) for k in GrainKind},
        "kind_reaches_gate": {
            k.value: sum(r.best.get(k, -1.0) >= RELATIVE_MIN_RELIABILITY for r in rows) for k in GrainKind
        },
    }


def main() -> None:
    """Measure every set and print one JSON record per set (and write them to --out)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "grain_real.json"))
    args = parser.parse_args()
    data = Path(args.data)
    timss = [_with_sub_questions(m) for m in load_timss(data)]
    points = timss[0].knowledge_points
    records = [
        measure("timss, units = content domains", timss, _parents(points, CONTENT, 3)),
        measure("timss, units = cognitive domains", timss, _parents(points, COGNITIVE, 4)),
        measure("timss, no hierarchy", timss, {}),
        measure("math1 (no hierarchy, no sub-questions)", load_math1(data), {}),
    ]
    for record in records:
        print(json.dumps(record, ensure_ascii=False))
    Path(args.out).write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
