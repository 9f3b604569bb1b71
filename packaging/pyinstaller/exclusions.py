"""What the frozen build leaves out: modules never imported at run time, and files no run reads.

Shared by `zhidian.spec` and `hooks/hook-torch.py`; `tests/test_packaging.py` checks the lists
against the source tree and `tests/test_packaging_frozen.py` proves the build still imports,
diagnoses, checks and exports. Before adding a module here, confirm it is absent from
`sys.modules` after `python -m app import …`, `diagnose`, `check` and `export`.
"""

from __future__ import annotations

import fnmatch
import re

_QT_PLUGIN = re.compile(r"^PySide6/(?:Qt/)?plugins/(?P<type>.+)/(?P<file>[^/]+)$")
_QT_TRANSLATION = re.compile(r"^PySide6/(?:Qt/)?translations/(?P<file>[^/]+\.qm)$")

# torch packages that Zhidian never imports (eager CPU inference only; no compiler, no ONNX, no
# distributed training). torch itself imports torch.testing._internal.common_dtype and
# .logging_tensor, so those two stay.
TORCH_EXCLUDES = (
    "torch._inductor",
    "torch._dynamo",
    "torch._numpy",
    "torch.onnx",
    "torch.utils.tensorboard",
    "torch.utils.benchmark",
    "torch.utils.bottleneck",
    "torch.utils.cpp_extension",
    "torch.utils.hipify",
    "torch.distributed.checkpoint",
    "torch.distributed._shard.checkpoint",  # an alias of torch.distributed.checkpoint
    "torch.distributed.elastic",
    "torch.distributed.fsdp",
    "torch.distributed.pipelining",
    "torch.distributed.launcher",
    "torch.distributed.run",
    "torch._export.serde",
)
TORCH_TESTING_KEPT = (
    "torch.testing._internal",
    "torch.testing._internal.common_dtype",
    "torch.testing._internal.logging_tensor",
)
TORCH_TEST_LIBRARIES = ("jitbackend_test", "backend_with_compiler", "torchbind_test", "aoti_custom_ops")
"""Native libraries in torch/lib that only torch's own tests load."""

# Qt: the window uses QtCore, QtGui and QtWidgets (and matplotlib's Qt canvas imports QtSvg); no QML/Quick,
# no WebEngine, no 3D.
QT_EXCLUDES = tuple(
    f"PySide6.{name}"
    for name in (
        "QtQml",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickWidgets",
        "QtQuickTest",
        "QtWebEngineCore",
        "QtWebEngineWidgets",
        "QtWebEngineQuick",
        "QtWebChannel",
        "QtWebSockets",
        "Qt3DCore",
        "Qt3DRender",
        "Qt3DInput",
        "Qt3DLogic",
        "Qt3DAnimation",
        "Qt3DExtras",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtCharts",
        "QtDataVisualization",
        "QtGraphs",
        "QtDesigner",
        "QtHelp",
        "QtUiTools",
        "QtTest",
        "QtSql",
        "QtXml",
        "QtDBus",
        "QtConcurrent",
        "QtNetwork",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPdf",
        "QtPdfWidgets",
        "QtSvgWidgets",
        "QtPrintSupport",
    )
)

# Development tools and other GUI toolkits some libraries import optionally.
OTHER_EXCLUDES = (
    "tkinter",
    "_tkinter",
    "IPython",
    "jedi",
    "notebook",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "pypdf",
    "mypy",
    "importlinter",
    "grimp",
    "pre_commit",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "numpy.tests",
    "numpy.f2py",
    "pandas.tests",
    "pandas.util._test_decorators",
    "matplotlib.tests",
    "matplotlib.testing",
    "sqlalchemy.testing",
    "app.engine.training",  # meta-training: never imported at run time (import-linter contract)
    # torch's requirements for its compiler, symbolic shapes and distributed checkpoints only
    "sympy",
    "mpmath",
    "networkx",
    "jinja2",
    "fsspec",
    "filelock",
    "yaml",
    # command-line niceties of build tools that static analysis finds but no run imports
    "rich",
    "markdown_it",
    "mdurl",
    "charset_normalizer",
    "setuptools",
    "pkg_resources",
    "_distutils_hack",
    "distutils",
)

MODULE_EXCLUDES = TORCH_EXCLUDES + QT_EXCLUDES + OTHER_EXCLUDES

# Files collected by the hooks that no run reads (paths as they appear inside the build, "/" separated).
DATA_EXCLUDES = (
    "PySide6/*qml/*",
    "numpy/_core/tests/*",
    "pandas/tests/*",
    "matplotlib/tests/*",
    "matplotlib/mpl-data/sample_data/*",
    "torch/include/*",
    "torch/bin/*",  # torch's test programs, except torch_shm_manager (TORCH_KEPT_FILES)
    "torch/test/*",
    "torch/share/*",
    "*.pyi",
    "*/py.typed",
)
QT_PLUGIN_EXCLUDES = (
    "platformthemes/*gtk3*",  # would load the PC's GTK 3 against the build machine's cairo and pango
    "egldeviceintegrations/*",  # full-screen EGL without a window system
    "generic/*",  # evdev and TUIO input without a window system
    "platforms/*eglfs*",
    "platforms/*linuxfb*",
    "platforms/*minimalegl*",
    "platforms/*vkkhrdisplay*",
    "platforms/*vnc*",
    "platforms/*direct2d*",
    "wayland-graphics-integration-client/*",
    "qmltooling/*",
    "designer/*",  # OpenGL on Wayland; the widgets draw in software
    "iconengines/*svg*",  # the window's icons are PNG
    "imageformats/*svg*",
    "imageformats/*tiff*",
    "imageformats/*webp*",
    "imageformats/*icns*",
    "imageformats/*tga*",
    "imageformats/*wbmp*",
    "imageformats/*pdf*",
)
"""Qt plugins the window never loads: patterns on "type/file name" (Linux and Windows names)."""
TORCH_KEPT_FILES = ("torch/bin/torch_shm_manager",)
"""`import torch` on Linux fails without it (it checks that the file exists)."""
QT_TRANSLATIONS_KEPT = ("zh_CN",)
"""Qt's own translations (buttons of standard dialogs): only the languages the window offers besides English."""


def excluded_module(name: str) -> bool:
    """True for a module the build leaves out."""
    if name.startswith("torch.testing._internal"):
        return name not in TORCH_TESTING_KEPT
    return any(name == prefix or name.startswith(prefix + ".") for prefix in MODULE_EXCLUDES)


def excluded_qt_plugin(plugin_type: str, file_name: str) -> bool:
    """True for a Qt plugin (its type folder and file name) the build leaves out."""
    return any(fnmatch.fnmatch(f"{plugin_type}/{file_name}", pattern) for pattern in QT_PLUGIN_EXCLUDES)


def excluded_file(dest: str) -> bool:
    """True for a collected file (its path inside the build) that no run reads."""
    dest = dest.replace("\\", "/")
    if dest in TORCH_KEPT_FILES:
        return False
    plugin = _QT_PLUGIN.match(dest)  # PySide6/Qt/plugins/… on Linux, PySide6/plugins/… on Windows
    if plugin and excluded_qt_plugin(plugin["type"], plugin["file"]):
        return True
    translation = _QT_TRANSLATION.match(dest)
    if translation:
        return not any(f"_{lang}" in translation["file"] for lang in QT_TRANSLATIONS_KEPT)
    return any(fnmatch.fnmatch(dest, pattern) for pattern in DATA_EXCLUDES)
