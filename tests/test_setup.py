"""scripts/setup.sh, what `make demo` and `make test` run first: silent when everything is
installed; a step that fails says which, how long it ran and the end of its log."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SETUP = Path(__file__).resolve().parent.parent / "scripts" / "setup.sh"


def _setup(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SETUP)],
        env=os.environ | {"KIOSK_CACHE_DIR": str(tmp_path / "cache")} | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_machine_that_has_everything_hears_nothing(
    tmp_path: Path, livekit_server_bin: Path
) -> None:
    result = _setup(tmp_path, LIVEKIT_SERVER_BIN=str(livekit_server_bin))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_a_failing_step_names_itself_and_shows_the_end_of_its_log(tmp_path: Path) -> None:
    result = _setup(tmp_path, LIVEKIT_SERVER_BIN=str(tmp_path / "missing"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("setup: livekit-server (usually ")
    failed, *tail = result.stderr.splitlines()
    assert failed.startswith("setup: livekit-server FAILED after ") and "(exit 1)" in failed
    assert any("is not an executable file" in line for line in tail), result.stderr
    log = tmp_path / "cache" / "setup" / "livekit-server.log"
    assert "is not an executable file" in log.read_text()
