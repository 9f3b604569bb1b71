"""Where the store lives by default: the user's data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir


def default_db_path() -> Path:
    """`zhidian.db` in the user's data folder (created if missing); `--db` overrides it."""
    return Path(user_data_dir("Zhidian", appauthor=False, ensure_exists=True)) / "zhidian.db"
