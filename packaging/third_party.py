"""The licences of what the frozen build bundles: `THIRD_PARTY_LICENSES.txt` and `licenses/` beside the executables.

`write_licences(app_dir, bundled)` (called by scripts/build_app.py) lists every Python distribution whose
modules are in the build, with its version and licence, copies the licence files each ships,
adds Qt's LGPL (the PySide6 wheels ship no licence file), Python's licence, the bundled font's,
and on Debian-like build machines the copyright files of the system libraries PyInstaller copied.
The list of components, `COMPONENTS`, lives in `app.core.components`: the About box shows it too.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

from app.core.components import COMPONENTS

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
SUMMARY_NAME = "THIRD_PARTY_LICENSES.txt"
FOLDER_NAME = "licenses"


_LICENCE_FILE = re.compile(r"(licen[cs]e|copying|notice|authors)", re.IGNORECASE)


def _distributions_in(bundled: set[str]) -> dict[str, str]:
    """{distribution name: version} for every installed distribution with a top-level module in the build."""
    found: dict[str, str] = {}
    for top, names in metadata.packages_distributions().items():
        if top in bundled:
            for name in names:
                found[name] = metadata.version(name)
    found.pop("zhidian", None)
    return dict(sorted(found.items(), key=lambda item: item[0].lower()))


def _metadata_licence(name: str) -> str:
    meta = metadata.metadata(name)
    expression = meta.get("License-Expression")
    if expression:
        return expression
    licence = (meta.get("License") or "").strip().splitlines()
    return licence[0][:100] if licence else "see its licence file"


def _copy_licence_files(name: str, dest: Path) -> list[Path]:
    copied = []
    for file in metadata.distribution(name).files or []:
        if _LICENCE_FILE.search(file.name) and ".dist-info" in str(file):
            source = Path(str(file.locate()))
            if source.is_file():
                inside = Path(*[part for part in file.parts if not part.endswith(".dist-info")])
                if inside.parts and inside.parts[0] == "licenses":
                    inside = Path(*inside.parts[1:]) if len(inside.parts) > 1 else Path(file.name)
                target = dest / inside
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                copied.append(target)
    return copied


def _python_licence() -> Path | None:
    for candidate in (
        Path(sys.base_prefix) / "LICENSE.txt",
        Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt",
        Path("/usr/share/doc") / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "copyright",
    ):
        if candidate.is_file():
            return candidate
    return None


def _system_library_packages(internal: Path) -> dict[str, list[str]]:
    """{Debian package: [library, …]} for the shared libraries PyInstaller copied from the build machine."""
    if not shutil.which("dpkg"):
        return {}
    found: dict[str, list[str]] = {}
    for library in sorted(p.name for p in internal.glob("*.so*") if p.is_file()):
        if library.startswith("libpython"):
            continue
        result = subprocess.run(["dpkg", "-S", f"*/{library}"], capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            package = line.split(":", 1)[0].strip()
            if package and "/lib" in line:
                found.setdefault(package, []).append(library)
                break
    return found


def write_licences(app_dir: Path, bundled: set[str]) -> Path:
    """Write THIRD_PARTY_LICENSES.txt and licenses/ into the one-folder build, whose top-level modules, files and
    folders are `bundled` (scripts/build_app.py's `bundled_names`); returns the summary's path."""
    internal = app_dir / "_internal"
    folder = app_dir / FOLDER_NAME
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    from app import __version__

    known = {c.distribution.lower(): c for c in COMPONENTS if c.distribution}
    lines = [
        f"Zhidian 知点 {__version__}: parts bundled in this build and their licences",
        "知点所附带的第三方组件及其许可证",
        "",
        "Zhidian's own code is the work of its authors. The parts below are redistributed unchanged under",
        "their licences; the full texts are in the folder licenses/ beside this file.",
        "",
        "Qt and PySide6 are used under the GNU Lesser General Public License v3: they are separate shared",
        "libraries in _internal/PySide6 (Linux: _internal/PySide6/Qt/lib) that you may replace with your own",
        "build of the same version. Qt's source: https://download.qt.io/official_releases/qt/ and",
        "https://download.qt.io/official_releases/QtForPython/ (licenses/Qt/ has the LGPLv3 and GPLv3 texts).",
        "",
    ]
    python = _python_licence()
    lines.append(f"- Python {sys.version.split()[0]}: PSF-2.0 (https://www.python.org/)")
    if python:
        (folder / "Python").mkdir()
        shutil.copyfile(python, folder / "Python" / "LICENSE.txt")
    for name, version in _distributions_in(bundled).items():
        component = known.get(name.lower())
        title = component.name if component else name
        licence = component.licence if component else _metadata_licence(name)
        home = f" ({component.home})" if component else ""
        lines.append(f"- {title} {version}: {licence}{home}")
        _copy_licence_files(name, folder / name)
    qt = folder / "Qt"
    qt.mkdir(exist_ok=True)
    for text in ("LGPL-3.0.txt", "GPL-3.0.txt"):
        shutil.copyfile(HERE / "licenses" / text, qt / text)
    font = ROOT / "resources" / "fonts" / "LICENSE-WenQuanYi.txt"
    font_component = next(c for c in COMPONENTS if c.name.startswith("WenQuanYi"))
    lines.append(f"- {font_component.name}: {font_component.licence}")
    (folder / "WenQuanYi").mkdir()
    shutil.copyfile(font, folder / "WenQuanYi" / font.name)
    supplement = ROOT / "resources" / "fonts" / "LICENSE-NotoSansCJK.txt"
    supplement_component = next(c for c in COMPONENTS if c.name.startswith("Zhidian CJK Supplement"))
    lines.append(f"- {supplement_component.name}: {supplement_component.licence}")
    (folder / "NotoSansCJK").mkdir()
    shutil.copyfile(supplement, folder / "NotoSansCJK" / supplement.name)
    if sys.platform == "win32":
        lines += [
            "",
            "Microsoft Visual C++ runtime (msvcp140.dll, vcruntime140.dll, vcruntime140_1.dll, …): redistributed",
            "under the Visual Studio redistribution terms; https://learn.microsoft.com/cpp/windows/redistributing-visual-cpp-files",
        ]
    system = _system_library_packages(internal)
    if system:
        lines += [
            "",
            "System libraries copied from the build machine (Debian packages; copyright files in licenses/system/):",
        ]
        (folder / "system").mkdir()
        for package, libraries in sorted(system.items()):
            lines.append(f"- {package}: {', '.join(libraries)}")
            copyright_file = Path("/usr/share/doc") / package.split(":")[0] / "copyright"
            if copyright_file.is_file():
                shutil.copyfile(copyright_file, folder / "system" / f"{package.split(':')[0]}.copyright")
    summary = app_dir / SUMMARY_NAME
    summary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return summary
