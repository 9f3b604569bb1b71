"""The parts Zhidian bundles and their licences: the About box lists them, and the build writes them beside the
executables (`packaging/third_party.py`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    """A bundled part, as the About box and the licence summary name it."""

    name: str
    distribution: str | None  # the Python distribution it comes from (None: not a Python package)
    licence: str
    home: str


COMPONENTS = (
    Component("Python", None, "PSF-2.0", "https://www.python.org/"),
    Component(
        "Qt 6 / PySide6 (Qt for Python)",
        "PySide6_Essentials",
        "LGPL-3.0-only (Qt for Python is offered under LGPLv3, GPLv2 or GPLv3; Zhidian uses it under LGPLv3)",
        "https://www.qt.io/qt-for-python",
    ),
    Component("Shiboken6", "shiboken6", "LGPL-3.0-only (as PySide6)", "https://www.qt.io/qt-for-python"),
    Component("PyTorch", "torch", "BSD-3-Clause (its bundled parts: see licenses/torch/)", "https://pytorch.org/"),
    Component("NumPy", "numpy", "BSD-3-Clause (bundles OpenBLAS, BSD-3-Clause)", "https://numpy.org/"),
    Component("pandas", "pandas", "BSD-3-Clause", "https://pandas.pydata.org/"),
    Component("SQLAlchemy", "SQLAlchemy", "MIT", "https://www.sqlalchemy.org/"),
    Component("Alembic", "alembic", "MIT", "https://alembic.sqlalchemy.org/"),
    Component("Mako", "Mako", "MIT", "https://www.makotemplates.org/"),
    Component("MarkupSafe", "MarkupSafe", "BSD-3-Clause", "https://palletsprojects.com/p/markupsafe/"),
    Component("Matplotlib", "matplotlib", "Matplotlib License (PSF-based, BSD-compatible)", "https://matplotlib.org/"),
    Component("cycler", "cycler", "BSD-3-Clause", "https://matplotlib.org/cycler/"),
    Component("kiwisolver", "kiwisolver", "BSD-3-Clause", "https://github.com/nucleic/kiwi"),
    Component("pyparsing", "pyparsing", "MIT", "https://github.com/pyparsing/pyparsing"),
    Component("fontTools", "fonttools", "MIT", "https://github.com/fonttools/fonttools"),
    Component("Pillow", "pillow", "MIT-CMU (HPND)", "https://python-pillow.org/"),
    Component(
        "python-dateutil", "python-dateutil", "Apache-2.0 AND BSD-3-Clause", "https://github.com/dateutil/dateutil"
    ),
    Component("ReportLab", "reportlab", "BSD-3-Clause", "https://www.reportlab.com/"),
    Component("openpyxl", "openpyxl", "MIT", "https://openpyxl.readthedocs.io/"),
    Component("et_xmlfile", "et_xmlfile", "MIT", "https://foss.heptapod.net/openpyxl/et_xmlfile"),
    Component("xlrd", "xlrd", "BSD-3-Clause", "https://github.com/python-excel/xlrd"),
    Component("platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("packaging", "packaging", "Apache-2.0 OR BSD-2-Clause", "https://github.com/pypa/packaging"),
    Component("typing_extensions", "typing_extensions", "PSF-2.0", "https://github.com/python/typing_extensions"),
    # the optional [server] extra (a school's store on PostgreSQL), bundled where it was installed for the build
    Component("psycopg", "psycopg", "LGPL-3.0-only", "https://www.psycopg.org/"),
    Component(
        "psycopg-binary (with libpq)",
        "psycopg-binary",
        "LGPL-3.0-only (bundles libpq: PostgreSQL License; OpenSSL: Apache-2.0)",
        "https://www.psycopg.org/",
    ),
    Component("keyring", "keyring", "MIT", "https://github.com/jaraco/keyring"),
    Component(
        "WenQuanYi Micro Hei (文泉驿微米黑, subset)",
        None,
        "Apache-2.0 or GPL-3.0 with font embedding exception (resources/fonts/LICENSE-WenQuanYi.txt)",
        "http://wenq.org/",
    ),
    Component(
        "Zhidian CJK Supplement (from Noto Sans CJK SC, subset)",
        None,
        "SIL Open Font License 1.1 (resources/fonts/LICENSE-NotoSansCJK.txt)",
        "https://github.com/notofonts/noto-cjk",
    ),
)
"""What the build bundles, for the About box and THIRD_PARTY_LICENSES.txt (distributions found in the build
but missing here are listed too, with the licence their metadata gives)."""
