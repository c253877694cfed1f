"""The server's own machinery, without HTTP: the same page or query asked for by many clients at
once is made once (``Flights``), and each of them gets its value or its error."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.errors import InputError
from kg.serve.app import Flights


def test_one_computation_serves_every_caller_that_asks_while_it_runs():
    flights, calls = Flights(), []
    started = threading.Event()

    def compute() -> list[int]:
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return [len(calls)]

    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(flights.once, "page", compute)
        started.wait(5)
        others = [pool.submit(flights.once, "page", compute) for _ in range(7)]
        values = [first.result(5)] + [f.result(5) for f in others]
    assert calls == [1] and all(v is values[0] for v in values)
    # Once it is done, the key is free: the next caller computes anew (the caches keep answers).
    assert flights.once("page", compute) == [2] and not flights.running


def test_every_waiting_caller_gets_the_error_and_other_keys_run_apart():
    flights = Flights()
    started, release = threading.Event(), threading.Event()

    def failing() -> None:
        started.set()
        release.wait(5)
        raise InputError("no such page")

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(flights.once, "bad", failing)
        started.wait(5)
        waiting = [pool.submit(flights.once, "bad", failing) for _ in range(2)]
        assert flights.once("other", lambda: "answered") == "answered"
        release.set()
        for future in [first, *waiting]:
            with pytest.raises(InputError, match="no such page"):
                future.result(5)
    assert not flights.running
