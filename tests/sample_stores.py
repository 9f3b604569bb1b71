"""Stores holding the bundled sample, built once per test session; each test works on its own copy (plugin).

sample_store     the four sample classes, nothing diagnosed
diagnosed_store  the same, 八年级(3)班 diagnosed
grade_store      the same, every class of the grade diagnosed
copy_store(source, folder) -> folder/zhidian.db, a copy through SQLite's backup API
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from app.services.sample import SAMPLE_CLASS, load_sample


def copy_store(source: Path, folder: Path) -> Path:
    """A copy of the store `source` as `folder/zhidian.db` (tests never touch the shared original)."""
    target = folder / "zhidian.db"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def _build(folder: Path, diagnosed: Callable[[list[str]], list[str]]) -> Path:
    """The sample loaded into `folder/sample.db`, with the classes `diagnosed` picks (from all) diagnosed."""
    from app.services.diagnosing import diagnose_stored_class
    from app.services.store import open_store, store_state

    path = folder / "sample.db"
    db, _ = open_store(path)
    try:
        load_sample(db)
        for name in diagnosed([c.name for c in store_state(db).classes]):
            diagnose_stored_class(db, name)
    finally:
        db.close()
    return path


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """The four sample classes, nothing diagnosed (copy it with `copy_store`)."""
    return _build(tmp_path_factory.mktemp("sample"), lambda names: [])


@pytest.fixture(scope="session")
def diagnosed_store(tmp_path_factory) -> Path:
    """The four sample classes with 八年级(3)班 diagnosed (copy it with `copy_store`)."""
    return _build(tmp_path_factory.mktemp("diagnosed"), lambda names: [SAMPLE_CLASS])


@pytest.fixture(scope="session")
def grade_store(tmp_path_factory) -> Path:
    """The four sample classes, each diagnosed (copy it with `copy_store`)."""
    return _build(tmp_path_factory.mktemp("grade"), lambda names: names)
