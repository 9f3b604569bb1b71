"""Build `zhidian_<version>_amd64.deb` from the one-folder build, with `dpkg-deb` only.

    python packaging/linux/build_deb.py dist/zhidian [--out dist]

(`python scripts/build_app.py --deb` builds the folder and then calls this.) The package holds:

    /opt/zhidian/                      the one-folder build (zhidian, zhidian-gui, _internal/, licences)
    /usr/bin/zhidian, zhidian-gui      links to the command line and to the window's launcher script
    /usr/share/applications/zhidian.desktop            menu entry, in Chinese and English
    /usr/share/icons/hicolor/*/apps/zhidian.png|svg    the icon
    /usr/share/doc/zhidian/copyright

`Depends` is worked out from the build: the C library version its binaries need (GLIBC_2.x) and
the Debian packages of the system libraries they link to that PyInstaller leaves to the system
(OpenGL/EGL and the C library itself). The teacher's data is never inside the package: it lives
in ~/.local/share/Zhidian, so `dpkg -r zhidian` leaves it alone.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PACKAGE = "zhidian"
INSTALL_DIR = "/opt/zhidian"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
FALLBACK_DEPENDS = ("libc6", "libgl1", "libegl1")
"""Used when the build machine has no readelf or dpkg to work the list out."""
DESCRIPTION = """\
Zhidian 知点: offline knowledge-point diagnosis for teachers
 Import a class gradebook (per-question scores tagged with knowledge points);
 a diagnosis engine estimates every student's mastery of every knowledge
 point, with its uncertainty. Class and student views show weaknesses and
 learning paths; practice plans are exported as PDF for printing.
 Everything runs on the school PC: no account, no network.
 .
 根据班级成绩册诊断每位学生对每个知识点的掌握情况，生成学习路径与练习计划。
 全部在本机完成，无需账号与网络。"""


def app_version() -> str:
    """Zhidian's version (app/__init__.py), read without importing the app."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not match:
        raise SystemExit("no __version__ in app/__init__.py")
    return match.group(1)


def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed_glibc(folder: Path) -> tuple[int, int] | None:
    """The newest GLIBC_2.x symbol version any binary in `folder` asks for."""
    newest = None
    pattern = re.compile(rb"GLIBC_2\.(\d+)")
    for path in _elf_files(folder):
        for minor in pattern.findall(path.read_bytes()):
            version = (2, int(minor))
            newest = version if newest is None or version > newest else newest
    return newest


def _needed_libraries(folder: Path) -> set[str]:
    """DT_NEEDED names of every binary in `folder` that no file in `folder` provides."""
    provided = {path.name for path in folder.rglob("*.so*")}
    needed: set[str] = set()
    for path in _elf_files(folder):
        result = subprocess.run(["readelf", "-dW", str(path)], capture_output=True, text=True, check=False)
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", result.stdout))
    return {name for name in needed - provided if not name.startswith("ld-linux")}


def _package_of(library: str) -> str | None:
    result = subprocess.run(["dpkg", "-S", f"*/{library}"], capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        package, _, path = line.partition(": ")
        if path.endswith("/" + library):
            return package.split(":")[0].strip()
    return None


def depends(folder: Path) -> list[str]:
    """The Depends field: the C library at the version the binaries need, and the packages of the system libraries."""
    glibc = needed_glibc(folder)
    libc = f"libc6 (>= {glibc[0]}.{glibc[1]})" if glibc else "libc6"
    if not (shutil.which("readelf") and shutil.which("dpkg")):
        return [libc, *FALLBACK_DEPENDS[1:]]
    packages = set()
    for library in sorted(_needed_libraries(folder)):
        package = _package_of(library)
        if package is None:
            print(f"build_deb: no Debian package on this machine provides {library}; not in Depends", file=sys.stderr)
        elif package != "libc6":
            packages.add(package)
    return [libc, *sorted(packages)]


def _folder_size_kib(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) // 1024 + 1


def _control(version: str, depends_on: list[str], installed_kib: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        "Architecture: amd64\n"
        "Section: education\n"
        "Priority: optional\n"
        "Maintainer: Zhidian <zhidian@localhost>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends_on)}\n"
        f"Description: {DESCRIPTION}\n"
    )


def _copyright() -> str:
    return (
        "Zhidian 知点\n\n"
        f"The program and the parts it bundles are in {INSTALL_DIR}. The licences of the bundled parts\n"
        f"(Qt/PySide6 LGPLv3, PyTorch BSD-3-Clause, and others) are listed in\n"
        f"{INSTALL_DIR}/THIRD_PARTY_LICENSES.txt, with their full texts in {INSTALL_DIR}/licenses/.\n"
    )


def build_deb(app_dir: Path, out_dir: Path, version: str | None = None, compression: str = "xz") -> Path:
    """Package the one-folder build `app_dir` as a .deb in `out_dir`; returns its path."""
    app_dir = app_dir.resolve()
    if not (app_dir / "zhidian").is_file() or not (app_dir / "zhidian-gui").is_file():
        raise SystemExit(f"{app_dir} is not a one-folder build (no zhidian and zhidian-gui in it)")
    version = version or app_version()
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / "deb-staging"
    if staging.exists():
        shutil.rmtree(staging)
    opt = staging / INSTALL_DIR.lstrip("/")
    shutil.copytree(app_dir, opt, symlinks=True)
    bin_dir = staging / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("zhidian", "zhidian-gui"):
        os.symlink(f"{INSTALL_DIR}/{name}", bin_dir / name)
    applications = staging / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copyfile(HERE / "zhidian.desktop", applications / "zhidian.desktop")
    icons = ROOT / "resources" / "icons"
    hicolor = staging / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copyfile(icons / f"zhidian-{size}.png", target / "zhidian.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(icons / "zhidian.svg", hicolor / "scalable" / "apps" / "zhidian.svg")
    doc = staging / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(_copyright(), encoding="utf-8")
    debian = staging / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(
        _control(version, depends(opt), _folder_size_kib(staging) - _folder_size_kib(debian)), encoding="utf-8"
    )
    for path in staging.rglob("*"):  # dpkg-deb wants 0755 folders and no group/world-writable files
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod(0o755 if path.is_dir() or mode & 0o111 else 0o644)
    deb = out_dir / f"{PACKAGE}_{version}_amd64.deb"
    # Level 6: dpkg-deb's default for xz; its default for gzip (9) took 4 times as long here for 0.6 % less.
    level = [] if compression == "none" else ["-z6"]
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", f"-Z{compression}", *level, "--build", str(staging), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(staging)
    return deb


def main(argv: list[str] | None = None) -> int:
    """Package a one-folder build given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app_dir", type=Path, help="the one-folder build (dist/zhidian)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the .deb goes (default: dist/)")
    parser.add_argument("--compression", choices=("xz", "gzip", "zstd", "none"), default="xz")
    args = parser.parse_args(argv)
    deb = build_deb(args.app_dir, args.out, compression=args.compression)
    print(f"{deb} ({deb.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
