"""Every kind of `EXPORT_KINDS` passes each of its options to its writer: the file it writes is, byte for byte, the
file its writer writes when called with those options itself (PDFs with reportlab's invariant dates, XLSX without
its creation time)."""

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from insight_helpers import tiny_data

from app.core.progress import NullProgress
from app.export import export_groups, export_handbook, export_mastery, export_plans, export_report, export_review
from app.export.kinds import EXPORT_KINDS, ExportOptions
from app.insight.plans import DiagnosedClass, PlanSettings, build_plans

SETTINGS = PlanSettings(threshold=0.5, target=(0.5, 0.8), per_point=2, generated=dt.date(2026, 11, 20))
SECRET = b"k" * 32


def _options(fmt: str, data: DiagnosedClass, teachers_groups: bool) -> ExportOptions:
    """Every option away from its default, so that one dropped on the way changes the file."""
    ids = data.diagnosis.student_ids
    return ExportOptions(
        fmt,
        "en",
        anonymise=True,
        top=3,
        n_groups=2,
        members=((ids[0],), tuple(ids[1:])) if teachers_groups else None,
        settings=SETTINGS,
        secret=SECRET,
        plans=tuple(build_plans(data, SETTINGS))[:2],
    )


def _direct(name: str) -> Callable[[DiagnosedClass, Path, ExportOptions], list[Path]]:
    """The writer of export `name` called with the options spelt out."""

    def common(o: ExportOptions) -> dict:
        return dict(fmt=o.fmt, lang=o.lang, anonymise=o.anonymise, settings=o.settings, secret=o.secret)

    return {
        "plans": lambda d, out, o: export_plans(d, out, **common(o), plans=o.plans),
        "handbook": lambda d, out, o: export_handbook(d, out, **common(o), plans=o.plans),
        "report": lambda d, out, o: export_report(d, out, **common(o)),
        "mastery": lambda d, out, o: export_mastery(d, out, **common(o)),
        "review": lambda d, out, o: export_review(d, out, **common(o), top=o.top),
        "groups": lambda d, out, o: export_groups(d, out, **common(o), n_groups=o.n_groups, members=o.members),
    }[name]


def _content(path: Path) -> bytes | dict[str, bytes]:
    data = path.read_bytes()
    if path.suffix != ".xlsx":
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


KINDS = [(k.name, f, False) for k in EXPORT_KINDS.values() for f in k.formats]
GROUPS = [("groups", f, True) for f in EXPORT_KINDS["groups"].formats]  # the teacher's groups, not n_groups


@pytest.mark.parametrize(("name", "fmt", "teachers_groups"), KINDS + GROUPS)
def test_kind_writes_what_its_writer_writes(
    name: str, fmt: str, teachers_groups: bool, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("reportlab.rl_config.invariant", 1)
    data = tiny_data()
    options = _options(fmt, data, teachers_groups)
    via_kind = EXPORT_KINDS[name].write(data, tmp_path / f"kind.{fmt}", options, NullProgress())
    direct = _direct(name)(data, tmp_path / f"direct.{fmt}", options)
    assert [p.name for p in via_kind] == [f"kind.{fmt}"] and [p.name for p in direct] == [f"direct.{fmt}"]
    assert _content(via_kind[0]) == _content(direct[0])


def test_per_student_reaches_the_writer(tmp_path: Path) -> None:
    data = tiny_data()
    for name in ("plans", "handbook"):
        options = ExportOptions("pdf", "en", per_student=True, settings=SETTINGS, secret=SECRET)
        paths = EXPORT_KINDS[name].write(data, tmp_path / name, options, NullProgress())
        assert len(paths) == 3 and all(p.parent == tmp_path / name for p in paths)
