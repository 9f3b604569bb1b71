"""Which torch device runs the engine: the one asked for, or under "auto" a GPU only where it pays.

`pick_device` names the best device present (CUDA, else Apple MPS, else CPU). `choose_device`
is what a diagnosis uses: under "auto" it takes the GPU only for work large enough that the GPU,
its start-up counted, beats the CPU, and says why.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

CHOICES = ("auto", "cpu", "cuda", "mps")

GPU_CROSSOVER_CELLS = 8_000_000
"""Students x questions from which a GPU not yet started in this process beats the CPU.

From the H200 timings of issue 13: warm, CUDA lost at 2,000 x 100 (0.22 s vs 0.16 s) and won at
20,000 x 120 (1.43 s vs 1.66 s), about 0.13 us per cell faster, so it breaks even near 0.7 million
cells; starting CUDA (about 1 s) is repaid near 8 million. Not re-measured here (no GPU was lent)."""

WARM_GPU_CROSSOVER_CELLS = 700_000
"""The same crossover once the GPU is already started in this process (no start-up to repay)."""


@dataclass(frozen=True)
class DeviceChoice:
    """The device a piece of work runs on, and why (recorded in Diagnosis.settings["device_reason"])."""

    device: torch.device
    reason: str


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


def choose_device(override: str | None, cells: int) -> DeviceChoice:
    """The device for work on `cells` students x questions: `override` as asked, or under "auto"/None
    the GPU only from the crossover on (lower once the GPU is started in this process)."""
    best = pick_device(override)
    if (override or "auto").strip().lower() != "auto":
        return DeviceChoice(best, f"{best.type} as asked")
    if best.type == "cpu":
        return DeviceChoice(best, "auto: cpu, no CUDA or MPS GPU available")
    warm = best.type == "cuda" and torch.cuda.is_initialized()
    crossover = WARM_GPU_CROSSOVER_CELLS if warm else GPU_CROSSOVER_CELLS
    state = "already started" if warm else "start-up included"
    if cells >= crossover:
        return DeviceChoice(best, f"auto: {best.type}, {cells:,} cells >= GPU crossover {crossover:,} ({state})")
    return DeviceChoice(
        torch.device("cpu"), f"auto: cpu, {cells:,} cells < {best.type} crossover {crossover:,} ({state})"
    )


def device_label(device: torch.device | str) -> str:
    """A short name for the UI: "CPU", "CUDA: <gpu name>" or "Apple MPS"."""
    device = torch.device(device)
    if device.type == "cuda":
        return f"CUDA: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "Apple MPS"
    return "CPU"
