"""Symbolic links in a folder given to ingest or in the landing location.

A red-team run put a link in the landing folder pointing at a file elsewhere on the machine;
ingest followed it and logged the file's first line. The rule now: a symbolic link is followed
only when its final target (every link in the chain resolved) is inside the folder the link
itself sits in, so a ``telephony_latest.csv`` pointing at ``telephony_2026-W11.csv`` beside it
is read, and a link out of the folder, a broken link or a loop is refused before anything opens
it, with a reason naming the link (the landing location quarantines the link itself, not a copy
of its target). Checked file by file just before it is read, so a link swapped afterwards
(by someone who can already write to the landing location) is outside this defence.
"""

from __future__ import annotations

import os
from pathlib import Path


def refused_link(path: Path) -> str | None:
    """Why ``path`` must not be read (a link out of its folder, broken, or a loop), or None."""
    path = Path(path)
    if not path.is_symlink():
        return None
    folder = Path(os.path.abspath(path)).parent.resolve()
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return (
            f"{path}: is a symbolic link that cannot be followed (its target does not exist, "
            "or the links loop); refused: put the export itself in the folder"
        )
    if target.is_relative_to(folder):
        return None
    return (
        f"{path}: is a symbolic link to {target}, outside the folder it is in ({folder}); "
        "ingest does not follow links out of the landing location and did not read it: copy "
        "the export into the folder instead"
    )
