"""What the frozen build leaves out: modules never imported at run time, and files no run reads.

Shared by `zhidian.spec` and `hooks/hook-torch.py`; `tests/test_packaging.py` checks the lists
against the source tree and `tests/test_packaging_frozen.py` proves the build still imports,
diagnoses, checks and exports. Before adding a module here, confirm it is absent from
`sys.modules` after `python -m app import …`, `diagnose`, `check` and `export`.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import re
from pathlib import Path

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
    # distributed tensors, sharding, RPC-side optimisers and their tools: one process, no process group
    "torch.distributed.tensor",
    "torch.distributed._tensor",  # an alias of torch.distributed.tensor
    "torch.distributed._local_tensor",
    "torch.distributed._shard",
    "torch.distributed._sharded_tensor",  # aliases of torch.distributed._shard
    "torch.distributed._sharding_spec",
    "torch.distributed._composable",
    "torch.distributed._symmetric_memory",
    "torch.distributed._tools",
    "torch.distributed.debug",
    "torch.distributed.flight_recorder",
    "torch.distributed.nn",
    "torch.distributed.optim",
    # quantisation workflows, pruning and numeric suites: the model runs in float32 as trained
    "torch.ao.quantization.fx",
    "torch.ao.quantization.backend_config",
    "torch.ao.ns",
    "torch.ao.pruning",
    # symbolic shapes and their sympy reasoning: torch.compile/export only (sympy itself is left out below)
    "torch.utils._sympy",
    "torch.fx.experimental.symbolic_shapes",
    "torch.fx.experimental.migrate_gradual_types",
    # export, AOT autograd's partitioning and activation checkpointing/offloading passes: compiler only
    "torch._export.passes",
    "torch._export.db",
    "torch.export.pt2_archive",
    "torch.export.experimental",
    "torch._functorch.partitioners",
    "torch._functorch._activation_checkpointing",
    "torch._functorch._activation_offloading",
    # GPU kernels: CuTe DSL (needs nvidia-cutlass-dsl, never bundled) and Triton tuning tables (no Triton)
    "torch._vendor.quack",
    "torch.sparse._triton_ops_meta",
    # mobile back ends, the Xeon launcher script, lazy tensors, model/graph viewers, Strobelight profiling
    "torch.backends._nnapi",
    "torch.backends._coreml",
    "torch.backends.xeon",
    "torch._lazy",
    "torch.utils.model_dump",
    "torch.utils.viz",
    "torch.utils.jit",
    "torch.utils._strobelight",
    # per-sample gradients (Opacus), complex-tensor subclass, first-class dims (Tensor.index): unused features
    "torch.nn.utils._expanded_weights",
    "torch._subclasses.complex_tensor",
    "functorch",
    # ATen's code generators (torch imports only torchgen.model, .utils and .code_template)
    "torchgen.api",
    "torchgen.dest",
    "torchgen.gen",
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
    # syntax colouring of Mako's error pages (Alembic's templates); Mako falls back to plain text without it
    "pygments",
    # Pillow's optional codecs and font/colour-management/Tk bindings (with their libavif, libwebp, harfbuzz,
    # freetype and lcms2): charts are saved as PNG and nothing draws text with Pillow; each plugin checks for its
    # module and reports the format unsupported when it is missing
    "PIL._avif",
    "PIL._webp",
    "PIL._imagingft",
    "PIL._imagingcms",
    "PIL._imagingtk",
    # contour and triangulation plots (contourpy, matplotlib's qhull and triangulation extensions): no chart draws one
    "contourpy",
    "matplotlib._tri",
    "matplotlib._qhull",
    # NumPy's FFT and polynomial packages (loaded lazily, by name): nothing calls them
    "numpy.fft",
    "numpy.polynomial",
    # SQLAlchemy's MySQL, Oracle and SQL Server dialects and its asyncio extension: the store is SQLite or
    # PostgreSQL through psycopg, synchronously
    "sqlalchemy.dialects.mysql",
    "sqlalchemy.dialects.oracle",
    "sqlalchemy.dialects.mssql",
    "sqlalchemy.ext.asyncio",
    # the topics of the interactive help(): no interpreter prompt in the app
    "pydoc_data",
)

MODULE_EXCLUDES = TORCH_EXCLUDES + QT_EXCLUDES + OTHER_EXCLUDES

# Files collected by the hooks that no run reads (paths as they appear inside the build, "/" separated).
DATA_EXCLUDES = (
    "PySide6/*qml/*",
    "numpy/_core/tests/*",
    "pandas/tests/*",
    "matplotlib/tests/*",
    "matplotlib/mpl-data/sample_data/*",
    # matplotlib's fonts beyond DejaVu Sans (its default, and the fallback glyphs of charts and mathtext) and
    # LastResortHE: charts draw in the bundled CJK font, sans-serif, as PNG, so no serif, monospace, STIX or
    # Computer Modern face, and no AFM metrics (PostScript and PDF core fonts) are read
    "matplotlib/mpl-data/fonts/afm/*",
    "matplotlib/mpl-data/fonts/pdfcorefonts/*",
    "matplotlib/mpl-data/fonts/ttf/STIX*",
    "matplotlib/mpl-data/fonts/ttf/cm*",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSerif*",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSansMono*",
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


def torch_testing_excludes() -> list[str]:
    """The modules of torch.testing._internal the build leaves out by name (all but TORCH_TESTING_KEPT).

    The hook for torch does not ask for them, but other torch modules import some inside functions (torch.library's
    opcheck, schema_check_mode), which PyInstaller follows; naming them keeps them out. Found from torch's folder
    without importing torch.
    """
    spec = importlib.util.find_spec("torch")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(spec.submodule_search_locations[0]) / "testing" / "_internal"
    names = {
        f"torch.testing._internal.{path.stem}"
        for path in folder.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").is_file()) and path.stem != "__init__"
    }
    return sorted(names - set(TORCH_TESTING_KEPT))


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
