"""The Qt window: a thin layer over the core (the only package that imports Qt).

- `app.py` starts it (`python main.py`); `main_window.py` wires menus, views and background work.
- `jobs.py` holds the core calls each user action makes (no Qt), one store session per action;
  `worker.py` runs the slow ones in a QThread (`Task`) with throttled progress and Cancel.
- `class_view.py`, `student_view.py`, `import_wizard.py`, `check_dialog.py` are the screens;
  `models.py` the table models, `plots.py` the matplotlib charts (no Qt), `chart.py` embeds them.
- `fonts.py` registers the bundled CJK font with Qt and matplotlib; `i18n.py` installs the
  translators (resources/i18n, from `scripts/update_translations.py`); `settings.py` is the INI file.
- `testing.py` has the pytest fixtures the tests/test_ui_*.py share.
"""
