"""The Rasch rival of Check the model: its MAP optimum, reached without torch.optim (whose optimisers import
torch._dynamo, which the packaged app leaves out: the frozen `check` failed on it)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from app.engine.rasch import _rasch_newton


def test_the_newton_fit_is_the_map_optimum() -> None:
    rng = np.random.default_rng(3)
    y = (rng.random((40, 12)) < 0.6).astype(float)
    y[:, :3] = np.round(rng.random((40, 3)), 1)  # partial credit as score fractions
    mask = (rng.random((40, 12)) > 0.25).astype(float) * np.linspace(0.25, 1.0, 12)[None, :]  # gaps and weights
    theta, b = _rasch_newton(y, mask)
    p = 1.0 / (1.0 + np.exp(-(theta[:, None] - b[None, :])))
    assert np.abs((mask * (p - y)).sum(axis=1) + theta).max() < 1e-6  # d/dtheta of the MAP objective
    assert np.abs((mask * (y - p)).sum(axis=0) + b / 4.0).max() < 1e-6  # d/db


def test_fitting_rasch_imports_no_torch_dynamo() -> None:
    code = (
        "import sys, numpy as np\n"
        "from app.core.score_matrix import ScoreMatrix\n"
        "from app.engine.rasch import rasch\n"
        "m = ScoreMatrix(student_ids=('a', 'b'), student_names=(None, None), item_ids=('1', '2'),\n"
        "    knowledge_points=('k',), assessments=('E',), item_assessment=np.zeros(2, dtype=int),\n"
        "    points=np.array([[1.0, 0.0], [0.0, 1.0]]), max_scores=np.array([1.0, 1.0]),\n"
        "    q_matrix=np.ones((2, 1), dtype=bool))\n"
        "rasch(m, np.array([0, 1]), np.array([0, 1]))\n"
        "print('torch._dynamo' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_meta_learner_steps_as_torch_adam_does_without_importing_torch_dynamo() -> None:
    """A school trains its own prior in the packaged app, which leaves torch._dynamo out (app.engine.meta.Adam)."""
    code = (
        "import sys, torch\n"
        "from app.engine.meta import Adam\n"
        "torch.manual_seed(0)\n"
        "w = torch.randn(5, requires_grad=True)\n"
        "ours = Adam([w], lr=0.1)\n"
        "for _ in range(20):\n"
        "    ours.zero_grad(); ((w - 3.0) ** 4).sum().backward(); ours.step()\n"
        "print('torch._dynamo' in sys.modules)\n"
        "torch.manual_seed(0)\n"
        "u = torch.randn(5, requires_grad=True)\n"
        "theirs = torch.optim.Adam([u], lr=0.1)\n"
        "for _ in range(20):\n"
        "    theirs.zero_grad(); ((u - 3.0) ** 4).sum().backward(); theirs.step()\n"
        "print(float((w - u).abs().max()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False" and float(out[1]) < 1e-6
