"""Searching an exported file for the real names and numbers it must not hold: its bytes with every compressed
stream unpacked (PDF streams, XLSX parts: cells, sheet names, docProps), in UTF-8, UTF-16 and GB18030, its text as
a PDF reader extracts it (through the font's ToUnicode map) with its metadata, and its file name."""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path


def inflated(raw: bytes) -> bytes:
    """The file's bytes with every Flate stream (PDF, XLSX zip members) also unpacked."""
    parts = [raw]
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(BytesIO(raw)) as z:
            parts += [z.read(n) for n in z.namelist()]
    start = 0
    while (i := raw.find(b"stream", start)) != -1:
        start = i + 6
        body = raw[start:].lstrip(b"\r\n")
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompressobj().decompress(body))
    return b"\n".join(parts)


def identities_in(path: Path, secrets: Iterable[str]) -> list[str]:
    """Which of `secrets` (real names, student numbers) the file at `path` holds anywhere."""
    raw = inflated(path.read_bytes())
    text = ""
    if path.suffix == ".pdf":
        import pypdf

        reader = pypdf.PdfReader(path)
        text = "\n".join(p.extract_text() for p in reader.pages) + str(reader.metadata)
    return [
        secret
        for secret in secrets
        if secret in text
        or secret in path.name
        or any(secret.encode(encoding) in raw for encoding in ("utf-8", "utf-16-be", "gb18030"))
    ]
