"""Anonymised exports: stable keyed pseudonyms; no real name or student number anywhere in any file."""

import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest
from insight_helpers import LINKS, tiny_class
from privacy_helpers import identities_in

from app.export import export_mastery, export_plans, export_report
from app.export.anonymise import People, load_or_create_secret, pseudonym_codes
from app.insight.plans import DiagnosedClass, PlanSettings

SECRET = b"test-secret-0123456789"
NAMES = ("欧阳娜娜", "Zhang Wei", '=HYPERLINK("x")')
IDS = ("2024001", "2024002", "2024003")
SETTINGS = PlanSettings(threshold=0.6, generated=dt.date(2026, 11, 20))


@pytest.fixture(scope="module")
def data() -> DiagnosedClass:
    matrix, diagnosis, success = tiny_class(names=NAMES)
    return DiagnosedClass("八年级(3)班", matrix, diagnosis, success, prerequisites=LINKS)


def _identity_found(path: Path) -> list[str]:
    """Real names or numbers of the class found anywhere in the file (privacy_helpers.identities_in)."""
    return identities_in(path, (*NAMES, *IDS, "欧阳", "Zhang", "HYPERLINK"))


def test_codes_are_stable_distinct_and_keyed() -> None:
    ids = [f"2024{n:03d}" for n in range(300)]
    codes = pseudonym_codes(ids, SECRET)
    assert len(set(codes.values())) == 300
    assert pseudonym_codes(list(reversed(ids)), SECRET) == codes  # order of the roster does not matter
    assert pseudonym_codes(ids[:5], SECRET) == {i: codes[i] for i in ids[:5]}  # nor who else is in it
    assert pseudonym_codes(ids, b"another key") != codes
    people = People(IDS, NAMES, anonymise=True, secret=SECRET, lang="zh")
    assert people.name(IDS[0]).startswith("学生 ") and people.number(IDS[0]) is None
    assert people.order(list(IDS)) == sorted(IDS, key=lambda i: codes[i])


def test_no_code_reads_as_a_number_to_excel_or_the_importer() -> None:
    """4E27 would come back from Excel or the importer as 4×10²⁷ (another student): such a code is made longer."""
    from app.importer.identity import student_id

    ids = [f"2024{n:05d}" for n in range(20_000)]  # about 11 of them get a four-character code like 4E27
    codes = pseudonym_codes(ids, SECRET)
    assert len(set(codes.values())) == len(ids)
    assert [c for c in codes.values() if re.fullmatch(r"[0-9]+E[0-9]+", c) or student_id(c) != c] == []


def test_secret_file_is_created_once(tmp_path: Path) -> None:
    first = load_or_create_secret(tmp_path / "k" / "secret.key")
    assert len(first) == 32 and load_or_create_secret(tmp_path / "k" / "secret.key") == first


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_real_name_or_number_in_any_anonymised_file(data: DiagnosedClass, tmp_path: Path, lang: str) -> None:
    kw = {"lang": lang, "anonymise": True, "secret": SECRET, "settings": SETTINGS}
    files = [
        *export_plans(data, tmp_path / "plans.pdf", **kw),
        *export_plans(data, tmp_path / "plans.xlsx", **kw),
        *export_plans(data, tmp_path / "plans.csv", **kw),
        *export_plans(data, tmp_path / "each", per_student=True, **kw),
        *export_report(data, tmp_path / "report.pdf", **kw),
        *export_report(data, tmp_path / "report.xlsx", **kw),
        *export_mastery(data, tmp_path / "mastery.xlsx", **kw),
        *export_mastery(data, tmp_path / "mastery.csv", **kw),
    ]
    assert len(files) == 10
    for path in files:
        assert _identity_found(path) == [], path.name
    code = People(IDS, NAMES, anonymise=True, secret=SECRET, lang=lang).name(IDS[0])
    assert code in (tmp_path / "plans.csv").read_text(encoding="utf-8-sig")
    reader = pypdf.PdfReader(tmp_path / "report.pdf")
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert code in text
    for value in (reader.metadata or {}).values():
        assert not any(s in str(value) for s in (*NAMES, *IDS))


def test_charts_get_pseudonyms_too(data: DiagnosedClass, tmp_path: Path, monkeypatch) -> None:
    import app.export.pdf_report as report

    seen = {}
    real = report.heatmap_figure

    def spy(mastery, insufficient, row_labels, *args, **kwargs):
        seen["rows"] = list(row_labels)
        return real(mastery, insufficient, row_labels, *args, **kwargs)

    monkeypatch.setattr(report, "heatmap_figure", spy)
    export_report(data, tmp_path / "r.pdf", lang="en", anonymise=True, secret=SECRET, settings=SETTINGS)
    people = People(IDS, NAMES, anonymise=True, secret=SECRET, lang="en")
    assert seen["rows"] == [people.name(i) for i in people.order(list(IDS))]
    assert not set(seen["rows"]) & {*NAMES, *IDS}


def test_the_check_finds_names_in_files_that_are_not_anonymised(data: DiagnosedClass, tmp_path: Path) -> None:
    files = [
        *export_plans(data, tmp_path / "plans.pdf", lang="zh", settings=SETTINGS),
        *export_plans(data, tmp_path / "plans.xlsx", lang="zh", settings=SETTINGS),
        *export_mastery(data, tmp_path / "mastery.csv", lang="en", settings=SETTINGS),
    ]
    for path in files:
        assert {"欧阳娜娜", "2024001"} <= set(_identity_found(path)), path.name
    (report,) = export_report(data, tmp_path / "report.pdf", lang="zh", settings=SETTINGS)
    assert "欧阳娜娜" in _identity_found(report)  # the report names students but prints no numbers
