"""Anonymised means anonymised, through the command line, for every export kind and format (issue 18, item 4);
one safe name for every suggested export file (item 13); the handbook only as PDF (item 14)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from privacy_helpers import identities_in

from app.cli import main
from app.export.files import safe_stem
from app.services.exporting import export_file_name
from app.services.importing import ImportRequest, import_parsed, read_checked
from app.storage import open_database

pypdf = pytest.importorskip("pypdf")

NAMES = ("司马相如", "诸葛孔明", "欧阳修文", "上官婉儿", "慕容复生", "东方明珠", "Brunhilde Okafor", "Zoltan Quist")
NUMBERS = tuple(f"8807{n:04d}" for n in range(1, len(NAMES) + 1))
CLASS = "测试班"

EXPORTS = [
    ("plans", "plans.pdf", ()),
    ("plans", "plans.xlsx", ()),
    ("plans", "plans.csv", ()),
    ("plans", "plans-each", ("--per-student",)),
    ("handbook", "handbook.pdf", ()),
    ("handbook", "handbook-each", ("--per-student",)),
    ("report", "report.pdf", ()),
    ("report", "report.xlsx", ()),
    ("mastery", "mastery.xlsx", ()),
    ("mastery", "mastery.csv", ()),
    ("review", "review.pdf", ()),
    ("review", "review.xlsx", ()),
    ("review", "review.csv", ()),
    ("groups", "groups.pdf", ()),
    ("groups", "groups.xlsx", ()),
    ("scores", "scores.csv", ()),
    ("scores", "scores.xlsx", ()),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A class of eight students with names and numbers nothing else in an export could contain."""
    folder = tmp_path_factory.mktemp("privacy")
    rows = ["学号,姓名,题号,得分,满分,知识点"] + [
        f"{number},{name},Q{q},{(s * 3 + q) % 4},3,{('代数', '几何', '统计')[q % 3]}"
        for s, (number, name) in enumerate(zip(NUMBERS, NAMES))
        for q in range(1, 10)
    ]
    (folder / "期中.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = folder / "zhidian.db"
    with open_database(db) as opened:
        import_parsed(opened, ImportRequest(read_checked(folder / "期中.csv"), CLASS))
    return db


def _export(db: Path, what: str, out: Path, *extra: str) -> list[Path]:
    assert main(["--lang", "zh", "export", what, "--class", CLASS, "--out", str(out), "--db", str(db), *extra]) == 0
    return sorted(out.iterdir()) if out.is_dir() else [out]


def test_the_search_finds_what_a_named_export_holds(store: Path, tmp_path: Path) -> None:
    (scores,) = _export(store, "scores", tmp_path / "scores.csv")
    (plans,) = _export(store, "plans", tmp_path / "plans.pdf")
    assert set(identities_in(scores, (*NAMES, *NUMBERS))) == {*NAMES, *NUMBERS}
    assert set(identities_in(plans, (*NAMES, *NUMBERS))) == {*NAMES, *NUMBERS}  # in the PDF's text


def test_an_anonymised_scores_export_holds_pseudonyms_only_and_reads_back(store: Path, tmp_path: Path) -> None:
    (scores,) = _export(store, "scores", tmp_path / "scores.csv", "--anonymise")
    assert identities_in(scores, (*NAMES, *NUMBERS)) == []
    with scores.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    codes = [r["student_id"] for r in rows]
    assert len(set(codes)) == len(NAMES) and codes == sorted(codes)  # one code each, in code order
    assert {r["student_name"] for r in rows} == {f"学生 {c}" for c in codes}
    assert len(read_checked(scores).students) == len(NAMES)  # the importer reads it back: one student per code


def test_every_export_kind_and_format_anonymised_holds_no_real_name_or_number(store: Path, tmp_path: Path) -> None:
    written = []
    for what, name, extra in EXPORTS:
        for path in _export(store, what, tmp_path / name, "--anonymise", *extra):
            written.append(path)
            assert identities_in(path, (*NAMES, *NUMBERS)) == [], path.name
    assert len(written) == len(EXPORTS) - 2 + 2 * len(NAMES)  # the per-student exports: one file each


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
def test_a_named_export_is_owner_only_and_an_anonymised_one_follows_the_umask(store: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        (named,) = _export(store, "mastery", tmp_path / "named.csv")
        (anonymised,) = _export(store, "mastery", tmp_path / "anonymised.csv", "--anonymise")
    finally:
        os.umask(old)
    assert (named.stat().st_mode & 0o777, anonymised.stat().st_mode & 0o777) == (0o600, 0o644)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_handbook_is_refused_in_any_format_but_pdf(store: Path, tmp_path: Path, capsys, fmt: str) -> None:
    out = tmp_path / f"handbook.{fmt}"
    assert main(["--lang", "en", "export", "handbook", "--out", str(out), "--db", str(store)]) == 2
    assert (
        main(["--lang", "en", "export", "handbook", "--format", fmt, "--out", str(tmp_path / "h"), "--db", str(store)])
        == 2
    )
    assert capsys.readouterr().err.splitlines()[-1] == f"The handbook export has no format '{fmt}'; choose pdf."
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("class_name", "stem"),
    [
        ("../../../EVIL", "_.._.._EVIL class report"),
        ("高一/1班", "高一_1班 class report"),
        ("a:b", "a_b class report"),
        ("..", "class report"),
        (" .hidden", "hidden class report"),
    ],
)
def test_a_suggested_export_name_stays_one_file_in_the_folder_chosen(
    tmp_path: Path, class_name: str, stem: str
) -> None:
    name = export_file_name(class_name, "class report", "pdf")
    assert name == f"{stem}.pdf" == f"{safe_stem(f'{class_name} class report')}.pdf"
    path = tmp_path / name
    assert path.resolve().parent == tmp_path.resolve() and path.name == name
    path.write_bytes(b"%PDF")  # a name every file system takes
    assert export_file_name(class_name, "per-student plans") == safe_stem(f"{class_name} per-student plans")
