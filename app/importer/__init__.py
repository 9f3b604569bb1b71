"""Reading teachers' gradebooks (.xlsx, .xls, .csv; long or wide) and papers (双向细目表) into plain data with
located problems."""

from app.importer.headers import ColumnRole
from app.importer.layout import ColumnInfo, ItemSource, Layout, detect_layout
from app.importer.options import ImportOptions, LayoutKind
from app.importer.paper import apply_paper, paper_of, read_paper
from app.importer.reader import read_gradebook

__all__ = [
    "ColumnInfo",
    "ColumnRole",
    "ImportOptions",
    "ItemSource",
    "Layout",
    "LayoutKind",
    "apply_paper",
    "detect_layout",
    "paper_of",
    "read_gradebook",
    "read_paper",
]
