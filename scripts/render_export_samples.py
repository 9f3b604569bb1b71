"""Render sample exports of the bundled class and their pages as PNG, to look at and commit.

Loads the sample 八年级(3)班 into a temporary store, diagnoses it with the engine (the shipped
prior), predicts every student × question, then writes practice plans and the class report in
Chinese and English, and turns chosen pages into PNG with pdftoppm (poppler-utils):

    python scripts/render_export_samples.py [OUT_DIR]      # default docs/screenshots

PDFs are kept in OUT_DIR/pdf/ (not committed); the PNGs are plan_*.png and report_*.png.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.diagnose import diagnose, predict  # noqa: E402
from app.export import ClassData, PlanSettings, export_plans, export_report  # noqa: E402
from app.planning import success_grid  # noqa: E402
from app.samples import SAMPLE_CLASS, load_sample  # noqa: E402
from app.storage import list_classes, load_prerequisites, load_score_matrix, open_database  # noqa: E402

SECRET = b"sample-exports-only-not-a-real-key"


def sample_data() -> ClassData:
    """The sample class with the engine's diagnosis and predictions."""
    with tempfile.TemporaryDirectory() as tmp:
        with open_database(Path(tmp) / "sample.db") as db:
            load_sample(db)
            with db.session() as session:
                matrix = load_score_matrix(session, SAMPLE_CLASS)
                subject = next((c.subject for c in list_classes(session) if c.name == SAMPLE_CLASS), "")
                links = load_prerequisites(session, subject)
    diagnosis = diagnose(matrix)
    success = success_grid(predict, matrix)
    return ClassData(SAMPLE_CLASS, matrix, diagnosis, success, prerequisites=links)


def pages(pdf: Path, stem: Path, first: int, last: int) -> None:
    """PNG of pages first..last of `pdf`, named STEM-N.png by pdftoppm."""
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(first), "-l", str(last), str(pdf), str(stem)], check=True)


def main() -> None:
    """Write the sample PDFs and PNGs."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    pdfs = out / "pdf"
    pdfs.mkdir(parents=True, exist_ok=True)
    data = sample_data()
    settings = PlanSettings(generated=dt.date(2026, 11, 20))
    for lang in ("zh", "en"):
        plans = pdfs / f"plans_{lang}.pdf"
        export_plans(data, plans, lang=lang, settings=settings)
        report = pdfs / f"report_{lang}.pdf"
        export_report(data, report, lang=lang, settings=settings)
        pages(plans, out / f"plan_{lang}", 1, 2)
        pages(report, out / f"report_{lang}", 1, 4)
    anonymous = pdfs / "report_anonymised_zh.pdf"
    export_report(data, anonymous, lang="zh", anonymise=True, secret=SECRET, settings=settings)
    pages(anonymous, out / "report_anonymised_zh", 2, 2)
    print("\n".join(sorted(str(p.relative_to(out)) for p in out.glob("*.png"))))


if __name__ == "__main__":
    main()
