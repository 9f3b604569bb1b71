"""Entry point of the frozen command-line executable `zhidian` (PyInstaller; see zhidian.spec)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
