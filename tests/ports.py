"""A free TCP port for a test's server, so tests (and people running them side by side) never collide."""

import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
