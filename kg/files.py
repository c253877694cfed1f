"""Reading input files within limits, and writing output files safely.

Every input is read with a size limit, whatever it is: a regular file is measured first, and a
pipe, a FIFO or a device (``/dev/zero``, ``/dev/stdin``) is read until the limit and refused past
it; a source that sends nothing for ``IDLE_SECONDS`` (a FIFO no program writes to) is refused
rather than waited on for ever.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import select
import stat
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


STDOUT = "-"
_TEMP_SUFFIX = ".kg-tmp"


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that nothing is lost or half-written.

    A regular file (or a new path) is replaced atomically: the data goes to an unnamed file in
    the same folder (``O_TMPFILE``; a named hidden one where the system has none), is flushed to
    disk (``fsync``) and renamed over the target, and the folder is flushed, so a crash or a
    power cut leaves the old file or the new one. The target keeps its permissions (a new file
    gets the umask's). ``-`` is standard output; a device or a FIFO (``/dev/null``, a pipe)
    is written to as such, never replaced; a symbolic link is followed to what it names. A
    directory is refused. InputError on failure (a full disk: the old file stays)."""
    if str(path) == STDOUT:
        _write_stdout(data)
        return Path(STDOUT)
    path = check_output(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a directory; name a file")
        _write_special(path, target, data)
        return path
    _replace(path, target, data, info)
    return path


def _write_stdout(data: bytes) -> None:
    import sys

    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _write_special(path: Path, target: Path, data: bytes) -> None:
    """Write to a device or FIFO in place (a FIFO must have a reader: kg does not wait)."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError(f"{path}: a FIFO no program reads from; kg does not wait") from None
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _replace(path: Path, target: Path, data: bytes, info: os.stat_result | None) -> None:
    directory = target.parent if str(target.parent) else Path(".")
    _remove_stale_temporaries(directory, _temporary_stem(directory, target.name))
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    temporary = directory / _temporary_name(directory, target.name)
    try:
        temporary.unlink(missing_ok=True)  # ours, from a failed attempt: the name holds our pid
        fd = _unnamed_file(directory, temporary)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)
            if info is not None and hasattr(os, "fchown"):
                with contextlib.suppress(OSError):
                    os.fchown(fd, info.st_uid, info.st_gid)
            os.fsync(fd)
            if not temporary.exists():
                _name(fd, directory, temporary.name)
        finally:
            os.close(fd)
        os.replace(temporary, target)
        _sync_directory(directory)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _unnamed_file(directory: Path, fallback: Path) -> int:
    """A file in ``directory`` with no name yet (nothing is left if kg dies before it is
    named), or ``fallback`` created where the system has no ``O_TMPFILE``."""
    if hasattr(os, "O_TMPFILE") and Path("/proc/self/fd").is_dir():
        try:
            return os.open(directory, os.O_TMPFILE | os.O_WRONLY, 0o600)
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
    return os.open(fallback, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def _name(fd: int, directory: Path, name: str) -> None:
    """Give the unnamed file ``fd`` the ``name`` in ``directory`` (linkat through /proc, with
    AT_SYMLINK_FOLLOW, which os.link asks for only when given folder descriptors)."""
    folder = os.open(directory, os.O_RDONLY)
    try:
        os.link(
            f"/proc/self/fd/{fd}", name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=True
        )
    finally:
        os.close(folder)


def _temporary_stem(directory: Path, name: str) -> str:
    """The part of ``name``'s temporary file names before the process id: the name itself, or
    where ``.NAME.PID.kg-tmp`` would be longer than the file system allows (a legal name of
    250 bytes), its start and a digest of the whole name."""
    import hashlib

    room = name_max(directory) - len(f"..{2**22}{_TEMP_SUFFIX}")
    if len(os.fsencode(name)) <= room:
        return name
    digest = hashlib.sha1(os.fsencode(name)).hexdigest()[:12]
    start = os.fsencode(name)[: max(0, room - len(digest) - 1)]
    return start.decode("utf-8", "ignore") + "~" + digest


def _temporary_name(directory: Path, name: str) -> str:
    return f".{_temporary_stem(directory, name)}.{os.getpid()}{_TEMP_SUFFIX}"


def _remove_stale_temporaries(directory: Path, name: str) -> None:
    """Remove the temporary files of ``name`` (a ``_temporary_stem``) that a kg process which
    has since died left."""
    for leftover in directory.glob(f".{glob.escape(name)}.*{_TEMP_SUFFIX}"):
        pid = leftover.name[len(name) + 2 : -len(_TEMP_SUFFIX)]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_output(path: str | Path) -> Path:
    """``path`` as a Path if a file can be written there (its directory exists, it is not a
    directory itself, it does not end in a path separator, and its name fits the file system:
    ``check_name``; ``-`` is standard output); InputError otherwise. Commands call it before
    doing any work."""
    if str(path) == STDOUT:
        return Path(path)
    path = check_name(check_folder_named(path))
    if path.is_dir():
        raise InputError(f"{path}: is a directory; name a file")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: the directory {directory} does not exist")
    return path


_SEPARATORS = tuple({os.sep, os.altsep or os.sep})


def check_folder_named(path: str | Path) -> Path:
    """``path`` as a Path; InputError when the text names a folder (it ends in a path
    separator, which Path drops) that does not exist, so that ``-o missing/`` is refused rather
    than written as a file ``missing`` or a prefix ``missing-``."""
    if str(path).endswith(_SEPARATORS) and not Path(path).is_dir():
        raise InputError(f"{path}: no such directory")
    return Path(path)


_NAME_MAX = 255


def name_max(directory: Path) -> int:
    """The longest file name, in bytes, the file system of ``directory`` (or of its nearest
    existing parent) allows: ``pathconf``'s NAME_MAX, 255 where it cannot say."""
    for folder in (directory, *directory.parents):
        if folder.is_dir():
            try:
                return int(os.pathconf(folder, "PC_NAME_MAX"))
            except (OSError, ValueError, AttributeError):
                return _NAME_MAX
    return _NAME_MAX


def check_name(path: str | Path) -> Path:
    """``path`` as a Path if its file name fits the file system (``name_max``, counted in the
    bytes the system encodes it in); InputError naming the path otherwise."""
    path = Path(path)
    size = len(os.fsencode(path.name))
    limit = name_max(path.parent if str(path.parent) else Path("."))
    if size > limit:
        raise InputError(
            f"{path}: the file name is {size} bytes long; the file system allows {limit}"
        )
    return path
