"""The packaging sources hang together: what the frozen build leaves out is never imported by the app,
resources are found in a frozen bundle, the icon files, the desktop entry, the .deb layout, the NSIS
script and the entry points. Fast; the frozen build itself is tested in test_packaging_frozen.py."""

import ast
import configparser
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app.core import resources

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


exclusions = _load(PACKAGING / "pyinstaller" / "exclusions.py", "zhidian_exclusions")


def test_resources_are_found_in_a_frozen_bundle(monkeypatch, tmp_path) -> None:
    assert resources.bundle_root() == ROOT
    assert resources.resource_path("models", "prior.pt").is_file()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.bundle_root() == tmp_path  # PyInstaller's _internal/, where the spec puts resources/


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_app_imports_nothing_the_frozen_build_leaves_out() -> None:
    run_time = [
        p
        for p in (ROOT / "app").rglob("*.py")
        if "training" not in p.parts and p.name != "train.py" and "migrations" not in p.parts
    ]
    offending = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in run_time
        for name in _imported_modules(path)
        if exclusions.excluded_module(name)
    }
    assert not offending, "add the module back to the build (packaging/pyinstaller/exclusions.py): " + str(offending)


def test_the_build_keeps_what_torch_and_matplotlib_import_at_run_time() -> None:
    for needed in (
        "PySide6.QtCore",
        "PySide6.QtGui",
        "PySide6.QtWidgets",
        "PySide6.QtSvg",  # matplotlib's Qt canvas imports it
        "torch.testing._internal.common_dtype",  # torch imports these two itself
        "torch.testing._internal.logging_tensor",
        "torch.distributed",
        "torch.fx",
        "torch.func",
    ):
        assert not exclusions.excluded_module(needed), needed
    assert exclusions.excluded_module("torch._dynamo.eval_frame")
    assert exclusions.excluded_module("torch.testing._internal.common_utils")
    assert exclusions.excluded_module("PySide6.QtQuick")
    named = exclusions.torch_testing_excludes()  # what other torch modules import inside functions, named to keep out
    assert "torch.testing._internal.common_utils" in named and "torch.testing._internal.opinfo" in named
    assert not set(named) & set(exclusions.TORCH_TESTING_KEPT)


def test_the_build_keeps_what_charts_pdfs_and_migrations_use_of_the_trimmed_packages() -> None:
    for needed in (
        "PIL._imaging",  # PNG for the charts
        "PIL.PngImagePlugin",
        "PIL.ImageFont",  # imported by some Pillow modules; it works without its _imagingft until used
        "matplotlib.tri",  # matplotlib imports it; only its compiled triangulation is left out
        "matplotlib.contour",
        "mpl_toolkits.mplot3d",  # matplotlib registers the 3D projection at import
        "mako.exceptions",  # Alembic imports it; Mako's pygments plugin is optional
        "sqlalchemy.dialects.sqlite",
        "sqlalchemy.dialects.postgresql.psycopg",
        "torch.distributed.rpc",  # torch imports these at start-up
        "torch.ao.quantization",
        "torch.fx.experimental.sym_node",
        "torch._functorch._aot_autograd",
        "torchgen.model",
        "numpy.random",
    ):
        assert not exclusions.excluded_module(needed), needed
    for left_out in ("pygments", "PIL._avif", "PIL._imagingft", "contourpy", "torch.distributed.tensor._api"):
        assert exclusions.excluded_module(left_out), left_out


