"""Screenshots of the window in both languages, into docs/screenshots/ (deterministic inputs: the sample).

    python scripts/make_screenshots.py [--out docs/screenshots] [--keep-system-cjk] [--screen 1366x768] [--scale 1.25]

They show a school PC's screen: 1366×768 at 125 % scaling by default, so every window is laid out in the
1092×574 logical pixels left above a taskbar (as `app.ui.base.screen` sizes it) and drawn at 125 %.

For each of en and zh: the main window at first start, the import wizard's preview of the first
sample exam, its preview of the sample grade's export (several classes, one unticked) and its tagging
step (as it opens, and after importing the 双向细目表), the class view (weakness by group of points, the sample's points
being too alike to tell apart, and per point as detail; heat map, item analysis, assessments, the term's progress and
grade tabs, the grade's other classes diagnosed too) and the student view after a diagnosis (a student with a group
weak for them specifically; its mastery across the three exams too, by default and with every point), the 讲评 and 分层 tabs
(a student moved to another group), the check-the-model dialog, the export dialog (practice plans, learning
handbooks, 分层 groups) and the
knowledge-graph dialog (as it opens, and after refusing a prerequisite file with a cycle), the Manage classes
and exams dialog (classes, imports, students), an exam's stored scores, Restore from backup, Settings and the user guide. By default every Chinese system font is hidden from Qt (fontconfig) and from matplotlib,
so the pictures prove the bundled font alone renders Chinese. Runs offscreen; no display needed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NO_CJK_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><pattern><patelt name="lang"><string>zh-cn</string></patelt></pattern></rejectfont></selectfont>
</fontconfig>
"""


