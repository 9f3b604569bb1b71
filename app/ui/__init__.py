"""The Qt window: a thin layer over `app.services` (the only package that imports Qt).

- `app.py` starts it (`python main.py`); `main_window.py` holds the window, which owns the
  `menus.py` actions, the `welcome.py` page, the `workspace.py` class bar and views, and the
  controllers that do the work: `import_controller.py`, `analysis_controller.py`, `paper_controller.py`,
  `export_controller.py`.
- Every store or engine action is a call into `app.services` (never `app.storage` or `app.engine`);
  `tasks.py` runs the slow ones one at a time (`TaskRunner`, `BackgroundOp`) on `worker.py`'s
  QThread `Task`, with throttled progress and Cancel.
- Screens: `class_view.py`, `student_view.py`, `import_wizard.py` (its pages in `import_file_page.py`,
  `import_preview_page.py` with `import_understood.py`, and the tagging step `import_tagging_page.py`),
  `paper_dialog.py` (an imported exam's paper), `check_dialog.py`, `export_dialog.py`, `graph_dialog.py`;
  `models.py` has the table models, `chart.py` embeds the figures of `app.charts.window`.
- The paper (试卷) table, shared by the tagging step and the paper dialog: `paper_table.py` (model and view,
  fill down, several rows at once), `paper_delegate.py` (cell editors), `paper_editor.py` (the table with
  its 细目表 import/export and stored-paper copy), `paper_chooser.py` (pick a stored paper).
- `fonts.py` registers the bundled CJK font with Qt; `i18n.py` installs the translators
  (resources/i18n, from `scripts/update_translations.py`); `settings.py` is the INI file.
"""
