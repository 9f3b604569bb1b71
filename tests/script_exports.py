"""The project's scripts as modules, and the files the two that mimic exam systems write (plugin).

script_module(name)  scripts/NAME.py as a module (scripts/ is not a package), loaded once
exports              the exam system's exports (scripts/make_exam_exports.py), written once per test module
term                 a term's exports (scripts/make_term_exports.py), written once per test module
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def script_module(name: str) -> ModuleType:
    """scripts/NAME.py as a module, loaded once and kept in sys.modules (dataclasses look their module up there)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory):
    """What scripts/make_exam_exports.py writes (its `write_all`), in a folder of this test module's own."""
    return script_module("make_exam_exports").write_all(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def term(tmp_path_factory: pytest.TempPathFactory):
    """What scripts/make_term_exports.py writes (its `write_all`), in a folder of this test module's own."""
    return script_module("make_term_exports").write_all(tmp_path_factory.mktemp("term"))
