"""Work that kg can stop: a query or a push runs in a worker process with a deadline and a
memory cap, so a time limit bounds the whole operation and a runaway query cannot take the
machine.

A thread cannot be stopped (pyoxigraph evaluates a query in Rust, and a socket read can be fed
one byte a second for ever), a process can: the worker starts fresh, caps its own address space
(``RLIMIT_AS``), does the work and sends back its result or its KgError; the caller waits until
the deadline and then kills it. A killed update leaves the store as it was (Oxigraph applies an
update as one transaction).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from kg.errors import InputError, KgError, StoreError

T = TypeVar("T")

MAX_TIMEOUT = 7 * 24 * 3600.0
DEFAULT_ROWS = 1_000_000
DEFAULT_MEMORY_MB = 4096
# A worker needs about 0.5 GB of address space for Python and an open store before it works.
MIN_MEMORY_MB = 256
# What reaching the address-space cap looks like from outside: Rust aborts on a failed
# allocation, the kernel may kill, and the worker exits with this status on a MemoryError.
_MEMORY_ERROR_EXIT = 99
_OUT_OF_MEMORY = (
    _MEMORY_ERROR_EXIT,
    -signal.SIGABRT,
    -signal.SIGKILL,
    -signal.SIGSEGV,
    -signal.SIGBUS,
)


@dataclass(frozen=True)
class Limits:
    """How far a query may go: ``timeout`` seconds for the whole operation (None: no limit),
    at most ``max_rows`` result rows or triples, and ``max_memory_mb`` megabytes of address
    space for the worker."""

    timeout: float | None = None
    max_rows: int = DEFAULT_ROWS
    max_memory_mb: int = DEFAULT_MEMORY_MB

    def __post_init__(self) -> None:
        check_timeout(self.timeout)
        if self.max_rows < 1:
            raise InputError("--max-rows must be at least 1")
        if self.max_memory_mb < MIN_MEMORY_MB:
            raise InputError(f"--max-memory must be at least {MIN_MEMORY_MB} MB")


def check_timeout(seconds: float | None) -> float | None:
    """``seconds`` if it is a usable time limit (a number above 0 and at most a week);
    InputError for nan, infinities, zero, negative or huge values."""
    if seconds is None:
        return None
    if not isinstance(seconds, int | float) or math.isnan(seconds) or not math.isfinite(seconds):
        raise InputError(f"--timeout {seconds}: give a number of seconds")
    if not 0 < seconds <= MAX_TIMEOUT:
        raise InputError(f"--timeout {seconds:g}: give a number of seconds above 0, at most a week")
    return float(seconds)


def run_bounded(work: Callable[..., T], *args: Any, limits: Limits, what: str = "the query") -> T:
    """``work(*args)`` run in a worker process within ``limits``; its result, or the KgError it
    raised. StoreError when it runs past the deadline or out of memory (the worker is killed).
    ``work`` and its arguments must be picklable results of module-level functions."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        target=_serve, args=(sender, work, args, limits.max_memory_mb), daemon=True
    )
    deadline = None if limits.timeout is None else time.monotonic() + limits.timeout
    worker.start()
    sender.close()
    try:
        outcome = _receive(receiver, worker, deadline, limits, what)
    finally:
        receiver.close()
        _stop(worker)
    kind, value = outcome
    if kind == "error":
        raise value
    return value


def _context() -> Any:
    """A fork server where there is one (a fresh process that forks workers: forking kg itself
    could copy locks held by pyoxigraph's threads, and the worker would wait on them for
    ever), else a fresh interpreter per worker."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # What every worker needs, imported once by the server (rdflib's SPARQL grammar alone
        # takes half a second to build).
        context.set_forkserver_preload(
            ["kg.store.query", "kg.store.remote", "rdflib.plugins.sparql.parser", "pyoxigraph"]
        )
        return context
    return multiprocessing.get_context("spawn")


def _receive(
    receiver: Any, worker: Any, deadline: float | None, limits: Limits, what: str
) -> tuple[str, Any]:
    while True:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise StoreError(f"{what} did not finish within {limits.timeout:g} s (--timeout)")
        wait = 0.1 if left is None else min(0.1, left)
        if receiver.poll(wait):
            try:
                return receiver.recv()
            except (EOFError, OSError):
                break
        if not worker.is_alive():
            if receiver.poll(0):
                continue
            break
    worker.join(1)
    if worker.exitcode in _OUT_OF_MEMORY:
        raise StoreError(
            f"{what} needed more than {limits.max_memory_mb} MB of memory (--max-memory)"
        )
    raise StoreError(f"{what} stopped unexpectedly (exit status {worker.exitcode})")


def _stop(worker: Any) -> None:
    if worker.is_alive():
        worker.kill()
    worker.join(5)


def _serve(sender: Any, work: Callable[..., Any], args: tuple, memory_mb: int) -> None:
    """The worker: cap the address space, do the work, send ("ok", value) or ("error", the
    exception: a KgError, or a RuntimeError holding an unexpected one's traceback). Its stderr
    goes nowhere: what it has to say comes back as that exception (Rust's allocator would
    otherwise print its own lines when the cap is reached)."""
    _silence_stderr()
    _cap_memory(memory_mb)
    try:
        outcome: tuple[str, Any] = ("ok", work(*args))
    except KgError as exc:
        outcome = ("error", exc)
    except MemoryError:
        os._exit(_MEMORY_ERROR_EXIT)
    except Exception:
        outcome = ("error", RuntimeError(f"the worker failed:\n{traceback.format_exc()}"))
    try:
        sender.send(outcome)
    except MemoryError:
        os._exit(_MEMORY_ERROR_EXIT)
    finally:
        sender.close()
    # Leave without running exit handlers the worker shares with the server it came from.
    os._exit(0)


def _silence_stderr() -> None:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)


def _cap_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # not on POSIX: no cap
        return
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
