"""Start the Zhidian 知点 window: `python main.py` (see `python main.py --help`)."""

import sys

from app.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
