"""The window says which backup the store gets: a copy of this PC's store file, or a pg_dump of the school server
(the words are `app.services.backups.backup_kind`, the command line's too)."""

from __future__ import annotations

from sample_stores import copy_store

from app.services.backups import backup_kind


def test_the_file_menu_and_the_backups_dialog_say_which_backup_is_made(
    make_window, qtbot, sample_store, tmp_path
) -> None:
    from app.services.backups import described_backups
    from app.ui.dialogs.backup import BackupDialog

    store = copy_store(sample_store, tmp_path)
    window = make_window(db=store)
    tip = window.menus.act_backup.toolTip()
    assert tip == backup_kind(server=False).en and "store file" in tip and "pg_dump" not in tip
    assert window.menus.act_backup.statusTip() == tip
    on_file = BackupDialog(store, described_backups(store))
    qtbot.addWidget(on_file)
    assert on_file.kind.text() == tip and not on_file.intro.isHidden()
    on_server = BackupDialog(store, [], server=True)
    qtbot.addWidget(on_server)
    assert "pg_dump" in on_server.kind.text() and on_server.intro.isHidden()  # no file copies beside a server store


def test_on_a_school_server_restore_is_off_and_says_who_restores_it(make_window, sample_store, tmp_path) -> None:
    from app.services.backups import SERVER_RESTORE

    window = make_window(db=copy_store(sample_store, tmp_path))
    assert window.menus.act_restore.isEnabled()
    window.state.db.server = True  # as a postgresql:// store opens (no file beside it to restore)
    window.update_actions()
    assert not window.menus.act_restore.isEnabled()
    assert window.menus.act_restore.toolTip() == SERVER_RESTORE.en and "pg_restore" in SERVER_RESTORE.en
    assert "pg_dump" in window.menus.act_backup.toolTip()
