"""Update the window's translations: pyside6-lupdate the sources into the .ts, pyside6-lrelease the .qm.

    python scripts/update_translations.py          # after changing user-visible strings in app/ui
    python scripts/update_translations.py --check  # fail if a string is new, changed or untranslated

Translate new strings in resources/i18n/zhidian_zh_CN.ts with Qt Linguist (`pyside6-linguist`), or
any editor, then run the script again to compile the .qm the app loads.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "app" / "ui").rglob("*.py"))
TS = ROOT / "resources" / "i18n" / "zhidian_zh_CN.ts"
QM = TS.with_suffix(".qm")


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (it ships {name})")
    return found


def lupdate(ts: Path) -> None:
    """Merge the strings of app/ui into `ts` (dropping ones no longer used, no line numbers)."""
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            *map(str, SOURCES),
            "-no-obsolete",
            "-locations",
            "none",
            "-target-language",
            "zh_CN",
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
    )


def lrelease(ts: Path, qm: Path) -> None:
    """Compile `ts` into `qm`."""
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> translation, None where it is missing or unfinished."""
    out: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in ("unfinished", "obsolete", "vanished")
            out[(name, message.findtext("source") or "")] = (translation.text or None) if done else None
    return out


def check() -> list[str]:
    """Problems with the committed translations: new, dropped or untranslated strings, stale .qm."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TS.name
        shutil.copy(TS, fresh)
        lupdate(fresh)
        now, committed = messages(fresh), messages(TS)
        problems += [f"not in the .ts yet (run this script): {c}: {s!r}" for c, s in now.keys() - committed.keys()]
        problems += [f"no longer used (run this script): {c}: {s!r}" for c, s in committed.keys() - now.keys()]
        problems += [f"untranslated: {c}: {s!r}" for (c, s), t in now.items() if not t]
        built = Path(tmp) / QM.name
        lrelease(TS, built)
        if not QM.exists() or QM.read_bytes() != built.read_bytes():
            problems.append(f"{QM.name} is not compiled from the current .ts (run this script)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    args = parser.parse_args()
    if args.check:
        problems = check()
        print("\n".join(problems) or "translations complete and compiled")
        return 1 if problems else 0
    TS.parent.mkdir(parents=True, exist_ok=True)
    lupdate(TS)
    lrelease(TS, QM)
    missing = [s for s, t in messages(TS).items() if not t]
    print(f"{TS.relative_to(ROOT)}: {len(messages(TS))} strings, {len(missing)} untranslated; compiled {QM.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
