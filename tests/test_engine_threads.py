"""Both faces give the engine every core but one (at least one): the window at start, every engine sub-command of the
CLI before it runs."""

from __future__ import annotations

import argparse

import pytest
import torch

from app.cli.common import device_refusal
from app.services.store import engine_threads


@pytest.mark.parametrize(("cores", "threads"), [(None, 1), (1, 1), (2, 1), (8, 7)])
def test_the_engine_leaves_a_core(monkeypatch, cores, threads) -> None:
    before = torch.get_num_threads()
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    try:
        assert engine_threads() == threads == torch.get_num_threads()
        torch.set_num_threads(before + 1)
        assert device_refusal(argparse.Namespace(device="cpu"), "en") is None
        assert torch.get_num_threads() == threads  # the CLI's engine commands set it too
    finally:
        torch.set_num_threads(before)