def test_the_build_drops_files_no_run_reads() -> None:
    dropped = exclusions.excluded_file
    assert not dropped("torch/bin/torch_shm_manager")  # import torch checks it exists
    assert dropped("torch/bin/test_api")
    assert dropped("torch/include/ATen/ATen.h")
    assert not dropped("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert dropped("PySide6/Qt/translations/qtbase_de.qm")
    assert not dropped("PySide6/translations/qtbase_zh_CN.qm")  # the Windows layout
    assert dropped("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert not dropped("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert not dropped("PySide6/plugins/platforms/qwindows.dll")
    assert not dropped("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so")
    assert not dropped("resources/i18n/zhidian_zh_CN.qm")
    fonts = "matplotlib/mpl-data/fonts/"
    for kept in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSansDisplay.ttf"):
        assert not dropped(fonts + "ttf/" + kept), kept  # matplotlib's default face and mathtext's
    assert not dropped(fonts + "ttf/LastResortHE-Regular.ttf")  # the glyph of last resort
    assert not dropped("matplotlib/mpl-data/matplotlibrc")
    for gone in ("ttf/STIXGeneral.ttf", "ttf/cmr10.ttf", "ttf/DejaVuSerif.ttf", "ttf/DejaVuSansMono.ttf"):
        assert dropped(fonts + gone), gone
    assert dropped(fonts + "afm/pagd8a.afm") and dropped(fonts + "pdfcorefonts/Helvetica.afm")


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_the_build_takes_the_server_extra_where_it_is_installed(tmp_path) -> None:
    server_extra = _load(PACKAGING / "pyinstaller" / "server_extra.py", "zhidian_server_extra")
    build_app = _load(ROOT / "scripts" / "build_app.py", "zhidian_build_app")
    installed = server_extra.installed_server_packages()
    if importlib.util.find_spec("psycopg") is None:
        assert installed == []  # no driver: nothing of the extra goes in
    else:
        assert {"psycopg", "keyring"} <= set(installed)  # the test extra installs the server extra
    for name in (*server_extra.SERVER_PACKAGES, *server_extra.SERVER_DRIVER):
        assert not exclusions.excluded_module(name), name
    # a build made with the extra installed must hold it
    assert build_app.check_build(tmp_path, ["psycopg", "keyring"])[-2:] == ["psycopg", "keyring"]
    (tmp_path / "_internal" / "psycopg").mkdir(parents=True)  # a package as files (on Windows; elsewhere archived)
    assert build_app.check_build(tmp_path, ["psycopg", "keyring"])[-1:] == ["keyring"]


@pytest.mark.parametrize(("window", "usage"), [("1", "usage: zhidian-gui"), ("", "usage: python -m app")])
def test_the_one_executable_outside_windows_opens_the_window_when_its_launcher_says_so(window, usage) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ZHIDIAN_WINDOW"} | {"ZHIDIAN_WINDOW": window}
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "pyinstaller" / "zhidian_main.py"), "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0 and result.stdout.startswith(usage), result.stdout + result.stderr
    launcher = PACKAGING / "linux" / "zhidian-gui"  # the build's zhidian-gui outside Windows (zhidian.spec)
    assert launcher.stat().st_mode & 0o111 and launcher.read_text().startswith("#!/bin/sh\n")
    assert 'ZHIDIAN_WINDOW=1 exec "$(dirname "$(readlink -f "$0")")/zhidian" "$@"' in launcher.read_text()


def test_the_icon_exists_in_every_size_and_as_a_windows_icon() -> None:
    assert (ICONS / "zhidian.svg").is_file()
    for size in ICON_SIZES:
        assert _png_size(ICONS / f"zhidian-{size}.png") == (size, size)
    ico = (ICONS / "zhidian.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(ICON_SIZES))
    sizes = []
    for i in range(count):
        width, _height, _, _, planes, bits, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i])
        assert (planes, bits) == (1, 32) and offset + length <= len(ico)
        image = ico[offset : offset + length]
        assert image[:8] == b"\x89PNG\r\n\x1a\n" or struct.unpack("<I", image[:4])[0] == 40  # PNG or BITMAPINFOHEADER
        sizes.append(width or 256)
    assert sorted(sizes) == sorted(ICON_SIZES)


