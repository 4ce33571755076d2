"""Free local ports and stopping server subprocesses, for code that starts real servers.

The benchmarks (the API under uvicorn) and the scale-out tests (a Chroma server) both start
a server on 127.0.0.1 and must always stop it, even when a run fails half way.
"""

from __future__ import annotations

import socket
import subprocess
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(process: subprocess.Popen[Any], timeout: float = 30.0) -> None:
    """Ask the process to exit (SIGTERM); kill it if it has not within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
