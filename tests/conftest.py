"""Shared test set-up: Qt offscreen, English core messages, one torch thread, paths to shared data.

The Qt fixtures (a window factory, captured message boxes, the check that no worker thread is
left running) live in `ui_fixtures.py` and `ui_boxes.py`, the sample stores built once per session in
`sample_stores.py`, the scripts' exam-system files in `script_exports.py`; these are loaded for every test module
as plugins.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # without a screen Qt would abort the process
os.environ.setdefault("ZHIDIAN_LANG", "en")

from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, settings

# CI has 2 cores shared with other jobs: one thread per test process gives steady timings and no
# oversubscription (the engine's classes are small; more threads only contend).
torch.set_num_threads(1)

pytest_plugins = ["ui_fixtures", "ui_boxes", "sample_stores", "fault_helpers", "server_helpers", "script_exports"]

# Property tests draw new examples on every run (derandomize off: each CI run tries other files, thresholds and
# runs), a fixed number per test so the suite's time stays put; a failure prints the blob that reproduces it.
# HYPOTHESIS_PROFILE=thorough draws many more, for a search before a release.
settings.register_profile(
    "ci",
    max_examples=30,
    derandomize=False,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("thorough", settings.get_profile("ci"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own data folder (the settings file, the default store, the anonymisation key), never the user's:
    `python -m app` and the window both read the teacher's settings from it."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("ZHIDIAN_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def shared_data() -> Path:
    """The real public data beside the checkout; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA
