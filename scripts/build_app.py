"""Build the one-folder app `dist/zhidian/` (PyInstaller) and, with --deb, the Debian package.

    pip install -e ".[build]"                   # PyInstaller (with the CPU build of torch installed)
    python scripts/build_app.py [--deb] [--clean]

The folder holds `zhidian-gui` (the window) and `zhidian` (the command line) sharing one `_internal/`
(on Windows two executables; elsewhere one executable and a script that starts its window, see the spec), plus
THIRD_PARTY_LICENSES.txt and licenses/. The spec and what it leaves out are in packaging/pyinstaller/. After PyInstaller this script strips the symbol tables
of the Linux binaries that keep a valid layout when stripped (torch's libtorch_cpu.so ships 89 MB
of them), writes the licences, checks the folder, and prints the build time and the folder size
(also written to dist/zhidian-build.json). The optional [server] extra (psycopg, keyring: a school's store on
PostgreSQL) is bundled where it is installed; the build says which. tests/test_packaging_frozen.py then runs the build.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "pyinstaller" / "zhidian.spec"
NAME = "zhidian"
SIZE_BUDGET = 700 * 10**6
"""The issue's budget for the unpacked folder (700 MB)."""
REQUIRED = (
    "_internal/resources/fonts/WenQuanYiMicroHei-Subset.ttf",
    "_internal/resources/fonts/LICENSE-WenQuanYi.txt",
    "_internal/resources/fonts/ZhidianCJKSupplement.ttf",
    "_internal/resources/fonts/LICENSE-NotoSansCJK.txt",
    "_internal/resources/i18n/zhidian_zh_CN.qm",
    "_internal/resources/models/prior.pt",
    "_internal/resources/models/prior.json",
    "_internal/resources/icons/zhidian-256.png",
    "_internal/resources/guide/guide_zh.html",
    "_internal/resources/guide/guide_en.html",
    "_internal/app/storage/migrations/env.py",
    "THIRD_PARTY_LICENSES.txt",
)
WINDOWS_RUNTIME = ("msvcp140.dll", "vcruntime140.dll", "vcruntime140_1.dll")
"""The Visual C++ runtime torch's DLLs need; shipped app-local so a clean Windows needs no vc_redist."""


