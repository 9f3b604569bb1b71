"""Speed benchmark: the CLI on a class and a grade, large classes in-process, meta-training throughput.

    .venv/bin/python benchmarks/run_speed.py [--repeats 5] [--skip-large]

- CLI: `python -m app diagnose --class C --db DB --device cpu --json` on a store the class was imported
  into, start to finish, against the reference `python -c "import torch, pandas, sqlalchemy"`
  (targets: 50x40 at most 1.2x the reference, 2,000x100 under 4x).
- In-process diagnose() of 50x40 up to 100,000 students x 200 questions x 30 points (target: the
  largest at most 20 s on the CPU), with its parts: adapt(), the Laplace intervals, the rest.
- Meta-training throughput (tasks/s) with 8 and 64 tasks per step, one thread, on the CPU.
- CUDA, where a GPU is present: the same in-process timings on it; otherwise "no GPU available".
- The whole term of a 60-class grade via the CLI (--term-only; target 10 s on 2 cores).
- A grade via the CLI (issue 20): 2,000 x 100 in 40 classes of 50, one CSV with a 班级 column imported by
  `python -m app import`, then `python -m app diagnose --db DB --json` over every class under `--device auto`
  and `--device cpu` (each run on a fresh copy of the imported store), interleaved with the reference
  (target: at most 2x). And `auto` in-process: diagnose(device="auto") against device="cpu" per size, the
  device it chose and why, and the CPU's cost per cell (the GPU side of the crossover needs a GPU).
Writes benchmarks/results/speed.json and speed.md (with --grade-only: speed_grade.json and speed_grade.md; with
--term-only: speed_term_cli.json and speed_term_cli.md).
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.adapt import adapt
from app.engine.device import GPU_CROSSOVER_CELLS, WARM_GPU_CROSSOVER_CELLS
from app.engine.diagnose import diagnose
from app.engine.grade import grade_task
from app.engine.meta import Adam, MetaConfig, meta_step
from app.engine.prior import Prior, load_prior
from app.engine.training.datasets import LOADERS, load_dataset
from app.engine.training.tasks import TaskMix, sample_episode
from app.engine.uncertainty import mastery_interval
from benchmarks.diagnose_once import random_class

CLI_SIZES = ((50, 40, 1.2), (2000, 100, 4.0))
IN_PROCESS = ((50, 40, None), (2000, 100, None), (20000, 120, 20), (100000, 200, 30))
LARGE_TARGET_S = 20.0
GRADE = (2000, 100, 40, 2.0)  # students, questions, classes, target ratio to the reference
TERM_GRADE = (3000, 30, 60, 4, 2.0)  # students, questions per exam, classes, exams; the term's target is 10 s
TERM_TARGET_S = 10.0
AUTO_SIZES = ((50, 40, None), (2000, 100, None), (20000, 120, 20), (60000, 150, 25))
DATA = ROOT.parent / "shared" / "data"


def _store_with(matrix, folder: Path) -> Path:
    """Import `matrix` as one class through the CLI (a wide CSV with 满分 and 知识点 rows, as Excel exports it:
    a long file of a 2,000 x 100 class passes the importer's 200,000-row limit), returning the store's path."""
    kps = [";".join(k for k, on in zip(matrix.knowledge_points, row) if on) for row in matrix.q_matrix]
    header = ["学号", *matrix.item_ids]
    rows = [
        ["满分", *(f"{m:g}" for m in matrix.max_scores)],
        ["知识点", *kps],
        *(
            [sid, *("" if np.isnan(v) else f"{v:g}" for v in row)]
            for sid, row in zip(matrix.student_ids, matrix.points)
        ),
    ]
    pd.DataFrame(rows, columns=header).to_csv(folder / "class.csv", index=False)
    db = folder / "store.db"
    subprocess.run(
        [sys.executable, "-m", "app", "import", str(folder / "class.csv"), "--class", "C", "--db", str(db)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return db


REFERENCE = ["-c", "import torch, pandas, sqlalchemy"]


def _run_seconds(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t0


def _cli_rows(repeats: int) -> list[dict]:
    """Each size's CLI run interleaved with the reference (a shared machine drifts): medians of each."""
    rows = []
    for students, items, target in CLI_SIZES:
        matrix = random_class(students, items)
        with tempfile.TemporaryDirectory() as folder:
            db = _store_with(matrix, Path(folder))
            command = ["-m", "app", "diagnose", "--class", "C", "--db", str(db), "--device", "cpu", "--json"]
            pairs = [(_run_seconds(REFERENCE), _run_seconds(command)) for _ in range(repeats)]
        reference, cli = (statistics.median(p[k] for p in pairs) for k in (0, 1))
        rows.append(
            {
                "size": f"{students}x{items}",
                "reference_s": reference,
                "cli_s": cli,
                "ratio": cli / reference,
                "target": target,
                "met": cli / reference <= target,
            }
        )
    return rows


def _grade_store(folder: Path, students: int, items: int, classes: int, exams: int = 1) -> Path:
    """Import a grade of `classes` classes through the CLI, one CSV with a 班级 column per exam (`items` questions
    each, a month apart); the store."""
    m = random_class(students, items * exams)
    per_class = students // classes
    kps = [";".join(k for k, on in zip(m.knowledge_points, row) if on) for row in m.q_matrix]
    db = folder / "grade.db"
    for t in range(exams):
        cols = range(t * items, (t + 1) * items)
        rows = [["满分", "", *(f"{m.max_scores[i]:g}" for i in cols)], ["知识点", "", *(kps[i] for i in cols)]]
        rows += [
            [sid, f"C{j // per_class + 1:02d}", *("" if np.isnan(row[i]) else f"{row[i]:g}" for i in cols)]
            for j, (sid, row) in enumerate(zip(m.student_ids, m.points))
        ]
        csv = folder / f"grade{t + 1}.csv"
        pd.DataFrame(rows, columns=["学号", "班级", *(f"Q{i - t * items + 1}" for i in cols)]).to_csv(csv, index=False)
        exam = ["--assessment", f"E{t + 1}", "--date", f"2026-{9 + t:02d}-15"] if exams > 1 else []
        subprocess.run(
            [sys.executable, "-m", "app", "import", str(csv), "--db", str(db), *exam, "--json"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
    return db


def _grade_cli(repeats: int, shape: tuple[int, int, int, int, float] | None = None) -> dict:
    """The whole grade (`shape`: students, questions per exam, classes, exams, target ratio; default GRADE, one
    exam) diagnosed by the CLI under auto and cpu, each on a fresh copy of the store, interleaved with the
    reference: medians, and what the CLI said about its device and seconds."""
    students, items, classes, exams, target = shape or (*GRADE[:3], 1, GRADE[3])
    runs: dict[str, list[float]] = {"reference": [], "auto": [], "cpu": []}
    said: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        db = _grade_store(Path(folder), students, items, classes, exams)
        import_s = time.perf_counter() - t0
        for _ in range(repeats):
            runs["reference"].append(_run_seconds(REFERENCE))
            for device in ("auto", "cpu"):
                copy_db = Path(folder) / f"run-{device}.db"
                shutil.copy(db, copy_db)
                command = ["-m", "app", "diagnose", "--db", str(copy_db), "--device", device, "--json"]
                t0 = time.perf_counter()
                out = subprocess.run(
                    [sys.executable, *command], check=True, capture_output=True, cwd=ROOT, text=True
                ).stdout
                runs[device].append(time.perf_counter() - t0)
                record = json.loads(out)
                said[device] = {
                    "classes": record["classes"],
                    "students": record["students"],
                    "device": record["device"],
                    "device_reason": record["runs"][0]["device_reason"],
                    "grade_classes": record["runs"][0]["grade_classes"],
                    "seconds_reported": record["seconds"],
                }
                copy_db.unlink()
    medians = {k: statistics.median(v) for k, v in runs.items()}
    return {
        "size": f"{students}x{items} in {classes} classes" + (f", {exams} exams a month apart" if exams > 1 else ""),
        "import_s": import_s,
        "runs": runs,
        "medians": medians,
        "said": said,
        "target": target,
        "ratio": {d: medians[d] / medians["reference"] for d in ("auto", "cpu")},
    }


def _auto_rows(repeats: int) -> list[dict]:
    """diagnose() under "auto" against "cpu" per size (interleaved medians), with auto's choice and reason."""
    diagnose(random_class(20, 10), device="cpu")
    rows = []
    for students, items, kps in AUTO_SIZES:
        matrix = random_class(students, items, kps=kps)
        n = repeats if students * items <= 1_000_000 else 2
        pairs = [(_timed(diagnose, matrix, device="auto"), _timed(diagnose, matrix, device="cpu")) for _ in range(n)]
        record = diagnose(matrix, device="auto")
        rows.append(
            {
                "size": f"{students}x{items}x{len(matrix.knowledge_points)}",
                "cells": students * items,
                "auto_s": statistics.median(p[0] for p in pairs),
                "cpu_s": statistics.median(p[1] for p in pairs),
                "device": record.device,
                "device_reason": record.settings["device_reason"],
            }
        )
    return rows


def _term_markdown(term: dict) -> str:
    m, said = term["medians"], term["said"]
    lines = [
        f"The whole term of a grade via the CLI: {term['size']}, imported by `python -m app import` per exam "
        f"({term['import_s']:.1f} s), then `python -m app diagnose --db DB --device D --json` over every class (each "
        f"carried through its exams; the state after each exam stored), on a fresh copy of the store each run, "
        f"interleaved with the reference (medians of {len(term['runs']['reference'])}):",
        "",
        "| --device | reference | CLI diagnose, whole term | target | met | CLI / reference |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {d} | {m['reference']:.2f} s | {m[d]:.2f} s | <= {TERM_TARGET_S:.0f} s | "
        f"{'yes' if m[d] <= TERM_TARGET_S else 'NO'} | {term['ratio'][d]:.1f}x ({said[d]['classes']} classes) |"
        for d in ("auto", "cpu")
    ]
    return "\n".join(lines) + "\n"


def _grade_markdown(grade: dict, auto: list[dict]) -> str:
    m, ratio, said = grade["medians"], grade["ratio"], grade["said"]
    n = len(grade["runs"]["reference"])
    lines = [
        f"A grade via the CLI: {grade['size']}, imported once by `python -m app import` "
        f"({grade['import_s']:.1f} s, one run), then `python -m app diagnose --db DB --device D --json` over every "
        f"class, each run on a fresh copy of the store, interleaved with the reference (medians of {n}):",
        "",
        "| --device | reference | CLI diagnose, whole grade | CLI / reference | target | met | device chosen (reason) |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in ("auto", "cpu"):
        ok = ratio[d] <= grade["target"]
        lines.append(
            f"| {d} | {m['reference']:.2f} s | {m[d]:.2f} s | {ratio[d]:.1f}x | <= {grade['target']:.0f}x | "
            f"{'yes' if ok else 'NO'} | {said[d]['device']} ({said[d]['device_reason']}); "
            f"{said[d]['classes']} classes, each with {said[d]['grade_classes']} peers |"
        )
    lines += [
        "",
        'diagnose() in-process under device="auto" against device="cpu" (interleaved medians):',
        "",
        "| students x questions x points | auto | cpu | cpu, us per cell | auto chose (reason) |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['size']} | {r['auto_s']:.3f} s | {r['cpu_s']:.3f} s | {r['cpu_s'] / r['cells'] * 1e6:.2f} | "
        f"{r['device']} ({r['device_reason']}) |"
        for r in auto
    ]
    lines += [
        "",
        "The crossover is not measured: there is no GPU here, and another machine's CUDA timings (issue 13's H200) "
        "cannot be set against this CPU's. The shipped crossovers are "
        f"{WARM_GPU_CROSSOVER_CELLS:,} cells (CUDA already started) and {GPU_CROSSOVER_CELLS:,} (start-up included).",
    ]
    return "\n".join(lines) + "\n"


def _timed(fn, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - t0


def _in_process(device: str, repeats: int, sizes) -> list[dict]:  # type: ignore[no-untyped-def]
    """Median diagnose() time per size on `device`, with adapt() and the Laplace step timed apart."""
    prior = load_prior()
    diagnose(random_class(20, 10), device=device)  # warm: first use of the device and the prior
    rows = []
    for students, items, kps in sizes:
        matrix = random_class(students, items, kps=kps)
        n = repeats if students * items <= 1_000_000 else 1
        total = statistics.median(_timed(diagnose, matrix, device=device) for _ in range(n))
        task = grade_task(matrix, (), device)
        moved = copy.deepcopy(prior).to(device)
        with torch.no_grad():
            fit = _timed(adapt, task, moved)
            params = adapt(task, moved)
            laplace = _timed(mastery_interval, params, task, 1.0, 1.0, 0.9)
        record = diagnose(matrix, device=device)
        rows.append(
            {
                "size": f"{students}x{items}x{len(matrix.knowledge_points)}",
                "diagnose_s": total,
                "adapt_s": fit,
                "laplace_s": laplace,
                "device": record.device,
                "device_reason": record.settings["device_reason"],
            }
        )
    return rows


def _throughput(steps: int = 8) -> dict[str, float]:
    """Meta-training tasks per second on the CPU (one thread) with 8 and 64 tasks per step."""
    torch.set_num_threads(1)
    real = {name: load_dataset(name, DATA).train for name in LOADERS} if DATA.is_dir() else {}
    out = {}
    for batch in (8, 64):
        prior = Prior()
        optimiser = Adam(prior.parameters(), lr=0.03)
        rng = np.random.default_rng(0)
        config = MetaConfig(meta_batch=batch)
        seconds = 0.0
        for _ in range(steps):
            episodes = [sample_episode(real, rng, TaskMix()) for _ in range(batch)]
            seconds += _timed(meta_step, prior, optimiser, episodes, config)
        out[f"meta_batch_{batch}"] = {"tasks_per_s": batch * steps / seconds, "s_per_step": seconds / steps}
    return out


def main() -> None:
    """Time everything and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-large", action="store_true", help="leave out the 20,000 and 100,000 student classes")
    parser.add_argument("--grade-only", action="store_true", help="only the CLI grade and the auto sweep")
    parser.add_argument("--term-only", action="store_true", help="only the CLI whole term of a 60-class grade")
    args = parser.parse_args()
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    if args.term_only:
        term = _grade_cli(args.repeats, TERM_GRADE)
        text = _term_markdown(term)
        (out / "speed_term_cli.json").write_text(json.dumps(term, indent=1), encoding="utf-8")
        (out / "speed_term_cli.md").write_text(text, encoding="utf-8")
        print(text)
        return
    grade = {"grade_cli": _grade_cli(args.repeats), "auto": _auto_rows(args.repeats)}
    if args.grade_only:
        text = _grade_markdown(grade["grade_cli"], grade["auto"])
        (out / "speed_grade.json").write_text(json.dumps(grade, indent=1), encoding="utf-8")
        (out / "speed_grade.md").write_text(text, encoding="utf-8")
        print(text)
        return
    sizes = IN_PROCESS[:2] if args.skip_large else IN_PROCESS
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{torch.get_num_threads()} threads, torch {torch.__version__}",
        "repeats": args.repeats,
        "cli": _cli_rows(args.repeats),
        "cpu": _in_process("cpu", args.repeats, sizes),
        "cuda": _in_process("cuda", args.repeats, sizes) if torch.cuda.is_available() else "no GPU available",
        "gpu_crossover_cells": {"cold": GPU_CROSSOVER_CELLS, "warm": WARM_GPU_CROSSOVER_CELLS},
        "meta_training": _throughput(),
        **grade,
    }
    (out / "speed.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (out / "speed.md").write_text(_markdown(report), encoding="utf-8")
    print(_markdown(report))


def _markdown(r: dict) -> str:
    lines = [
        f'CLI against the reference `python -c "import torch, pandas, sqlalchemy"`, each run interleaved with one of '
        f"the reference's (medians of {r['repeats']}):",
        "",
        "| class | reference | CLI `diagnose`, start to finish | CLI / reference | target | met |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {c['size']} | {c['reference_s']:.2f} s | {c['cli_s']:.2f} s | {c['ratio']:.2f}x | <= {c['target']}x | "
        f"{'yes' if c['met'] else 'NO'} |"
        for c in r["cli"]
    ]
    for device in ("cpu", "cuda"):
        rows = r[device]
        lines += ["", f"diagnose() in-process on {device.upper()}:", ""]
        if isinstance(rows, str):
            lines.append(rows)
            continue
        lines += [
            "| students x questions x points | diagnose() | adapt() | Laplace | chosen under auto |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {x['size']} | {x['diagnose_s']:.3f} s | {x['adapt_s']:.3f} s | {x['laplace_s']:.3f} s | {x['device_reason']} |"
            for x in rows
        ]
    large = [x for x in r["cpu"] if x["size"].startswith("100000x")]
    if large:
        ok = large[0]["diagnose_s"] <= LARGE_TARGET_S
        lines += [
            "",
            f"100,000 x 200 x 30 on the CPU: {large[0]['diagnose_s']:.1f} s (target <= {LARGE_TARGET_S:.0f} s: {'met' if ok else 'NOT met'})",
        ]
    lines += ["", "| meta-training, one CPU thread | tasks / s | s / step |", "|---|---|---|"]
    lines += [
        f"| {k.replace('_', ' ')} | {v['tasks_per_s']:.1f} | {v['s_per_step']:.2f} |"
        for k, v in r["meta_training"].items()
    ]
    return "\n".join(lines) + "\n\n" + _grade_markdown(r["grade_cli"], r["auto"])


if __name__ == "__main__":
    main()
