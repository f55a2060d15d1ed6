"""A real PostgreSQL server for tests: Debian's binaries, a fresh cluster in a temporary
directory, a free loopback port, stopped (and its directory removed) afterwards.

PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres` system
user that Debian's package creates (or `nobody`).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

START_TIMEOUT_SECONDS = 30.0


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries here (scripts/system-deps.sh installs Debian's `postgresql`)."""


def postgres_bindir() -> Path:
    explicit = os.environ.get("POSTGRES_BINDIR")
    candidates = [explicit] if explicit else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise PostgresUnavailable(
        "no PostgreSQL found: run scripts/system-deps.sh (Debian's postgresql), or set "
        "POSTGRES_BINDIR"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise PostgresUnavailable("running as root and there is no postgres or nobody user")


class PostgresServer:
    def __init__(self) -> None:
        self.bindir = postgres_bindir()
        self.user = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    def _command(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return [*prefix, *args]

    def start(self) -> PostgresServer:
        subprocess.run(
            self._command(
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "kiosk",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
            ),
            check=True,
            capture_output=True,
        )
        return self.resume()

    def resume(self) -> PostgresServer:
        """Starts the server on its cluster (again, after `pause`) and waits until it accepts
        connections."""
        log = open(self.root / "postgres.log", "ab")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            self._command(
                str(self.bindir / "postgres"),
                "-D",
                str(self.data),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-k",
                str(self.root),
                "-c",
                "fsync=off",
                "-c",
                "max_connections=200",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PostgresUnavailable(
                    "postgres exited at start: " + (self.root / "postgres.log").read_text()[-800:]
                )
            ready = subprocess.run(
                [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
            )
            if ready.returncode == 0:
                return self
            time.sleep(0.1)
        self.stop()
        raise PostgresUnavailable("postgres did not accept connections in time")

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy asyncpg URL."""
        name = f"test_{uuid.uuid4().hex[:12]}"
        subprocess.run(
            [
                str(self.bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "kiosk",
                name,
            ],
            check=True,
            capture_output=True,
        )
        return f"postgresql+asyncpg://kiosk@127.0.0.1:{self.port}/{name}"

    def pause(self) -> None:
        """Stops the server and keeps its cluster: the database is down until `resume`."""
        self._shut_down()

    def stop(self) -> None:
        self._shut_down()
        shutil.rmtree(self.root, ignore_errors=True)

    def _shut_down(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # SIGINT is PostgreSQL's "fast shutdown"; the whole group in case runuser stays
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()
