"""Device choice: CPU fallback without a GPU, clear errors for an unavailable or unknown override, and
under "auto" a GPU only from the crossover size on, with the reason."""

import pytest
import torch

from app.engine import device as device_module
from app.engine.device import GPU_CROSSOVER_CELLS, WARM_GPU_CROSSOVER_CELLS, choose_device, device_label, pick_device


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


def test_auto_takes_a_gpu_only_where_it_pays(monkeypatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_initialized", lambda: False)
    small = choose_device(None, 50 * 40)
    assert small.device == torch.device("cpu") and "crossover" in small.reason and "start-up" in small.reason
    large = choose_device("auto", GPU_CROSSOVER_CELLS)
    assert large.device == torch.device("cuda") and "crossover" in large.reason
    monkeypatch.setattr(torch.cuda, "is_initialized", lambda: True)
    assert choose_device(None, WARM_GPU_CROSSOVER_CELLS).device == torch.device("cuda")
    assert choose_device("cpu", 10**9) == choose_device("cpu", 1)
    assert choose_device("cpu", 1).reason == "cpu as asked"


def test_without_a_gpu_auto_says_so(no_gpu) -> None:
    choice = choose_device(None, 10**9)
    assert choice.device == torch.device("cpu") and "no CUDA or MPS" in choice.reason


def test_a_damaged_prior_file_is_reported_as_a_damaged_resource(tmp_path) -> None:
    from app.core.resources import DamagedResource
    from app.engine.prior import load_prior

    broken = tmp_path / "prior.pt"
    broken.write_bytes(b"half a file")
    with pytest.raises(DamagedResource) as raised:
        load_prior(broken)
    assert raised.value.path == broken
