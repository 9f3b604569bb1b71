"""Where the shipped resources (samples, model prior, fonts, translations) live."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file under `resources/`."""
    return RESOURCES.joinpath(*parts)
