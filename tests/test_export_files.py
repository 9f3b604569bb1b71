"""Export files are written whole or not at all, under names every PC accepts, with plain messages."""

from __future__ import annotations

import dataclasses
import errno
import os
from pathlib import Path

import pytest
from insight_helpers import tiny_data

from app.export import export_mastery, export_plans
from app.export.files import MAX_STEM, WriteFailed, safe_stem, unique_stems


def test_names_are_safe_and_distinct_on_every_system() -> None:
    assert safe_stem("CON") == "_CON" and safe_stem("nul.txt") == "_nul.txt"
    assert safe_stem('a<b>:c"d/e\\f|g?h*i') == "a_b__c_d_e_f_g_h_i"
    assert safe_stem("张三\u200b. ") == "张三"  # zero-width space and trailing dot or space dropped
    assert len(safe_stem("长" * 500)) == MAX_STEM
    assert unique_stems(["Ann", "ann", "A/B", "A_B", "CON"]) == ["Ann", "ann_2", "A_B", "A_B_2", "_CON"]


def test_per_student_files_never_overwrite_each_other(tmp_path: Path) -> None:
    data = tiny_data(names=("同名", "同名", "同名"))
    matrix = dataclasses.replace(data.matrix, student_ids=("A/1", "A_1", "a_1"))
    diagnosis = dataclasses.replace(data.diagnosis, student_ids=matrix.student_ids)
    data = dataclasses.replace(data, matrix=matrix, diagnosis=diagnosis)

    paths = export_plans(data, tmp_path / "plans", fmt="csv", per_student=True, lang="en")

    assert len(paths) == 3 and len({p.name.casefold() for p in paths}) == 3
    assert sorted(p.name for p in (tmp_path / "plans").iterdir()) == sorted(p.name for p in paths)


def test_a_full_disk_leaves_the_old_file_and_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "mastery.csv"
    out.write_text("the teacher's earlier export", encoding="utf-8")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(WriteFailed) as refused:
        export_mastery(tiny_data(), out, lang="en")

    assert "The disk is full" in refused.value.text.en and "磁盘已满" in refused.value.text.zh
    assert out.read_text(encoding="utf-8") == "the teacher's earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["mastery.csv"]


def test_a_file_open_in_another_program_gets_a_plain_message(tmp_path: Path, monkeypatch) -> None:
    def locked(*args: object) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WriteFailed) as refused:
        export_mastery(tiny_data(), tmp_path / "m.xlsx", lang="en")

    assert "open in another program" in refused.value.text.en
    assert list(tmp_path.iterdir()) == []


def test_what_a_killed_export_left_behind_is_swept_away_next_time(tmp_path: Path) -> None:
    left = tmp_path / "~m.4242.partial.csv"
    left.write_text("half a file", encoding="utf-8")
    os.utime(left, (0, 0))  # long ago
    export_mastery(tiny_data(), tmp_path / "m.csv", lang="en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv"]
