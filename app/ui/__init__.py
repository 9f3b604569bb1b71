"""The Qt window: a thin layer over `app.services` (the only package that imports Qt).

- `app.py` starts it (`python main.py`); `main_window.py` builds the window and wires it; `state.py` is its
  model (`WindowState`: the store, the class shown, the newest backup, the one task runner, with change
  signals); `menus.py` holds the actions, each calling a controller.
- `base/`: what every part stands on: the worker thread (`worker.py`), background operations
  (`tasks.py`: `BackgroundOp[T]`, `TaskRunner`), language, fonts, screen fit, the settings file, one
  window per store.
- `controllers/`: the window's actions, each given the state, the store loader and a parent widget.
- `views/`, `dialogs/`, `import_wizard/`, `paper/` (the paper table and its dialog), `widgets/` (the embedded
  chart, the problem list, the status bar's parts).
- Every store or engine action is a call into `app.services` (never `app.storage` or `app.engine`; an
  import-linter contract, type-checking imports included).
"""
