"""How long a class takes to diagnose at its grain (`services.grain_diagnosis`), against its own diagnosis by the
same path (`services.diagnosing.diagnose_class`, main run only): the window computes it each time it shows a class
with a supported grain, so it must stay well under the ~0.3 s a read of the class may take.

Classes: the bundled sample class (40 students, 60 questions over three exams, carried through the term, with its
grade's three other classes; its two groups of points tagged together are its supported grain), and a 50 × 60
class of 10 points made up here (one exam; or the same 60 questions as three exams of 20, carried through the term),
grouped into two groups of five points. Medians of `--repeat` runs after one warm-up, with the engine's threads as
both faces set them (`services.store.engine_threads`).

Also the window's whole read of the sample class once diagnosed (`services.class_data.read_for_showing`): each show
fitting the groups anew (no cache, as before the window kept them), and shown again with the window's `GrainCache`.

    .venv/bin/python benchmarks/grain_speed.py [--repeat 7] [--out benchmarks/results/grain_speed.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from app.core.diagnosis import Thresholds
from app.core.problems import Text
from app.insight.grain import Grain, GrainKind, group_key
from app.services.class_data import read_for_showing
from app.services.diagnosing import diagnose_class, diagnose_stored_class
from app.services.grain import class_grain
from app.services.grain_cache import GrainCache
from app.services.grain_diagnosis import grain_diagnosis
from app.services.importing import ImportRequest, import_parsed, read_checked
from app.services.sample import SAMPLE_CLASS, load_sample
from app.services.store import engine_threads, open_store
from app.storage import Database

ROOT = Path(__file__).resolve().parent.parent
POINTS = tuple(f"点{k}" for k in range(10))


def _made_up(folder: Path, exams: int) -> Path:
    """50 students × 60 questions on 10 points (question i tests point i mod 10), the even points answered by one
    ability and the odd by another; with `exams` > 1 the questions fall into that many dated exams."""
    rng = np.random.default_rng(0)
    students, items = 50, 60
    ability = rng.normal(0, 1.5, (students, 2))[:, [k % 2 for k in range(len(POINTS))]]
    p = 1 / (1 + np.exp(-(ability[:, np.arange(items) % len(POINTS)] - rng.normal(0, 0.5, items))))
    scores = (rng.random(p.shape) < p).astype(int)
    per = items // exams
    rows = ["student_id,student_name,assessment,date,item_id,score,max_score,knowledge_points"] + [
        f"S{s:03d},学生{s},第{i // per + 1}次考试,2026-{9 + i // per:02d}-15,Q{i % per + 1},{scores[s, i]},1,"
        f"{POINTS[i % len(POINTS)]}"
        for s in range(students)
        for i in range(items)
    ]
    path = folder / f"made_up_{exams}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _median(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: the prior loaded, torch's first calls
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _case(db: Database, name: str, grain: Grain, repeat: int) -> dict[str, object]:
    at_grain = _median(lambda: grain_diagnosis(db, name, grain), repeat)
    own = _median(lambda: diagnose_class(db, name, trajectory=False), repeat)
    return {"class": name, "groups": len(grain.groups), "grain_diagnosis_s": at_grain, "own_diagnosis_s": own}


def _shows(db: Database, repeat: int) -> dict[str, float]:
    """The window's read of the diagnosed sample class: fitting its groups on every show, and shown again."""
    diagnose_stored_class(db, SAMPLE_CLASS)
    cache = GrainCache()

    def show(cache: GrainCache | None) -> None:
        data = read_for_showing(
            db, SAMPLE_CLASS, shown=None, refresh=False, thresholds=Thresholds(), confidence=0.8, cache=cache
        ).data
        assert data is not None and data.at_grain is not None

    return {"show_fitting_s": _median(lambda: show(None), repeat), "show_again_s": _median(lambda: show(cache), repeat)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "grain_speed.json"))
    args = parser.parse_args()
    threads = engine_threads()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, _ = open_store(folder / "zhidian.db")
        try:
            load_sample(db)
            sample = class_grain(db, SAMPLE_CLASS)
            assert sample is not None and sample.supported
            rows.append(
                {
                    "case": "sample class (40 × 60, three exams, a grade of four classes)",
                    **_case(db, SAMPLE_CLASS, sample, args.repeat),
                }
            )
            groups = (POINTS[0::2], POINTS[1::2])
            grain = Grain(
                GrainKind.TAGGED,
                groups,
                tuple(Text(group_key(g), group_key(g)) for g in groups),
                float("nan"),
                float("nan"),
                True,  # taken as supported: this measures time, not whether the grouping reaches the gate
            )
            for exams, case in ((1, "50 × 60, one exam"), (3, "50 × 60, three exams of 20")):
                path = _made_up(folder, exams)
                name = f"made_up_{exams}"
                import_parsed(db, ImportRequest(read_checked(path), name, path=str(path)))
                rows.append({"case": case, **_case(db, name, grain, args.repeat)})
            shows = _shows(db, args.repeat)
        finally:
            db.close()
    record = {"threads": threads, "repeat": args.repeat, "rows": rows, "sample_shown": shows}
    Path(args.out).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"torch threads {threads}, median of {args.repeat}")
    print("| class | groups | at its grain (s) | its own diagnosis (s) |\n| --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['case']} | {r['groups']} | {r['grain_diagnosis_s']:.3f} | {r['own_diagnosis_s']:.3f} |")
    print(
        f"the sample class shown (read_for_showing): fitting its groups {shows['show_fitting_s']:.3f} s, "
        f"shown again {shows['show_again_s']:.3f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
