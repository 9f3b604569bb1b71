"""Where the store lives by default: the data folder (the user's, or beside the program when portable)."""

from __future__ import annotations

from pathlib import Path

from app.core.locations import data_folder

STORE_NAME = "zhidian.db"
"""The store's file name in the data folder."""


def default_db_path() -> Path:
    """`zhidian.db` in the data folder (created if missing); `--db` overrides it."""
    return data_folder() / STORE_NAME
