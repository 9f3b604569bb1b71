"""Render sample exports of the bundled class and their pages as PNG, to look at and commit.

Loads the sample 八年级(3)班 into a temporary store, diagnoses it with the engine (the shipped
prior) as the app does, adds a small question bank, then writes practice plans and the class report in
Chinese and English, and turns chosen pages into PNG with pdftoppm (poppler-utils):

    python scripts/render_export_samples.py [OUT_DIR]      # default docs/screenshots

The PDFs go to a temporary folder (printed at the end); the PNGs are OUT_DIR/plan_*.png and
OUT_DIR/report_*.png.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.gradebook import BankQuestion
from app.export import export_plans, export_report
from app.insight.plans import DiagnosedClass, PlanSettings
from app.services.diagnosing import diagnose_stored_class
from app.services.exporting import load_diagnosed_class
from app.services.sample import SAMPLE_CLASS, load_sample
from app.storage import open_database

SECRET = b"sample-exports-only-not-a-real-key"

# a small question bank with text (id, text, points, max score, 难度系数, source) to show bank questions
BANK = [
    BankQuestion("B01", "解方程：3(x - 2) = 2x + 1", ("一元一次方程",), 4, 0.70, "课本 P98"),
    BankQuestion(
        "B02", "若 2x - 5 < 3，求 x 的取值范围，并在数轴上表示出来。", ("一元一次不等式",), 4, 0.60, "练习册 3.2"
    ),
    BankQuestion(
        "B03", "在直角三角形 ABC 中，角 C 为直角，AC = 6，BC = 8，求斜边 AB 的长。", ("勾股定理",), 3, 0.75, "课本 P26"
    ),
    BankQuestion(
        "B04", "已知一次函数 y = kx + 3 的图象经过点 (2, 7)，求 k 的值，并画出它的图象。", ("一次函数",), 4, 0.65, None
    ),
    BankQuestion(
        "B05",
        "已知 AB = DE，角 B = 角 E，BC = EF，证明 △ABC 与 △DEF 全等（写出已知、求证和证明过程）。",
        ("全等三角形",),
        6,
        0.55,
        "练习册 1.3",
    ),
    BankQuestion("B06", "计算：(-3)² - 4 × (-1/2)", ("有理数运算",), 3, 0.80, None),
    BankQuestion("B07", "化简：3a - 2(a - b) + b", ("整式加减",), 3, 0.70, None),
    BankQuestion("B08", "解方程组：x + y = 5，2x - y = 1", ("二元一次方程组",), 4, 0.65, "课本 P112"),
]


def sample_data() -> DiagnosedClass:
    """The sample class with the engine's diagnosis (and its expected scores) and the question bank."""
    with tempfile.TemporaryDirectory() as tmp, open_database(Path(tmp) / "sample.db") as db:
        load_sample(db)
        diagnose_stored_class(db, SAMPLE_CLASS)
        data = load_diagnosed_class(db, SAMPLE_CLASS)
    return dataclasses.replace(data, bank=BANK)


def pages(pdf: Path, stem: Path, first: int, last: int) -> None:
    """PNG of pages first..last of `pdf`, named STEM-N.png by pdftoppm."""
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(first), "-l", str(last), str(pdf), str(stem)], check=True)


def main() -> None:
    """Write the sample PDFs and PNGs."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    pdfs = Path(tempfile.mkdtemp(prefix="zhidian-export-samples-"))
    data = sample_data()
    settings = PlanSettings(generated=dt.date(2026, 11, 20))
    for lang in ("zh", "en"):
        plans = pdfs / f"plans_{lang}.pdf"
        export_plans(data, plans, lang=lang, settings=settings)
        report = pdfs / f"report_{lang}.pdf"
        export_report(data, report, lang=lang, settings=settings)
        pages(plans, out / f"plan_{lang}", 1, 3 if lang == "zh" else 1)
        pages(report, out / f"report_{lang}", 1, 4)
    anonymous = pdfs / "report_anonymised_zh.pdf"
    export_report(data, anonymous, lang="zh", anonymise=True, secret=SECRET, settings=settings)
    pages(anonymous, out / "report_anonymised_zh", 1, 2)
    print(
        "\n".join(sorted(str(p.relative_to(out)) for p in out.glob("*.png") if p.name.startswith(("plan_", "report_"))))
    )
    print(f"PDFs: {pdfs}")


if __name__ == "__main__":
    main()
