"""Entry point of the frozen window executable `zhidian-gui` (PyInstaller; see zhidian.spec)."""

import sys

from app.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
