"""Shared test set-up: Qt offscreen, English core messages, one torch thread, paths to shared data.

The Qt fixtures (a window factory, captured message boxes, the check that no worker thread is
left running) live in `ui_fixtures.py` and `ui_boxes.py`, the sample stores built once per session in
`sample_stores.py`; all three are loaded for every test module as plugins.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # without a screen Qt would abort the process
os.environ.setdefault("ZHIDIAN_LANG", "en")

from pathlib import Path

import pytest
import torch

# CI has 2 cores shared with other jobs: one thread per test process gives steady timings and no
# oversubscription (the engine's classes are small; more threads only contend).
torch.set_num_threads(1)

pytest_plugins = ["ui_fixtures", "ui_boxes", "sample_stores", "fault_helpers"]

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real public data beside the checkout; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA
