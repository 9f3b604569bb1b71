"""The public engine API: cheap to import, every documented name resolves."""

import subprocess
import sys

import app.engine


def test_importing_the_package_does_not_import_torch() -> None:
    code = "import sys, app.engine; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_public_names_resolve() -> None:
    from app.engine.diagnose import diagnose

    assert callable(diagnose)
    for name in ("predict", "check_model", "pick_device", "device_label", "load_prior"):
        assert callable(getattr(app.engine, name))
    assert isinstance(app.engine.MODEL_VERSION, str)
