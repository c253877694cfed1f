"""Reading input files within limits, and writing output files safely.

Every input is read with a size limit, whatever it is: a regular file is measured first, and a
pipe, a FIFO or a device (``/dev/zero``, ``/dev/stdin``) is read until the limit and refused past
it; a source that sends nothing for ``IDLE_SECONDS`` (a FIFO no program writes to) is refused
rather than waited on for ever.
"""

from __future__ import annotations

import os
import select
import stat
import tempfile
import time
from pathlib import Path

from kg.errors import InputError

IDLE_SECONDS = 30.0
_CHUNK = 1 << 20


def read_limited(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path``, at most ``limit`` of them; InputError (naming ``path`` and
    ``what`` it should be) for a missing path, a directory, a file over the limit, or a pipe
    or device that sends nothing for ``IDLE_SECONDS``."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, not a {what}")
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise InputError(f"{path}: {info.st_size} bytes is larger than the {limit} byte limit")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return _read_all(fd, path, limit, regular=stat.S_ISREG(info.st_mode))
    finally:
        os.close(fd)


def _read_all(fd: int, path: Path, limit: int, regular: bool) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if not regular:
            ready, _, _ = select.select([fd], [], [], IDLE_SECONDS)
            if not ready:
                raise InputError(
                    f"{path}: nothing arrived for {IDLE_SECONDS:g} s; kg stops waiting"
                )
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
        except BlockingIOError:
            time.sleep(0.01)
            continue
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputError(f"{path}: larger than the {limit} byte limit")


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    path = check_output(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def check_output(path: str | Path) -> Path:
    """``path`` as a Path if a file can be written there (its directory exists and it is not a
    directory itself); InputError otherwise. Commands call it before doing any work."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory; name a file")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: the directory {directory} does not exist")
    return path
