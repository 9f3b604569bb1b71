"""The window's export and knowledge-graph actions: export the class shown, show and import its graph.

Exports use the teacher's thresholds (Settings), like the views; the 分层 export prints the groups of the
分层 tab as shown (after the teacher's moves), the 讲评 export as many questions as its tab lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp

if TYPE_CHECKING:
    from app.core.diagnosis import Thresholds
    from app.services.exporting import ExportRequest, ExportResult
    from app.services.prerequisites import GraphImport
    from app.ui.dialogs.export import ExportDialog
    from app.ui.dialogs.graph import GraphDialog
    from app.ui.main_window import MainWindow

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class ExportController(QObject):
    """Exports in the background, then says where in the status bar (with Open folder); runs the graph dialog."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.export_dialog: ExportDialog | None = None
        self.graph_dialog: GraphDialog | None = None
        self.export_folder: Path | None = None
        self.export_label = QLabel(window)
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(window)
        self.open_folder_button.clicked.connect(self.open_export_folder)
        for w in (self.export_label, self.open_folder_button):
            window.statusBar().addWidget(w)
            w.hide()
        window.runner.started.connect(self._hide_last_export)
        window.workspace.export_requested.connect(self.export)
        self.retranslate()

    def _hide_last_export(self) -> None:
        self.export_label.hide()
        self.open_folder_button.hide()

    def thresholds(self) -> Thresholds:
        """The teacher's thresholds (Settings), which the views and every export use."""
        w = self.window
        chosen = getattr(w.settings, "thresholds", None)
        if chosen is not None:
            return chosen
        from app.core.diagnosis import Thresholds

        return w.data.thresholds if w.data is not None else Thresholds()

    def export(self, what: str) -> None:
        """Ask how ("plans", "handbook", "report", "mastery", "review" or "groups") and where, then export the
        class shown in the background."""
        w = self.window
        if w.db is None or w.data is None or w.task is not None:
            return
        from app.ui.dialogs.export import ExportDialog

        review = getattr(w.workspace, "review_view", None)
        groups = getattr(w.workspace, "groups_view", None)
        top = review.top.value() if review is not None else 10
        members = groups.members() if what == "groups" and groups is not None and groups.data is w.data else None
        dialog = ExportDialog(what, self.thresholds(), parent=w, top=top, members=members or None)
        self.export_dialog = dialog
        dialog.accepted.connect(lambda: self._export_where(dialog))
        dialog.open()

    def _export_where(self, dialog: ExportDialog) -> None:
        from app.services.exporting import ExportRequest, export_class

        w = self.window
        if w.data is None:
            return
        what, fmt, class_name = dialog.what, dialog.chosen_format(), w.data.class_name
        names = {
            "plans": translate("MainWindow", "practice plans"),
            "handbook": translate("MainWindow", "learning handbooks"),
            "report": translate("MainWindow", "class report"),
            "mastery": translate("MainWindow", "mastery table"),
            "review": translate("MainWindow", "review list"),
            "groups": translate("MainWindow", "groups"),
        }
        suggested = Path(w.settings.last_directory or Path.home()) / f"{class_name} {names[what]}"
        per_student = dialog.chosen_per_student()
        if per_student:
            folder = QFileDialog.getExistingDirectory(
                w,
                translate("MainWindow", "Choose a folder: the files go into a new folder “{name}” inside it").format(
                    name=suggested.name
                ),
                str(suggested.parent),
            )
            if not folder:
                return
            w.settings.last_directory = folder
            out = Path(folder) / suggested.name
        else:
            path, _ = QFileDialog.getSaveFileName(
                w, dialog.windowTitle(), f"{suggested}.{fmt}", f"{fmt.upper()} (*.{fmt})"
            )
            if not path:
                return
            out = Path(path) if Path(path).suffix.lower() == f".{fmt}" else Path(f"{path}.{fmt}")
            w.settings.last_directory = str(out.parent)
        request = ExportRequest(
            what=what,
            class_name=class_name,
            out=out,
            fmt=fmt,
            lang=i18n.language(),
            anonymise=dialog.anonymise.isChecked(),
            per_student=per_student,
            thresholds=dialog.thresholds,
            run_id=w.data.run_id,
            top=dialog.top.value(),
            n_groups=len(dialog.members) if dialog.members else dialog.groups.value(),
            members=dialog.members,
        )
        db = w.db
        w.runner.run(
            BackgroundOp(
                lambda progress: export_class(db, request, progress),
                lambda result: self._on_exported(request, result),
                message=translate("MainWindow", "Exporting {what} of {cls}…").format(what=names[what], cls=class_name),
                failure=translate("MainWindow", "The export could not be made."),
                cancelled=translate("MainWindow", "Export cancelled."),
            )
        )

    def _on_exported(self, request: ExportRequest, result: ExportResult) -> None:
        paths = result.paths
        shown = request.out if request.per_student else paths[0]
        self.export_folder = request.out if request.per_student else paths[0].parent
        self.export_label.setText(
            translate("MainWindow", "Exported %n file(s) to {path}", "", len(paths)).format(path=shown)
        )
        self.export_label.setToolTip(str(shown))
        self.export_label.show()
        self.open_folder_button.show()
        if request.run_id is None:  # the class was diagnosed for the export: show that diagnosis
            self.window.show_class(request.class_name)
        if result.undrawable:
            self.window.statusBar().showMessage(
                translate(
                    "MainWindow",
                    "No font on this computer draws these characters; they show as boxes in the export: {chars}",
                ).format(chars=result.undrawable),
                15000,
            )
        self.window.export_done.emit(paths)

    def open_export_folder(self) -> None:
        """Open the folder of the last export in the system's file manager."""
        if self.export_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.export_folder)))

    def show_graph(self) -> None:
        """Open (or raise) the knowledge-graph dialog on the class shown."""
        w = self.window
        if w.data is None:
            return
        if self.graph_dialog is None:
            from app.ui.dialogs.graph import GraphDialog

            self.graph_dialog = GraphDialog(w.data, parent=w)
            self.graph_dialog.import_requested.connect(self.import_graph)
            w.update_actions()
        self.graph_dialog.show()
        self.graph_dialog.raise_()

    def import_graph(self, path: str | None = None) -> None:
        """Import a prerequisite table for the subject of the class shown (it asks for the file unless `path`)."""
        w = self.window
        if w.db is None or w.data is None or w.task is not None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.graph_dialog or w,
                translate("MainWindow", "Import prerequisites"),
                w.settings.last_directory,
                translate("MainWindow", "Tables (*.csv *.xlsx *.xlsm *.xls);;All files (*)"),
            )
            if not path:
                return
        from app.services.prerequisites import import_prerequisites

        w.settings.last_directory = str(Path(path).parent)
        db, data, chosen = w.db, w.data, path
        known = data.diagnosis.knowledge_points if data.diagnosis else data.matrix.knowledge_points
        w.runner.run(
            BackgroundOp(
                lambda progress: import_prerequisites(db, data.subject, chosen, known, progress),
                lambda result: self._on_graph_imported(data.class_name, result),
                message=translate("MainWindow", "Importing prerequisites…"),
                failure=translate("MainWindow", "The prerequisites could not be imported."),
                cancellable=False,
            )
        )

    def _on_graph_imported(self, class_name: str, result: GraphImport) -> None:
        w = self.window
        if result.saved:
            w.refresh_store(select=class_name)
            w.statusBar().showMessage(
                translate("MainWindow", "Prerequisites saved: learning paths follow them now."), 8000
            )
        if self.graph_dialog is not None:
            self.graph_dialog.show_import(result.saved, len(result.pairs), result.problems)
        w.graph_imported.emit(result)

    def retranslate(self) -> None:
        """Re-label Open folder in the current language."""
        self.open_folder_button.setText(translate("MainWindow", "Open folder"))
