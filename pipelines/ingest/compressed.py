"""Compressed exports (``.gz``, a ``.zip`` holding one file), read with a cap on their size.

A few kilobytes of gzip or zip can expand to gigabytes (a "zip bomb"): an export is read only up
to :data:`MAX_DECOMPRESSED_BYTES`, in chunks, and a file that would expand beyond it is refused
(and, through the landing path, quarantined with the reason) before it is held in memory.
"""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path
from typing import IO

COMPRESSED_SUFFIXES = (".gz", ".zip")
MAX_DECOMPRESSED_BYTES = 2 << 30
"""2 GiB: 30 times the largest weekly export seen (a 67 MB telephony CSV of 500,000 rows)."""
_CHUNK = 1 << 20


class CompressedError(ValueError):
    """A compressed export that cannot be read: not one file, or too large once expanded."""


def uncompressed_name(name: str) -> str:
    """A file name without its ``.gz`` or ``.zip`` suffix (``a.csv.gz`` -> ``a.csv``)."""
    for suffix in COMPRESSED_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _read_capped(handle: IO[bytes], path: Path, cap: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := handle.read(_CHUNK):
        size += len(chunk)
        if size > cap:
            raise CompressedError(
                f"{path}: expands to more than {cap:,} bytes (the cap on a decompressed export): "
                "refused as a possible zip bomb; unpack it yourself if it is a genuine export"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def read_bytes(path: Path, cap: int | None = None) -> bytes:
    """The file's bytes; a ``.gz`` decompressed, a ``.zip`` holding exactly one file unpacked,
    either at most ``cap`` bytes once expanded (default :data:`MAX_DECOMPRESSED_BYTES`)."""
    path = Path(path)
    cap = MAX_DECOMPRESSED_BYTES if cap is None else cap
    name = path.name.lower()
    if name.endswith(".gz"):
        with gzip.open(path, "rb") as handle:
            return _read_capped(handle, path, cap)
    if name.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise CompressedError(
                    f"{path}: the zip archive holds {len(members)} files "
                    f"({', '.join(m.filename for m in members[:5])}); expected exactly one "
                    "export: unpack it into the landing location instead"
                )
            if members[0].file_size > cap:  # the declared size; the read below checks the real
                raise CompressedError(
                    f"{path}: {members[0].filename} expands to {members[0].file_size:,} bytes, "
                    f"over the cap of {cap:,} bytes on a decompressed export: refused as a "
                    "possible zip bomb; unpack it yourself if it is a genuine export"
                )
            with archive.open(members[0]) as handle:
                return _read_capped(handle, path, cap)
    return path.read_bytes()
