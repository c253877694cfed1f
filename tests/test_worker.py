"""Work kg can stop: deadlines, memory caps and row caps, each tested so it ends in seconds."""

from __future__ import annotations

import os
import time

import pytest

from kg.errors import InputError, NotFoundError, StoreError
from kg.store.worker import Limits, check_timeout, run_bounded


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def _pid() -> int:
    return os.getpid()


def _refuse() -> None:
    raise NotFoundError("no report 'x'")


def _hog(megabytes: int) -> int:
    blocks = [bytearray(1024 * 1024) for _ in range(megabytes)]
    return len(blocks)


def test_the_result_comes_back_from_another_process():
    assert run_bounded(_sleep, 0, limits=Limits(timeout=10)) == "slept"
    assert run_bounded(_pid, limits=Limits()) != os.getpid()


def test_a_kg_error_in_the_worker_is_raised_here():
    with pytest.raises(NotFoundError, match="no report 'x'"):
        run_bounded(_refuse, limits=Limits())


def test_the_deadline_stops_the_worker():
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"did not finish within 0\.5 s \(--timeout\)"):
        run_bounded(_sleep, 60, limits=Limits(timeout=0.5))
    assert time.monotonic() - started < 5


def test_the_memory_cap_stops_the_worker():
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"needed more than 512 MB of memory \(--max-memory\)"):
        run_bounded(_hog, 2048, limits=Limits(max_memory_mb=512))
    assert time.monotonic() - started < 10
    assert run_bounded(_hog, 64, limits=Limits(max_memory_mb=512)) == 64


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), 1e308, -1, 0])
def test_timeouts_that_are_no_time_limit_are_refused(value):
    with pytest.raises(InputError, match="--timeout"):
        check_timeout(value)


def test_row_and_memory_caps_are_checked():
    with pytest.raises(InputError, match="--max-rows"):
        Limits(max_rows=0)
    with pytest.raises(InputError, match="--max-memory"):
        Limits(max_memory_mb=10)
    assert check_timeout(2) == 2.0
