"""Which torch device runs the engine: CUDA, else Apple MPS, else CPU, or what the user asked for."""

from __future__ import annotations

import torch

CHOICES = ("auto", "cpu", "cuda", "mps")


def _mps_available() -> bool:
    return bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())


def pick_device(override: str | None = None) -> torch.device:
    """The device to run on: `override` ("cpu", "cuda", "mps", "auto"/None = best available).

    Raises ValueError for an unknown name and RuntimeError when the requested device is absent.
    """
    choice = (override or "auto").strip().lower()
    if choice not in CHOICES:
        raise ValueError(f"unknown device {override!r}; choose one of {', '.join(CHOICES)}")
    if choice == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps") if _mps_available() else torch.device("cpu")
    if choice == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("device 'cuda' was requested but no CUDA GPU is available to this PyTorch build")
    if choice == "mps" and not _mps_available():
        raise RuntimeError("device 'mps' was requested but Apple MPS is not available on this machine")
    return torch.device(choice)


def device_label(device: torch.device | str) -> str:
    """A short name for the UI: "CPU", "CUDA: <gpu name>" or "Apple MPS"."""
    device = torch.device(device)
    if device.type == "cuda":
        return f"CUDA: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "Apple MPS"
    return "CPU"
