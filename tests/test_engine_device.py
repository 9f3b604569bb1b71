"""Device choice: CPU fallback without a GPU, clear errors for an unavailable or unknown override."""

import pytest
import torch

from app.engine import device as device_module
from app.engine.device import device_label, pick_device


@pytest.fixture
def no_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(device_module, "_mps_available", lambda: False)


def test_falls_back_to_cpu_without_gpu(no_gpu) -> None:
    assert pick_device() == torch.device("cpu")
    assert pick_device("auto") == torch.device("cpu")
    assert pick_device("CPU") == torch.device("cpu")
    assert device_label(pick_device()) == "CPU"


@pytest.mark.parametrize("name", ["cuda", "mps"])
def test_unavailable_override_is_an_error(no_gpu, name) -> None:
    with pytest.raises(RuntimeError, match=name):
        pick_device(name)


def test_unknown_override_is_an_error() -> None:
    with pytest.raises(ValueError, match="tpu"):
        pick_device("tpu")


def test_labels() -> None:
    assert device_label("mps") == "Apple MPS"
    assert device_label(torch.device("cpu")) == "CPU"
