"""Exports: practice plans (PDF/XLSX/CSV), 学习手册 (PDF), the class report (PDF/XLSX), the mastery table
(XLSX/CSV), the 讲评 list (PDF/XLSX/CSV) and the 分层 groups (PDF/XLSX).

Plain data in, files out; no Qt, no torch. The caller loads the class, its diagnosis and that
diagnosis' expected scores (`app.services.exporting.load_diagnosed_class` does all three), and calls:

    data = DiagnosedClass("八年级(3)班", matrix, diagnosis, expected_scores(diagnosis), prerequisites=links)
    export_plans(data, "plans.pdf", lang="zh")                   # the whole class in one PDF
    export_plans(data, "plans/", per_student=True)               # one PDF per student
    export_report(data, "report.pdf", anonymise=True, secret=key)
    export_mastery(data, "mastery.csv")
    export_handbook(data, "手册.pdf")                             # 学习手册: one page per student
    export_review(data, "讲评.pdf", top=10)                       # the questions to go over first
    export_groups(data, "分层.pdf", n_groups=3)                   # groups with one sheet each

Each returns the paths written. Exports follow `lang` ("zh"/"en"; default: the UI language
from `default_language()`). `anonymise=True` replaces names by stable pseudonyms (keyed by
`secret`, by default a random key kept in the user's data folder) and drops student numbers,
everywhere: cells, charts, file names and PDF metadata.
"""

from app.export.lessons import export_groups, export_review
from app.export.writers import ExportError, export_handbook, export_mastery, export_plans, export_report

__all__ = [
    "ExportError",
    "export_groups",
    "export_handbook",
    "export_mastery",
    "export_plans",
    "export_report",
    "export_review",
]
