"""Translations: the .ts covers every string and is compiled; in Chinese no English is left on screen."""

import re
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QMenu,
    QTabWidget,
    QWidget,
    QWizardPage,
)
from script_exports import script_module

from app.core.problems import Text
from app.services.sample import load_sample, sample_files

ROOT = Path(__file__).resolve().parent.parent

# Words that stay as they are in the Chinese interface: names, units, metric and file-type acronyms.
KEEP = {
    "Zhidian",
    "English",
    "CPU",
    "CUDA",
    "MPS",
    "Apple",
    "AUC",
    "Rasch",  # a model named after its author, as Chinese texts write it (Rasch 模型)
    "RMSE",
    "ECE",
    "Alt",
    "Ctrl",
    "Excel",
    "CSV",
    "PDF",
    "xlsx",
    "xls",
    "xlsm",
    "csv",
    "zhidian",
    "qcdm",
    "db",
    "ini",
}


def test_every_string_is_translated_and_compiled() -> None:
    # the script finds pyside6-lupdate beside sys.executable: PySide6 installs it into the venv
    assert script_module("update_translations").check() == []


def _visible_texts(widget: QWidget) -> list[str]:
    texts = [widget.windowTitle()]
    for w in [widget, *widget.findChildren(QWidget)]:
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts += [w.text(), w.toolTip()]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QMenu):
            texts += [w.title()] + [a.text() for a in w.actions()]
        elif isinstance(w, QWizardPage):
            texts += [w.title(), w.subTitle()]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model, root = w.model(), QModelIndex()
            columns = range(1 if isinstance(model, QAbstractListModel) else model.columnCount(root))
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
            if model.rowCount(root):
                texts += [str(model.data(model.index(0, c)) or "") for c in columns]
    return texts


def _english_words(texts: list[str]) -> set[str]:
    words = set()
    for text in texts:
        text = re.sub(r"<[^>]+>", " ", text or "")  # rich-text tags
        text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths
        text = re.sub(r"\(&[A-Z]\)|&", " ", text)  # menu accelerators
        words |= {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in KEEP}
    return words


def test_the_chinese_window_shows_no_english(make_window, qtbot, tmp_path, ui_language, messages) -> None:
    from app.services.diagnosing import diagnose_stored_class
    from app.services.store import open_store

    store = tmp_path / "zhidian.db"
    db, _ = open_store(store)
    try:
        load_sample(db)
        diagnose_stored_class(db, "八年级(3)班")
    finally:
        db.close()
    window = make_window(db=store)
    window.commands.set_language("zh")
    qtbot.waitUntil(lambda: window.menus.file_menu.title() == "文件(&F)", timeout=3000)
    window.commands.show_tab(1)
    qtbot.waitUntil(lambda: not window.workspace.student_view._redraw_pending, timeout=3000)
    texts = _visible_texts(window)
    texts += window.workspace.class_view.weakness_chart.texts() + window.workspace.student_view.mastery_chart.texts()
    texts += [
        *window.workspace.student_view.trajectory_chart.texts(),
        window.workspace.student_view.path_text.toPlainText(),
    ]
    assert _english_words(texts) == set()

    window.importing.import_file(str(sample_files().gradebooks[0]))
    wizard = window.importing.wizard
    qtbot.addWidget(wizard)
    assert _english_words(_visible_texts(wizard)) == set()
    with qtbot.waitSignal(wizard.parsed_ready, timeout=20_000):
        wizard.next()
    assert _english_words(_visible_texts(wizard)) == set()
    wizard.go_tagging()  # the tagging step: the paper table, its buttons, its verdict
    assert wizard.currentPage() is wizard.tagging_page
    assert _english_words(_visible_texts(wizard)) == set()
    wizard.reject()

    window.papers.edit_paper()
    paper = window.papers.dialog
    qtbot.addWidget(paper)
    assert _english_words(_visible_texts(paper)) == set()
    paper.reject()

    window.analysis.check_model()
    dialog = window.analysis.check_dialog
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=60_000):
        pass
    dialog.details_button.click()
    assert _english_words(_visible_texts(dialog)) == set()
    dialog.reject()


def test_profile_reliability_has_one_chinese_name_in_the_window_and_the_command_line() -> None:
    import xml.etree.ElementTree as ET

    from app.insight.grain import Grain, GrainKind
    from app.services.grain import grain_text

    pairs = [
        (m.findtext("source") or "", m.findtext("translation") or "")
        for m in ET.parse(ROOT / "resources" / "i18n" / "zhidian_zh_CN.ts").iter("message")
    ]
    named = [zh for en, zh in pairs if "profile reliability" in en.lower()]
    groups = (("A", "B"), ("C",))
    said = grain_text(
        Grain(GrainKind.TAGGED, groups, tuple(Text(" + ".join(g), " + ".join(g)) for g in groups), 0.6, 0.3, True)
    )
    assert named and said is not None
    assert all("画像信度" in zh for zh in [*named, said.zh])  # not 画像信度 here and 剖面信度 there


def test_an_open_dialog_relabels_itself_when_the_language_changes(qtbot, ui_language) -> None:
    from app.core.diagnosis import Thresholds
    from app.export.kinds import EXPORT_KINDS
    from app.ui.base.i18n import Relabelled
    from app.ui.dialogs.export import ExportDialog

    dialog = ExportDialog(EXPORT_KINDS["plans"], Thresholds())
    qtbot.addWidget(dialog)
    assert isinstance(dialog, Relabelled) and dialog.windowTitle() == "Export: Practice plans"
    ui_language("zh")  # the translators' LanguageChange reaches the dialog through the event loop
    qtbot.waitUntil(lambda: dialog.windowTitle() == "导出：练习计划", timeout=3000)
    assert dialog.anonymise.text() != "Anonymise"
    ui_language("en")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Export: Practice plans", timeout=3000)
    assert dialog.anonymise.text() == "Anonymise"
