"""Entry point of the frozen build's one executable outside Windows (PyInstaller; see zhidian.spec).

Started as `zhidian-gui` (the link beside it, which the menu entry runs) it opens the window; as `zhidian`, the
command line.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    if Path(sys.argv[0]).name == "zhidian-gui":
        from app.ui.app import main
    else:
        from app.cli import main
    sys.exit(main())
