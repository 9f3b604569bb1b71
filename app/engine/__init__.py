"""The diagnosis engine (Qt-free). Public API, imported lazily so `import app.engine` stays cheap:

- from app.engine.diagnose import diagnose:
  diagnose(matrix, *, peers=(), device=None, progress=None, prior=None, anchors=None) -> Diagnosis
  (`anchors`: app.engine.anchors.ItemAnchors, a stored calibration of the paper by other students)
  (not re-exported here: importing the submodule `app.engine.diagnose` rebinds that package
  attribute to the module, so `from app.engine import diagnose` could not be relied on)
- diagnose_together(classes, *, peers=(), ...) -> [Diagnosis per class]: classes that sat the same questions
  read off one joint fit of the grade (what Diagnose the grade runs), each as `diagnose` gives it alone
- predict(matrix, student_idx, item_idx, *, peers=(), device=None, prior=None) -> np.ndarray
- predict_grade(classes, pairs, *, device=None, prior=None) -> list[np.ndarray] (one joint fit)
- fit_term(classes, days=None, *, drift=DRIFT, device=None, prior=None, recalibrate=True) -> TermFit (the term in date order:
  TermFit.states(j) per exam, the last "now"; TermFit.predict(j, student_idx, item_idx), each paper recalibrated)
- expected_scores(diagnosis) -> np.ndarray | None
- check_model(matrix, *, peers=(), hide=0.2, seed=0, progress=None) -> ModelCheck
- weak_kinds(diagnosis, matrix) -> WeakKinds;  profile_reliability(matrix) -> ProfileReliability
- train_local_prior(classes, *, device=None, settings=LocalSettings(), progress=None) -> LocalPrior;
  save_local_prior(result, directory);  load_local_prior(directory) -> (Prior, card)
- pick_device(override=None) -> torch.device;  choose_device(override, cells) -> DeviceChoice;
  device_label(device) -> str
- load_prior(path=None) -> Prior;  MODEL_VERSION

`peers` are the other classes of the grade that took the same questions (see app.engine.diagnose).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "predict": "app.engine.diagnose",
    "predict_grade": "app.engine.diagnose",
    "diagnose_together": "app.engine.diagnose",
    "expected_scores": "app.engine.diagnose",
    "fit_term": "app.engine.term",
    "TermFit": "app.engine.term",
    "ExamState": "app.engine.term",
    "Drift": "app.engine.term",
    "weak_kinds": "app.engine.profile",
    "WeakKinds": "app.engine.profile",
    "profile_reliability": "app.engine.profile",
    "ProfileReliability": "app.engine.profile",
    "train_local_prior": "app.engine.local",
    "save_local_prior": "app.engine.local",
    "load_local_prior": "app.engine.local",
    "LocalSettings": "app.engine.local",
    "LocalPrior": "app.engine.local",
    "choose_device": "app.engine.device",
    "DeviceChoice": "app.engine.device",
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
