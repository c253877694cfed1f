"""A TCP server on 127.0.0.1 for tests: it counts the connections it accepts and, given an
``answer``, reads each request and answers it that way (for endpoints that misbehave as no real
store does); without one it closes each connection unanswered."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

Answer = Callable[[socket.socket, threading.Event], None]


class LoopbackServer:
    """Serving from construction until ``close``; ``url`` is ``http://127.0.0.1:PORT``."""

    def __init__(self, answer: Answer | None = None) -> None:
        self.answer = answer
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            with connection:
                if self.answer is None:
                    continue
                connection.settimeout(5)
                try:
                    connection.recv(65536)
                    self.answer(connection, self.stopped)
                except OSError:
                    pass

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.socket.close()
