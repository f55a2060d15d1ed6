"""A test run stopped with SIGTERM (a CI timeout, `kill`) still stops the servers its fixtures
started: here the real PostgreSQL of `postgres_server`, which runs in its own session and would
otherwise outlive the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import PROJECT_ROOT
from tests.postgres import PostgresUnavailable, postgres_bindir

INNER = """
import threading
from pathlib import Path


def test_waits_with_a_server(postgres_server):
    Path({out!r}).write_text(str(postgres_server.root))
    threading.Event().wait(timeout=120)  # until the outer test's SIGTERM
"""


def _holding(root: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if root in " ".join(process.info["cmdline"] or ()):
            found.append(process)
    return found


def test_sigterm_stops_the_postgres_a_fixture_started(tmp_path: Path) -> None:
    try:
        postgres_bindir()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc))
    out = tmp_path / "root.txt"
    inner = tmp_path / "test_inner.py"
    inner.write_text(INNER.format(out=str(out)))
    run = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
         "--rootdir", str(tmp_path), str(inner)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not out.exists() and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.2)
        assert out.exists(), run.communicate(timeout=30)[0].decode()[-2000:]
        root = out.read_text()
        assert _holding(root), "the inner run's postgres is not running"
        run.send_signal(signal.SIGTERM)
        run.wait(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    left = _holding(root)
    for process in left:  # none, unless this test fails: then leave nothing behind either
        process.kill()
    assert left == []
    assert not Path(root).exists()