def test_the_desktop_entry_speaks_chinese_and_english() -> None:
    entry = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    entry.optionxform = str
    entry.read(PACKAGING / "linux" / "zhidian.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Name"] == "Zhidian" and section["Name[zh_CN]"] == "知点"
    assert section["Comment[zh_CN]"] and section["Comment"]
    assert section["Exec"].split()[0] == "zhidian-gui" and section["Icon"] == "zhidian"
    assert "Education;" in section["Categories"]
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(PACKAGING / "linux" / "zhidian.desktop")], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    not (sys.platform.startswith("linux") and shutil.which("dpkg-deb")), reason="dpkg-deb is not installed"
)
def test_the_deb_holds_the_folder_the_launchers_the_menu_entry_and_the_icons(tmp_path) -> None:
    build_deb = _load(PACKAGING / "linux" / "build_deb.py", "zhidian_build_deb")
    app = tmp_path / "zhidian"
    (app / "_internal").mkdir(parents=True)
    for name in ("zhidian", "zhidian-gui"):
        (app / name).write_text("#!/bin/sh\n")
        (app / name).chmod(0o755)
    (app / "THIRD_PARTY_LICENSES.txt").write_text("licences\n")
    deb = build_deb.build_deb(app, tmp_path / "out", version="9.9.9", compression="gzip")
    assert deb.name == "zhidian_9.9.9_amd64.deb"
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for expected in (
        "./opt/zhidian/zhidian",
        "./opt/zhidian/zhidian-gui",
        "./opt/zhidian/THIRD_PARTY_LICENSES.txt",
        "./usr/bin/zhidian -> /opt/zhidian/zhidian",
        "./usr/bin/zhidian-gui -> /opt/zhidian/zhidian-gui",
        "./usr/share/applications/zhidian.desktop",
        "./usr/share/icons/hicolor/256x256/apps/zhidian.png",
        "./usr/share/icons/hicolor/16x16/apps/zhidian.png",
        "./usr/share/icons/hicolor/scalable/apps/zhidian.svg",
        "./usr/share/doc/zhidian/copyright",
    ):
        assert expected in listing, expected
    assert "root/root" in listing.splitlines()[0]
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Package", "Version", "Architecture", "Depends"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Package: zhidian" in fields and "Version: 9.9.9" in fields and "Architecture: amd64" in fields
    assert "Depends: libc6" in fields


def test_the_windows_installer_is_per_user_and_keeps_the_teachers_data() -> None:
    script = (PACKAGING / "windows" / "zhidian.nsi").read_text(encoding="utf-8-sig")
    assert "RequestExecutionLevel user" in script
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\Zhidian"' in script
    assert "SOFTWARE\\Microsoft\\VisualStudio\\14.0\\VC\\Runtimes\\x64" in script and "vcruntime140_1.dll" in script
    assert "AtLeastBuild} 17763" in script  # Windows 10 1809, Qt 6's minimum
    assert "WriteUninstaller" in script and "$SMPROGRAMS" in script
    uninstall = script.split('Section "Uninstall"', 1)[1]
    assert 'RMDir /r "$INSTDIR"' not in uninstall  # a portable data\ folder beside the program must survive
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith(";"))
    assert "Software\\Zhidian" not in code.replace("Uninstall\\Zhidian", "")  # the window's settings (QSettings)


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (NSIS) is not installed")
def test_the_windows_installer_script_compiles(tmp_path) -> None:
    app = tmp_path / "zhidian"
    for name in ("zhidian.exe", "zhidian-gui.exe", "THIRD_PARTY_LICENSES.txt", "_internal/vcruntime140_1.dll"):
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_text("stand-in\n")
    out = tmp_path / "Zhidian-0.0.0-setup.exe"
    result = subprocess.run(
        ["makensis", "-V2", "-WX", "-DVERSION=0.0.0", f"-DSOURCE_DIR={app}", f"-DOUT_FILE={out}", "zhidian.nsi"],
        cwd=PACKAGING / "windows",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


def test_both_entry_points_and_the_build_extra_are_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["zhidian"] == "app.cli:main"
    assert project["gui-scripts"]["zhidian-gui"] == "app.ui.app:main"
    assert any(req.lower().startswith("pyinstaller") for req in project["optional-dependencies"]["build"])


def test_every_dependency_is_named_with_its_licence_for_the_about_box() -> None:
    sys.path.insert(0, str(ROOT))
    third_party = _load(PACKAGING / "third_party.py", "zhidian_third_party")
    named = {c.distribution.lower().replace("_", "-") for c in third_party.COMPONENTS if c.distribution}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        name = requirement.split("=")[0].split(">")[0].split("<")[0].strip().lower().replace("_", "-")
        assert name in named, f"{name}: add it to packaging/third_party.py COMPONENTS"
    assert all(c.licence for c in third_party.COMPONENTS)


def test_the_windows_workflow_installs_the_cpu_torch_builds_and_uploads_the_installer() -> None:
    workflow = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    for expected in (
        'python-version: "3.11"',
        "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu",
        '-e ".[build,test]"',
        "python scripts/build_app.py",
        "tests/test_packaging_frozen.py",
        "makensis",
        "actions/upload-artifact",
    ):
        assert expected in workflow, expected
