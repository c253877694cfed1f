"""Who may use a store at once: any number of readers, or one writer.

Oxigraph opens a store read-write for one process only, and reading a store that another process
writes is undefined, so kg keeps its own lock beside Oxigraph's: an advisory ``flock`` on the
store's directory, shared by readers (``kg query``, ``kg list``, ``kg export``, ...) and
exclusive for a writer (``kg build``, ``kg remove``, updates). A folder can be locked even on
read-only media. A process that cannot have the lock at once fails at once, naming the process
that holds it (read from ``/proc/locks`` where the system has it), before it does any work.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError

try:
    import fcntl
except ImportError:  # not on POSIX: Oxigraph's own lock is all there is
    fcntl = None  # type: ignore[assignment]


@dataclass
class StoreLock:
    """A held lock on the store directory ``path`` (``exclusive`` for a writer)."""

    path: Path
    exclusive: bool
    fd: int | None

    @classmethod
    def acquire(cls, path: str | Path, exclusive: bool) -> StoreLock:
        """Take the lock on the existing directory ``path``, or raise StoreError naming who
        holds it."""
        path = Path(path)
        if fcntl is None:
            return cls(path, exclusive, None)
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError as exc:
            raise StoreError(f"cannot open the store {path} ({exc.strerror or exc})") from None
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError:
            holders = _holders(fd)
            os.close(fd)
            doing = "changing" if exclusive else "reading"
            raise StoreError(
                f"the store {path} is in use by {holders}; kg is not {doing} it: try again when "
                "that is done"
            ) from None
        return cls(path, exclusive, fd)

    def release(self) -> None:
        """Let the lock go (closing the descriptor releases the flock)."""
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


def _holders(fd: int) -> str:
    """The processes holding a lock on the file of ``fd``: 'kg query ... (pid 123)', or a
    general phrase where /proc/locks cannot tell."""
    described = []
    inode = os.fstat(fd).st_ino
    try:
        lines = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    except OSError:
        lines = []
    for line in lines:
        fields = line.split()
        if len(fields) < 6 or fields[1] != "FLOCK":
            continue
        pid, where = fields[4], fields[5]
        if where.rsplit(":", 1)[-1] == str(inode) and pid.isdigit() and int(pid) != os.getpid():
            described.append(f"{_command(int(pid))} (pid {pid})")
    return ", ".join(dict.fromkeys(described)) or "another kg process"


def _command(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "a process"
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    if len(words) >= 2 and Path(words[0]).name.startswith("python") and words[1] == "-m":
        words = words[2:]
    elif len(words) >= 2 and Path(words[0]).name.startswith("python"):
        words = words[1:]
    if words:
        words[0] = Path(words[0]).name
    text = " ".join(words[:4]) or "a process"
    return text if len(text) <= 80 else text[:79] + "…"
