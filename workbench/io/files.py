"""Writing a file whole or not at all: a temporary file beside it, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbench.core.errors import WorkbenchError


def write_atomically(path: Path, data: bytes, private: bool = False, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    A failure leaves no half-written file and any earlier ``path`` as it was.
    ``private`` makes the file readable by its owner only (a key); ``overwrite``
    False refuses an existing ``path`` (``WorkbenchError``).
    """
    path = Path(path)
    if not overwrite and path.exists():
        raise WorkbenchError(f"{path} already exists; choose another name (nothing was written).")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600 if private else 0o644)
        if not overwrite and path.exists():
            raise WorkbenchError(f"{path} already exists; choose another name (nothing was written).")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