def hide_system_cjk_fonts(tmp: Path) -> None:
    """Make Qt (through fontconfig) and matplotlib see no Chinese font but the bundled one."""
    conf = tmp / "fonts.conf"
    conf.write_text(NO_CJK_FONTCONFIG, encoding="utf-8")
    os.environ["FONTCONFIG_FILE"] = str(conf)
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    def has_cjk(path: str) -> bool:
        try:
            return ord("知") in FT2Font(path).get_charmap()
        except (OSError, RuntimeError):
            return False

    font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist if not has_cjk(f.fname)]
    font_manager.fontManager._findfont_cached.cache_clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--keep-system-cjk", action="store_true", help="let system Chinese fonts be used too")
    parser.add_argument("--languages", default="en,zh")
    parser.add_argument("--screen", default="1366x768", help="the physical screen, WIDTHxHEIGHT")
    parser.add_argument("--scale", type=float, default=1.25, help="the screen's scaling (1.25 for 125 %%)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    physical_w, physical_h = (int(v) for v in args.screen.lower().split("x"))
    logical = (int(physical_w / args.scale), int(physical_h / args.scale) - 40)  # less a taskbar
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="zhidian-shots-"))
    if not args.keep_system_cjk:
        hide_system_cjk_fonts(tmp)

    from PySide6.QtCore import QEventLoop, QRect, Qt, QTimer

    import app.ui.base.screen as screen
    from app.services.sample import SAMPLE_CLASS, sample_files
    from app.ui.app import create_application
    from app.ui.base import i18n
    from app.ui.base.settings import AppSettings
    from app.ui.main_window import MainWindow

    app = create_application([sys.argv[0]])
    screen.available_geometry = lambda widget=None: QRect(0, 0, *logical)  # the emulated school PC

    def wait(signal, ms: int = 120_000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def settle(rounds: int = 30) -> None:
        for _ in range(rounds):
            app.processEvents()

    def save(widget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    for lang in args.languages.split(","):
        i18n.apply_language(lang)
        work = tmp / lang
        work.mkdir()
        window = MainWindow(AppSettings(work / "settings.json"), work / "zhidian.db", start=False)
        window.show()
        window.loader.start()
        wait(window.device_known)
        save(window, f"{lang}_main_window")

        window.importing.import_file(str(sample_files().gradebooks[0]))
        wizard = window.importing.wizard
        wizard.file_page.class_edit.setCurrentText("八年级(3)班")
        wizard.show()
        wizard.next()
        wait(wizard.parsed_ready)
        save(wizard, f"{lang}_import_wizard")
        wizard.reject()

        files = sample_files()  # a whole grade's export: its classes ticked, then the tagging step
        window.importing.import_file(str(files.grade_export))
        wizard = window.importing.wizard
        wizard.show()
        wizard.next()
        wait(wizard.parsed_ready)
        wizard.preview_page.classes.item(3).setCheckState(Qt.CheckState.Unchecked)
        save(wizard, f"{lang}_import_classes")
        wizard.next()
        tagging = wizard.tagging_page
        save(wizard, f"{lang}_import_tagging")
        tagging.editor.import_paper_file(str(files.paper))
        wait(tagging.applied)
        table = tagging.editor.table
        table.setCurrentIndex(table.paper_model.index(2, 4))
        save(wizard, f"{lang}_import_tagged")
        wizard.reject()

        window.importing.load_sample()
        wait(window.import_done)
        window.analysis.run_diagnosis()
        wait(window.diagnosis_done)
        from app.services.diagnosing import diagnose_stored_class

        for other in [c.name for c in window.state.store.classes if c.name != SAMPLE_CLASS]:  # the grade, to compare
            diagnose_stored_class(window.state.db, other)
        window.loader.show_class(SAMPLE_CLASS)
        wait(window.loader.shown)
        window.commands.show_tab(0)
        save(window, f"{lang}_class_view")  # the sample's points cannot be told apart: its groups first
        window.workspace.class_view.show_points.setChecked(True)
        save(window, f"{lang}_class_points")  # the points as detail
        window.workspace.class_view.show_points.setChecked(False)
        for tab, name in ((1, "item_analysis"), (2, "assessments"), (3, "progress"), (4, "grade")):
            window.workspace.class_view.tabs.setCurrentIndex(tab)
            save(window, f"{lang}_class_{name}")
        window.workspace.class_view.tabs.setCurrentIndex(0)
        window.commands.show_tab(1)
        from app.insight.grade import weak_relative_to_class

        d = window.state.data.diagnosis  # a student with weak points, some of them behind the class too
        shown = next(
            i for i in range(len(d.student_ids)) if weak_relative_to_class(d, i) and (d.status[i] == "weak").sum() >= 4
        )
        window.workspace.student_view.show_student(d.student_ids[shown])
        save(window, f"{lang}_student_view")
        from app.core.vocabulary import Finding

        at_grain = window.state.data.at_grain  # a student for whom a group is a weak point specifically
        assert at_grain is not None, "the sample class is shown at its groups"
        window.workspace.student_view.show_student(
            next(sid for sid in at_grain.student_ids if Finding.WEAK_POINT in {c.finding for c in at_grain.of(sid)})
        )
        save(window, f"{lang}_student_groups")
        from app.insight.progress import student_progress

        states = window.state.data.states()
        found = [student_progress(states, sid, d.knowledge_points) for sid in d.student_ids]
        # across the term: the student with most points moved beyond their uncertainty, then the largest change
        moves = [(sum(bool(p.direction) for p in f), max((abs(p.change) for p in f), default=0.0)) for f in found]
        student = window.workspace.student_view
        student.show_student(d.student_ids[moves.index(max(moves))])
        student.side_tabs.setCurrentIndex(1)
        save(window, f"{lang}_student_trajectory")
        student.all_points.setChecked(True)
        save(window, f"{lang}_student_trajectory_all")
        student.all_points.setChecked(False)
        student.side_tabs.setCurrentIndex(0)
        review = window.workspace.review_view
        window.workspace.tabs.setCurrentWidget(review)
        if not any(item.answer_key and item.wrong_options for item in review.items):
            review.top.setValue(review.top.maximum())  # down to a choice question some chose wrongly
        choice = next(i for i, item in enumerate(review.items) if item.answer_key and item.wrong_options)
        review.view.selectRow(choice)
        save(window, f"{lang}_review")
        groups = window.workspace.groups_view
        window.workspace.tabs.setCurrentWidget(groups)
        groups.move_students([groups.panels[0].group.students[0]], "B")
        save(window, f"{lang}_groups")
        window.workspace.tabs.setCurrentIndex(0)

        window.analysis.check_model()
        dialog = window.analysis.check_dialog
        wait(dialog.checked)
        dialog.details_button.click()
        save(dialog, f"{lang}_check_model")
        dialog.reject()

        window.managing.open_dialog()  # Manage classes and exams, the stored scores of an exam, backups, settings, the guide
        manage = window.managing.dialog
        save(manage, f"{lang}_manage")
        manage.tabs.setCurrentIndex(1)
        save(manage, f"{lang}_manage_imports")
        manage.tabs.setCurrentIndex(2)  # the Students tab reads the class's roster when first shown
        wait(window.managing.roster.roster_shown)
        save(manage, f"{lang}_manage_students")
        manage.reject()
        window.managing.show_scores()
        wait(window.task_ended)
        scores = window.managing.scores_dialog
        save(scores, f"{lang}_stored_scores")
        scores.reject()
        window.safety.back_up_now()
        wait(window.safety.backed_up)
        window.safety.restore_backup()
        wait(window.task_ended)
        backups = window.safety.dialog
        save(backups, f"{lang}_restore_backup")
        backups.reject()
        window.commands.open_settings()
        save(window.commands.settings_dialog, f"{lang}_settings")
        window.commands.settings_dialog.reject()
        window.commands.show_guide()
        save(window.commands.help_dialog, f"{lang}_user_guide")
        window.commands.help_dialog.close()

        for what, name in (("plans", "export_dialog"), ("handbook", "export_handbook"), ("groups", "export_groups")):
            window.exporting.export(what)
            export = window.exporting.export_dialog
            export.show()
            save(export, f"{lang}_{name}")
            export.reject()
        window.exporting.show_graph()
        graph = window.exporting.graph_dialog
        save(graph, f"{lang}_knowledge_graph")
        cyclic = work / "前置关系.csv"
        cyclic.write_text(
            "知识点,前置知识\n整式加减,有理数运算\n一元一次方程,整式加减\n有理数运算,一元一次方程\n一次函数,函数概念\n",
            encoding="utf-8",
        )
        window.exporting.import_graph(str(cyclic))
        wait(window.graph_imported)
        save(graph, f"{lang}_knowledge_graph_refused")
        graph.close()
        window.close()
        settle()
    return 0


if __name__ == "__main__":
    sys.exit(main())
