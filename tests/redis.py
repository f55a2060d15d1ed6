"""A real Redis server for tests and benches: Debian's redis-server on a free loopback port,
nothing saved to disk, stopped (and its directory removed) afterwards."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tests.xserver import stop_process

START_TIMEOUT_SECONDS = 15.0


class RedisUnavailable(RuntimeError):
    """No redis-server here (scripts/system-deps.sh installs Debian's `redis-server`)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    """True when a Redis on `port` answers PING."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def running_redis() -> Iterator[str]:
    """Starts redis-server and yields its address ("127.0.0.1:port")."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisUnavailable(
            "no redis-server: run scripts/system-deps.sh (Debian's redis-server)"
        )
    root = Path(tempfile.mkdtemp(prefix="kiosk-redis-"))
    port = _free_port()
    log = open(root / "redis.log", "wb")  # noqa: SIM115 (closed right after the start)
    process = subprocess.Popen(
        [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(root),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _answers(port):
            if process.poll() is not None:
                raise RedisUnavailable(
                    f"redis-server exited ({(root / 'redis.log').read_text(errors='replace')})"
                )
            if time.monotonic() > deadline:
                raise RedisUnavailable(
                    f"redis-server did not answer within {START_TIMEOUT_SECONDS} s"
                )
            time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        stop_process(process)
        shutil.rmtree(root, ignore_errors=True)
