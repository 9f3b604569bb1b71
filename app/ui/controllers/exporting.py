"""The window's export and knowledge-graph actions: export the class shown, show and import its graph.

Exports use the teacher's thresholds (Settings), like the views; the 分层 export prints the groups of the
分层 tab as shown (after the teacher's moves), the 讲评 export as many questions as its tab lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QStatusBar, QWidget

from app.export.kinds import EXPORT_KINDS
from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp
from app.ui.controllers.files import file_to_open

if TYPE_CHECKING:
    from app.services.exporting import ExportRequest, ExportResult
    from app.services.prerequisites import GraphImport
    from app.ui.controllers.loading import StoreLoader
    from app.ui.dialogs.export import ExportDialog
    from app.ui.dialogs.graph import GraphDialog
    from app.ui.state import WindowState
    from app.ui.views.workspace import Workspace

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class ExportController(QObject):
    """Exports in the background, then says where in the status bar (with Open folder); runs the graph dialog.
    Signals: `exported(paths)`, `graph_imported(GraphImport)`."""

    exported = Signal(object)
    graph_imported = Signal(object)

    def __init__(
        self, state: WindowState, loader: StoreLoader, parent: QWidget, bar: QStatusBar, workspace: Workspace
    ) -> None:
        super().__init__(parent)
        self.state, self.loader, self.parent_widget, self.workspace = state, loader, parent, workspace
        self.export_dialog: ExportDialog | None = None
        self.graph_dialog: GraphDialog | None = None
        self.export_folder: Path | None = None
        self.export_label = QLabel(bar)
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(bar)
        self.open_folder_button.clicked.connect(self.open_export_folder)
        for w in (self.export_label, self.open_folder_button):
            bar.addWidget(w)
            w.hide()
        state.runner.started.connect(self._hide_last_export)
        state.class_changed.connect(self._follow_class)
        state.runner.busy_changed.connect(self._follow_class)
        workspace.export_requested.connect(self.export)
        self.retranslate()

    def _hide_last_export(self) -> None:
        self.export_label.hide()
        self.open_folder_button.hide()

    def _follow_class(self) -> None:
        """The graph dialog shows the class shown; it imports only while no task runs, into a store it can change."""
        if self.graph_dialog is not None:
            if self.state.data is not None:
                self.graph_dialog.set_data(self.state.data)
            self.graph_dialog.import_button.setEnabled(
                self.state.idle and self.state.writable and self.state.data is not None
            )

    def export(self, what: str) -> None:
        """Ask how (a kind of `EXPORT_KINDS`) and where, then export the class shown in the background."""
        state = self.state
        if state.db is None or state.data is None or not state.idle:
            return
        from app.ui.dialogs.export import ExportDialog

        review, groups = self.workspace.review_view, self.workspace.groups_view
        top = review.top.value() if review is not None else 10
        members = groups.members() if what == "groups" and groups is not None and groups.data is state.data else None
        thresholds = state.settings.thresholds  # the teacher's, as the views use them
        dialog = ExportDialog(
            EXPORT_KINDS[what], thresholds, parent=self.parent_widget, top=top, members=members or None
        )
        self.export_dialog = dialog
        dialog.accepted.connect(lambda: self._export_where(dialog))
        dialog.open()

    def _export_where(self, dialog: ExportDialog) -> None:
        from app.services.exporting import ExportRequest, export_class, export_file_name

        state, data = self.state, self.state.data
        if data is None:
            return
        kind, fmt, class_name, settings = dialog.kind, dialog.chosen_format(), data.class_name, state.settings
        noun = i18n.text(kind.noun)
        # one safe name (the command line's): a class named "../x", "高一/1班" or "a:b" names no other folder
        suggested = Path(settings.last_directory or Path.home()) / export_file_name(class_name, noun)
        per_student = dialog.chosen_per_student()
        if per_student:
            folder = QFileDialog.getExistingDirectory(
                self.parent_widget,
                translate("MainWindow", "Choose a folder: the files go into a new folder “{name}” inside it").format(
                    name=suggested.name
                ),
                str(suggested.parent),
            )
            if not folder:
                return
            settings.last_directory = folder
            out = Path(folder) / suggested.name
        else:
            path, _ = QFileDialog.getSaveFileName(
                self.parent_widget, dialog.windowTitle(), f"{suggested}.{fmt}", f"{fmt.upper()} (*.{fmt})"
            )
            if not path:
                return
            out = Path(path) if Path(path).suffix.lower() == f".{fmt}" else Path(f"{path}.{fmt}")
            settings.last_directory = str(out.parent)
        request = ExportRequest(
            what=kind.name,
            class_name=class_name,
            out=out,
            fmt=fmt,
            lang=i18n.language(),
            anonymise=dialog.anonymise.isChecked(),
            per_student=per_student,
            thresholds=dialog.thresholds,
            confidence=state.settings.confidence,
            run_id=data.run_id,
            top=dialog.top.value(),
            n_groups=len(dialog.members) if dialog.members else dialog.groups.value(),
            members=dialog.members,
        )
        db = state.db
        if db is None:
            return
        state.runner.run(
            BackgroundOp(
                lambda progress: export_class(db, request, progress),
                lambda result: self._on_exported(request, result),
                message=translate("MainWindow", "Exporting {what} of {cls}…").format(what=noun, cls=class_name),
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
            self.loader.show_class(request.class_name)
        said = [i18n.text(note) for note in result.notes]
        if result.undrawable:
            text = translate(
                "MainWindow",
                "No font on this computer draws these characters; they show as boxes in the export: {chars}",
            ).format(chars=result.undrawable)
            if result.undrawable_students:
                text += translate("MainWindow", " (in the names of {students})").format(
                    students=i18n.listed(result.undrawable_students)
                )
            said.insert(0, text)
        if said:
            self.state.say(" ".join(said), 20000)
        self.exported.emit(paths)

    def open_export_folder(self) -> None:
        """Open the folder of the last export in the system's file manager."""
        if self.export_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.export_folder)))

    def show_graph(self) -> None:
        """Open (or raise) the knowledge-graph dialog on the class shown."""
        if self.state.data is None:
            return
        if self.graph_dialog is None:
            from app.ui.dialogs.graph import GraphDialog

            self.graph_dialog = GraphDialog(self.state.data, parent=self.parent_widget)
            self.graph_dialog.import_requested.connect(self.import_graph)
            self._follow_class()
        self.graph_dialog.show()
        self.graph_dialog.raise_()

    def import_graph(self, path: str | None = None) -> None:
        """Import a prerequisite table for the subject of the class shown (it asks for the file unless `path`)."""
        state, data = self.state, self.state.data
        if state.db is None or data is None or not state.idle or not state.writable:
            return
        path = file_to_open(
            self.graph_dialog or self.parent_widget,
            state.settings,
            translate("MainWindow", "Import prerequisites"),
            translate("MainWindow", "Tables (*.csv *.xlsx *.xlsm *.xls);;All files (*)"),
            path,
        )
        if path is None:
            return
        from app.services.prerequisites import import_prerequisites

        db, chosen = state.db, path
        known = data.diagnosis.knowledge_points if data.diagnosis else data.matrix.knowledge_points
        state.runner.run(
            BackgroundOp(
                lambda progress: import_prerequisites(db, data.subject, chosen, known, progress),
                lambda result: self._on_graph_imported(data.class_name, result),
                message=translate("MainWindow", "Importing prerequisites…"),
                failure=translate("MainWindow", "The prerequisites could not be imported."),
                cancellable=False,
            )
        )

    def _on_graph_imported(self, class_name: str, result: GraphImport) -> None:
        def shown() -> None:
            if result.saved:
                self.state.say(translate("MainWindow", "Prerequisites saved: learning paths follow them now."), 8000)
            if self.graph_dialog is not None:
                self.graph_dialog.show_import(result.saved, len(result.pairs), result.problems)
            self.graph_imported.emit(result)

        if result.saved:
            self.loader.refresh_store(select=class_name, then=shown)
        else:
            shown()

    def retranslate(self) -> None:
        """Re-label Open folder in the current language."""
        self.open_folder_button.setText(translate("MainWindow", "Open folder"))
