"""PyInstaller hook for torch, replacing pyinstaller-hooks-contrib's (hooks in `hookspath` take precedence).

The contrib hook collects every submodule and every data file of torch: the compiler stack
(`torch._inductor`, `torch._dynamo`), the C++ test programs (`torch/test`, `torch/bin`), the headers
(`torch/include`) and the test suites. Zhidian only runs the model in eager mode on the CPU (the
engine never imports torch._dynamo, see app/engine/adapt.py), so this hook leaves out what
`exclusions.py` names; `tests/test_packaging_frozen.py` diagnoses and checks a class with the
frozen build, which is the proof that nothing needed was left out.
"""

import re
from pathlib import Path

from exclusions import TORCH_TEST_LIBRARIES, excluded_module  # packaging/pyinstaller/, put on sys.path by zhidian.spec
from PyInstaller import compat
from PyInstaller.utils.hooks import (
    PY_DYLIB_PATTERNS,
    collect_data_files,
    collect_dynamic_libs,
    collect_submodules,
    get_package_paths,
)

hiddenimports = collect_submodules("torch", filter=lambda name: not excluded_module(name))


# At import time torch reads the source of its config modules (`install_config_module`: fails without it) and
# of functions decorated with TorchScript's `_overload` (warns without it: "Unable to retrieve source").
_READS_SOURCE = re.compile(
    r"install_config_module\(|@torch\._jit_internal\._overload(?:_method)?\b"
    r"|from torch\._jit_internal import \(?[^)]*?\b_overload\b",
    re.DOTALL,
)


def _modules_reading_their_source() -> list[str]:
    """The torch modules that need their .py beside the byte code."""
    package = Path(get_package_paths("torch")[1])
    found = []
    for path in package.rglob("*.py"):
        parts = path.relative_to(package).with_suffix("").parts
        name = ".".join(("torch", *parts[:-1])) if parts[-1] == "__init__" else ".".join(("torch", *parts))
        if not excluded_module(name) and _READS_SOURCE.search(path.read_text(encoding="utf-8", errors="replace")):
            found.append(name)
    return sorted(found)


# Byte code only, except the modules above, which also get their .py (inspect.getsource).
module_collection_mode = {"torch": "pyz", **dict.fromkeys(_modules_reading_their_source(), "pyz+py")}

datas = collect_data_files(
    "torch",
    excludes=[
        "include/**",
        "bin/**",
        "test/**",
        "share/**",
        "testing/_internal/**",
        "_inductor/**",
        "_dynamo/**",
        "csrc/**",
        "utils/benchmark/**",
        "**/*.h",
        "**/*.hpp",
        "**/*.cuh",
        "**/*.c",
        "**/*.cpp",
        "**/*.pyi",
        "**/*.cmake",
        "**/*.a",
        "**/*.lib",
        "**/*.pdb",
    ],
)
binaries = [
    (src, dest)
    for src, dest in collect_dynamic_libs("torch", search_patterns=[*PY_DYLIB_PATTERNS, "*.so.*"])
    if not any(test in src for test in TORCH_TEST_LIBRARIES)
]
# `import torch` on Linux and macOS checks that torch/bin/torch_shm_manager exists (shared memory between
# processes); the rest of torch/bin is torch's own test programs.
_shm_manager = Path(get_package_paths("torch")[1]) / "bin" / "torch_shm_manager"
if _shm_manager.is_file():
    binaries.append((str(_shm_manager), "torch/bin"))

if compat.is_win:
    # As the contrib hook: Windows wheels of torch that depend on Intel's MKL find its DLLs in <env>/Library/bin,
    # which PyInstaller's dependency analysis does not see.
    from importlib import metadata

    from packaging.requirements import Requirement

    def _requirements(name: str) -> list[str]:
        requirements = [Requirement(text) for text in metadata.requires(name) or []]
        return [r.name for r in requirements if r.marker is None or r.marker.evaluate()]

    if "mkl" in _requirements("torch"):
        for name in ["mkl", *_requirements("mkl")]:
            try:
                files = metadata.distribution(name).files or []
            except metadata.PackageNotFoundError:
                continue
            for file in files:
                dll = Path(str(file.locate())).resolve()
                if dll.match("**/Library/bin/*.dll"):
                    binaries.append((str(dll), "."))

if compat.is_linux:
    # As the contrib hook: no symbolic links from torch/lib to the top folder (they confuse torch's library lookup).
    bindepend_symlink_suppression = ["**/torch/lib/*.so*"]
