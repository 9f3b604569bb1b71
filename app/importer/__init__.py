"""Reading teachers' gradebooks (.xlsx, .xls, .csv; long or wide) into plain data with located problems."""

from app.importer.headers import ColumnRole
from app.importer.layout import ColumnInfo, ItemSource, Layout, detect_layout
from app.importer.options import ImportOptions, LayoutKind
from app.importer.reader import read_gradebook

__all__ = [
    "ColumnInfo",
    "ColumnRole",
    "ImportOptions",
    "ItemSource",
    "Layout",
    "LayoutKind",
    "detect_layout",
    "read_gradebook",
]
