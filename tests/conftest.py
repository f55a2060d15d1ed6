"""Shared fixtures: a clean environment for settings, the real livekit-server binary, and the
session thread the kiosk app runs LiveKit on (Qt tests run offscreen)."""

from __future__ import annotations

import gc
import logging
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent  # noqa: E402

from agent.store import default_database_url  # noqa: E402
from kiosk.ui.bridge import SessionThread  # noqa: E402
from tests.postgres import PostgresServer, running_postgres  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_VARIABLES = (
    "LIVEKIT_URL",
    "LIVEKIT_API_KEY",
    "LIVEKIT_API_SECRET",
    "AGENT_NAME",
    "KIOSK_ID",
    "DEEPGRAM_API_KEY",
    "FIREWORKS_API_KEY",
    "LLM_BASE_URL",
    "LLM_API_KEY",
    "MENU_PATH",
    "DATABASE_URL",
    "DATA_DIR",
)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config: pytest.Config) -> None:
    """A test run told to stop (SIGTERM: a CI timeout, `kill`, an xdist worker shut down)
    stops as on Ctrl-C, so every fixture's teardown runs and stops the servers it started
    (PostgreSQL, Redis, livekit-server run in their own sessions and would outlive it)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_on_sigterm)


@pytest.fixture(autouse=True)
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Tests never read the developer's environment or `.env`: each runs in its own directory."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    yield


class _Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


@pytest.fixture(autouse=True)
def understanding_never_fails(request: pytest.FixtureRequest) -> Iterator[None]:
    """The planner answers a fault of its own with "say it another way" and a log line, so a
    customer never meets a dead kiosk; in tests that fault is a failure all the same."""
    failures = _Failures()
    watched = logging.getLogger("agent.understanding")
    watched.addHandler(failures)
    try:
        yield
    finally:
        watched.removeHandler(failures)
    if request.node.get_closest_marker("understanding_fails") is None:
        assert not failures.seen, f"the understanding failed: {failures.seen}"


@pytest.fixture(autouse=True)
def qt_garbage_dies_on_the_qt_thread() -> Iterator[None]:
    """A test's Qt objects are deleted before the next test, on this thread (see
    kiosk.ui.bridge.dispose): left to the garbage collector they could be freed on a worker
    thread, which leaves dangling timers behind and crashes a later test."""
    yield
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()


@pytest.fixture(scope="session")
def livekit_server_bin() -> Path:
    """The pinned livekit-server, built once into the project cache if it is not there."""
    result = subprocess.run(
        [str(PROJECT_ROOT / "scripts" / "livekit-server.sh")],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"could not get livekit-server:\n{result.stderr}")
    path = Path(result.stdout.strip().splitlines()[-1])
    os.environ["LIVEKIT_SERVER_BIN"] = str(path)
    return path


@pytest.fixture
def session_thread() -> Iterator[SessionThread]:
    """The asyncio loop thread the kiosk app runs its LiveKit session on."""
    thread = SessionThread()
    yield thread
    thread.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the whole run (a fresh database per test)."""
    with running_postgres() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes this runs twice: on a SQLite file and on a real PostgreSQL."""
    if request.param == "sqlite":
        return default_database_url(tmp_path / "data")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()
