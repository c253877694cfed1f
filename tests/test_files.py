"""Writing outputs: atomic replacement of regular files only, special files written as such,
permissions kept, nothing left behind by a crash. Every case runs in a throwaway folder."""

from __future__ import annotations

import os
import select
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.files import write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_regular_file_is_replaced_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_a_new_file_gets_the_umask_permissions(tmp_path):
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "new.ttl", b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.ttl").stat().st_mode) == 0o600
    os.umask(0o022)
    try:
        write_atomic(tmp_path / "open.ttl", b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "open.ttl").stat().st_mode) == 0o644


def test_the_data_and_the_folder_are_flushed_before_and_after_the_rename(tmp_path, monkeypatch):
    synced: list[str] = []
    real = os.fsync

    def record(fd: int) -> None:
        synced.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    write_atomic(tmp_path / "out.ttl", b"data")
    assert synced == ["file", "dir"]


def test_a_symlink_is_followed_and_stays_a_symlink(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_fifo_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    opened = threading.Event()

    def read() -> None:
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, without waiting for a writer
        opened.set()
        select.select([fd], [], [], 10)
        os.set_blocking(fd, True)
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        os.close(fd)
        received.append(b"".join(chunks))

    reader = threading.Thread(target=read)
    reader.start()
    assert opened.wait(10)
    write_atomic(fifo, b"through the pipe")
    reader.join(5)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_without_a_reader_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="a FIFO no program reads from"):
        write_atomic(fifo, b"data")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def _null_device(folder: Path) -> Path:
    """A character device like /dev/null, made in ``folder`` (mknod: root, and a folder not
    mounted nodev; the test is skipped elsewhere)."""
    device = folder / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        device.open("wb").close()
    except OSError:
        pytest.skip("this folder cannot hold a device node (not root, or mounted nodev)")
    return device


def test_a_character_device_is_written_to_not_replaced(tmp_path):
    device = _null_device(tmp_path)
    write_atomic(device, b"into the void")
    assert stat.S_ISCHR(device.stat().st_mode)
    assert _leftovers(tmp_path) == []


def test_a_symlink_to_a_device_is_not_replaced(tmp_path):
    device = _null_device(tmp_path)
    link = tmp_path / "stdout"
    link.symlink_to(device)
    write_atomic(link, b"data")
    assert link.is_symlink() and stat.S_ISCHR(device.stat().st_mode)


def test_dash_is_standard_output(capfdbinary):
    assert str(write_atomic("-", b"to stdout\n")) == "-"
    assert capfdbinary.readouterr().out == b"to stdout\n"


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        write_atomic(tmp_path, b"data")


def _crash_at(step: str, target: Path) -> None:
    """Write ``target`` in a process that is killed (SIGKILL) at ``step``."""
    program = (
        "import os, signal\n"
        "import kg.files\n"
        f"os.{step} = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"kg.files.write_atomic({str(target)!r}, b'new' * 100000)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], check=False, timeout=60)
    assert result.returncode == -9


def test_a_crash_before_the_rename_leaves_the_old_file_and_nothing_else(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    _crash_at("fsync", target)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_what_a_crash_at_the_rename_leaves_the_next_write_removes(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    _crash_at("replace", target)
    assert target.read_bytes() == b"old"
    write_atomic(target, b"newer")
    assert target.read_bytes() == b"newer"
    assert _leftovers(tmp_path) == []


def test_a_full_disk_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    program = (
        "import resource, signal\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "import kg.files\n"
        "from kg.errors import InputError\n"
        "try:\n"
        f"    kg.files.write_atomic({str(target)!r}, b'x' * 100000)\n"
        "except InputError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    assert "cannot write (File too large)" in result.stdout
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("exists", [False, True])
def test_a_legal_long_name_is_written_though_its_temporary_name_would_be_longer(tmp_path, exists):
    """A 250-byte name is legal (the limit is 255); the temporary file beside it must fit too."""
    target = tmp_path / ("n" * 246 + ".ttl")
    if exists:
        target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path) == []


def test_a_name_longer_than_the_file_system_allows_is_refused_in_one_line(tmp_path):
    target = tmp_path / ("n" * 300 + ".ttl")
    with pytest.raises(InputError, match="file name is 304 bytes long; the file system allows"):
        write_atomic(target, b"data")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_named_with_a_trailing_separator_must_exist(tmp_path):
    from kg.files import check_output

    with pytest.raises(InputError, match="missing/: no such directory"):
        write_atomic(f"{tmp_path}/missing/", b"data")
    with pytest.raises(InputError, match="is a directory"):
        check_output(f"{tmp_path}/")
    assert list(tmp_path.iterdir()) == []