def load(path: Path, name: str):
    """Import a module of packaging/ from its file (packaging/ is not a Python package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def check_environment(allow_cuda: bool) -> None:
    """PyInstaller present, and the CPU build of torch (a CUDA build would add gigabytes of NVIDIA libraries)."""
    if importlib.util.find_spec("PyInstaller") is None:
        raise SystemExit('PyInstaller is not installed: pip install -e ".[build]"')
    if sys.platform.startswith("linux") and importlib.util.find_spec("nvidia") is not None and not allow_cuda:
        raise SystemExit(
            "torch here is the CUDA build (the nvidia-* packages are installed); install the CPU build first:\n"
            "  pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu\n"
            "(or pass --allow-cuda)"
        )


def check_sources() -> None:
    """Every module of the app compiles (PyInstaller would only warn and leave a broken one out)."""
    broken = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        try:
            compile(path.read_bytes(), str(path), "exec")
        except SyntaxError as error:
            broken.append(f"{path.relative_to(ROOT)}:{error.lineno}: {error.msg}")
    if broken:
        raise SystemExit("build_app: these modules do not compile:\n  " + "\n  ".join(broken))


def run_pyinstaller(dist: Path, work: Path, clean: bool) -> None:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work)]
    if clean:
        command.append("--clean")
    subprocess.run([*command, str(SPEC)], check=True, cwd=ROOT)


def _is_elf(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def _load_segments_aligned(path: Path) -> bool:
    """True when every LOAD segment's file offset and address agree modulo its alignment (what ld.so demands)."""
    out = subprocess.run(["readelf", "-lW", str(path)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == "LOAD":
            offset, address, align = int(parts[1], 16), int(parts[2], 16), int(parts[-1], 16)
            if align and (offset - address) % align:
                return False
    return True


def strip_binaries(app_dir: Path, min_size: int = 64 * 1024) -> int:
    """Strip symbol tables from Linux binaries; returns the bytes saved.

    A stripped copy replaces the original only if its LOAD segments stay aligned: `strip` breaks
    libraries that auditwheel rewrote with patchelf (e.g. NumPy's OpenBLAS: "ELF load command
    address/offset not page-aligned"), and those keep their symbols.
    """
    if not (sys.platform.startswith("linux") and shutil.which("strip") and shutil.which("readelf")):
        print("build_app: strip/readelf not found (binutils); the folder keeps its symbol tables", file=sys.stderr)
        return 0
    saved = 0
    for path in sorted(app_dir.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.stat().st_size < min_size or not _is_elf(path):
            continue
        sections = subprocess.run(["readelf", "-SW", str(path)], capture_output=True, text=True, check=False).stdout
        if ".symtab" not in sections:
            continue
        stripped = path.with_name(path.name + ".stripped")
        result = subprocess.run(["strip", "--strip-unneeded", "-o", str(stripped), str(path)], capture_output=True)
        if result.returncode == 0 and _load_segments_aligned(stripped):
            saved += path.stat().st_size - stripped.stat().st_size
            shutil.copymode(path, stripped)
            os.replace(stripped, path)
        else:
            stripped.unlink(missing_ok=True)
    return saved


def folder_size(folder: Path) -> int:
    """Bytes of every file under `folder` (what `du --apparent-size` counts)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def bundled_names(app_dir: Path) -> set[str]:
    """The top-level names the build holds: the files and folders in `_internal/`, and the modules in the archive of
    the executable (outside Windows the pure-Python modules are there, see zhidian.spec)."""
    internal = app_dir / "_internal"
    names = {path.name.split(".")[0] for path in internal.iterdir()} if internal.is_dir() else set()
    exe = app_dir / (f"{NAME}.exe" if sys.platform == "win32" else NAME)
    if exe.is_file():
        from PyInstaller.archive.readers import pkg_archive_contents

        names |= {name.split(".")[0] for name in pkg_archive_contents(str(exe))}
    return names


def check_build(app_dir: Path, server: Sequence[str] = ()) -> list[str]:
    """What is missing from the folder (empty when complete); `server`: the [server] extra's packages it must hold."""
    exe = ".exe" if sys.platform == "win32" else ""
    wanted = [f"{NAME}{exe}", f"{NAME}-gui{exe}", *REQUIRED]
    if sys.platform == "win32":
        wanted += [f"_internal/{dll}" for dll in WINDOWS_RUNTIME]
    missing = [name for name in wanted if not (app_dir / name).exists()]
    bundled = bundled_names(app_dir) if server else set()
    return missing + [name for name in server if name not in bundled]


def copy_windows_runtime(app_dir: Path) -> None:
    """Copy the VC++ runtime DLLs next to torch's if PyInstaller did not (from System32 of the build machine)."""
    system32 = Path(os.environ.get("SYSTEMROOT", r"C:\Windows")) / "System32"
    for dll in WINDOWS_RUNTIME:
        target = app_dir / "_internal" / dll
        if not target.exists() and (system32 / dll).exists():
            shutil.copyfile(system32 / dll, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the one-folder app (and the .deb) with PyInstaller.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work folder")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    parser.add_argument("--deb", action="store_true", help="also build the Debian package (Linux, dpkg-deb)")
    parser.add_argument("--deb-compression", choices=("xz", "gzip", "zstd", "none"), default="xz")
    parser.add_argument("--skip-pyinstaller", action="store_true", help="post-process an existing dist/zhidian")
    parser.add_argument("--no-strip", action="store_true", help="keep the symbol tables of the Linux binaries")
    parser.add_argument("--allow-cuda", action="store_true", help="build with a CUDA build of torch")
    args = parser.parse_args(argv)

    app_dir = args.dist / NAME
    server = load(PACKAGING / "pyinstaller" / "server_extra.py", "zhidian_server_extra").installed_server_packages()
    report: dict[str, object] = {"platform": sys.platform, "python": sys.version.split()[0], "server_extra": server}
    print(
        "build_app: the school-server extra: " + ", ".join(server)
        if server
        else 'build_app: no school-server extra (psycopg, keyring): pip install -e ".[server]" to bundle it'
    )
    started = time.perf_counter()
    if not args.skip_pyinstaller:
        check_environment(args.allow_cuda)
        check_sources()
        run_pyinstaller(args.dist, args.work, args.clean)
        for stale in args.dist.glob(f"{NAME}_*_amd64.deb"):  # made from an earlier build
            stale.unlink()
    report["pyinstaller_s"] = round(time.perf_counter() - started, 1)
    if sys.platform == "win32":
        copy_windows_runtime(app_dir)
    if not args.no_strip:
        report["stripped_bytes"] = strip_binaries(app_dir)
    sys.path.insert(0, str(ROOT))
    third_party = load(PACKAGING / "third_party.py", "zhidian_third_party")
    third_party.write_licences(app_dir, bundled_names(app_dir))
    missing = check_build(app_dir, server)
    if missing:
        print("build_app: the folder lacks " + ", ".join(missing), file=sys.stderr)
        return 1
    size = folder_size(app_dir)
    report.update(build_s=round(time.perf_counter() - started, 1), folder_bytes=size, folder=str(app_dir))
    print(f"build_app: {app_dir} in {report['build_s']} s: {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB)")
    if size > SIZE_BUDGET:
        print(f"build_app: over the budget of {SIZE_BUDGET / 1e6:.0f} MB", file=sys.stderr)
    if args.deb:
        build_deb = load(PACKAGING / "linux" / "build_deb.py", "zhidian_build_deb")
        deb_started = time.perf_counter()
        deb = build_deb.build_deb(app_dir, args.dist, compression=args.deb_compression)
        report.update(deb=str(deb), deb_bytes=deb.stat().st_size, deb_s=round(time.perf_counter() - deb_started, 1))
        print(f"build_app: {deb} in {report['deb_s']} s: {deb.stat().st_size / 1e6:.0f} MB")
    (args.dist / f"{NAME}-build.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if size <= SIZE_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
