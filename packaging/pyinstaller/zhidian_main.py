"""Entry point of the frozen build's one executable outside Windows (PyInstaller; see zhidian.spec).

`zhidian` is the command line; the script `zhidian-gui` beside it (packaging/linux/zhidian-gui, which the menu entry
runs) starts it with ZHIDIAN_WINDOW=1 to open the window.
"""

import os
import sys

if __name__ == "__main__":
    if os.environ.pop("ZHIDIAN_WINDOW", "") == "1":
        from app.ui.app import main
    else:
        from app.cli import main
    sys.exit(main())
