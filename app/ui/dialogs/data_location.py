"""Settings → 数据位置 (data location): the store on this PC, or the school's server (host, port, database, user; the
password kept in the operating system's keyring, never in a file), with "Test connection". The rules live in
`app.services.server`; this tab only asks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.problems import Refused
from app.core.settings import SchoolServer
from app.ui.base import i18n
from app.ui.base.settings import AppSettings


class DataLocationTab(i18n.Relabelled, QWidget):
    """Where the window's store is: this PC, or the school server named here."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        current = settings.current
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.this_pc, self.server = QRadioButton(self), QRadioButton(self)
        (self.server if current.data_location == "server" else self.this_pc).setChecked(True)
        self.host, self.database, self.user = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.host.setText(current.server.host)
        self.database.setText(current.server.database)
        self.user.setText(current.server.user)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(current.server.port)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self)
        self.test_button.clicked.connect(self.test_connection)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.labels = [QLabel(self) for _ in range(5)]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.host, self.port, self.database, self.user, self.password)):
            label.setBuddy(field)
            form.addRow(label, field)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.this_pc)
        layout.addWidget(self.server)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.server.toggled.connect(self._follow)
        self.retranslate()
        self._follow()

    def chosen(self) -> SchoolServer:
        """The server as the fields name it."""
        return SchoolServer(
            self.host.text().strip(), self.port.value(), self.database.text().strip(), self.user.text().strip()
        )

    def _follow(self) -> None:
        on = self.server.isChecked()
        for field in (self.host, self.port, self.database, self.user, self.password, self.test_button):
            field.setEnabled(on)

    def test_connection(self) -> None:
        """Try the server with the fields' login (the typed password, else the keyring's) and say what happened."""
        from app.services.server import saved_password, try_connection

        server = self.chosen()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # at most the connection's timeout (5 s)
        try:
            said = try_connection(server, self.password.text() or saved_password(server))
        finally:
            QApplication.restoreOverrideCursor()
        self.result.setText(said.get(i18n.language()))

    def problem(self) -> str | None:
        """Why the choice cannot be kept (a server without host, database or user), None when it can."""
        if self.server.isChecked() and not all(
            (self.host.text().strip(), self.database.text().strip(), self.user.text().strip())
        ):
            return self.tr("Name the school server's host, database and user, or choose this PC.")
        return None

    def apply(self, settings: AppSettings) -> bool:
        """Keep the choice (the password, when one was typed, in the keyring); True when the store to open changed."""
        from app.services.server import save_password

        before = settings.current
        location = "server" if self.server.isChecked() else "this-pc"
        server = self.chosen() if self.server.isChecked() else before.server
        if self.server.isChecked() and self.password.text():
            try:
                save_password(server, self.password.text())
            except Refused as refused:
                self.result.setText(refused.text.get(i18n.language()))
        settings.update(data_location=location, server=server)
        return (location, server) != (before.data_location, before.server) or bool(self.password.text())

    def retranslate(self) -> None:
        """Re-label the tab in the current language."""
        self.intro.setText(
            self.tr(
                "Where the store is. On this PC: one teacher's file, as always. On the school server: the grade's "
                "store that several teachers share, each seeing their own classes (ask the school's IT teacher for "
                "the details). The password is kept in this computer's keyring, never in a file."
            )
        )
        self.this_pc.setText(self.tr("This PC"))
        self.server.setText(self.tr("School server (PostgreSQL)"))
        for label, text in zip(
            self.labels,
            (self.tr("Host:"), self.tr("Port:"), self.tr("Database:"), self.tr("User:"), self.tr("Password:")),
        ):
            label.setText(text)
        self.password.setPlaceholderText(self.tr("kept in the keyring; leave empty to keep the saved one"))
        self.test_button.setText(self.tr("Test connection"))
