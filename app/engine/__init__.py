"""The diagnosis engine (Qt-free). Public API, imported lazily so `import app.engine` stays cheap:

- from app.engine.diagnose import diagnose:
  diagnose(matrix, *, device=None, progress=None, prior=None) -> Diagnosis
  (not re-exported here: importing the submodule `app.engine.diagnose` rebinds that package
  attribute to the module, so `from app.engine import diagnose` could not be relied on)
- predict(matrix, student_idx, item_idx, *, device=None, prior=None) -> np.ndarray
- check_model(matrix, *, hide=0.2, seed=0, progress=None) -> ModelCheck
- pick_device(override=None) -> torch.device;  device_label(device) -> str
- load_prior(path=None) -> Prior;  MODEL_VERSION
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "predict": "app.engine.diagnose",
    "check_model": "app.engine.evaluate",
    "ModelCheck": "app.engine.evaluate",
    "pick_device": "app.engine.device",
    "device_label": "app.engine.device",
    "load_prior": "app.engine.prior",
    "MODEL_VERSION": "app.engine.prior",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'app.engine' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
