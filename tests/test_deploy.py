"""The systemd units in deploy/ are valid: `systemd-analyze verify` accepts them, with no
warning, once their install paths (/opt/voice-kiosk) point at this checkout's binaries."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
VENV_BIN = Path(sys.executable).parent


def test_the_units_pass_systemd_analyze_verify(tmp_path: Path, livekit_server_bin: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is not installed (scripts/system-deps.sh installs systemd)")
    units = sorted(DEPLOY.glob("*.service"))
    assert {u.name for u in units} >= {
        "livekit-server.service",
        "kiosk-agent.service",
        "kiosk-agent-standby.service",
        "kiosk.service",
        "cage-kiosk.service",
    }
    true = shutil.which("true")
    assert true is not None
    for unit in units:
        text = (
            unit.read_text(encoding="utf-8")
            .replace("/opt/voice-kiosk/.venv/bin", str(VENV_BIN))
            .replace("/opt/voice-kiosk/bin/livekit-server", str(livekit_server_bin))
            .replace("/usr/bin/cage", true)  # the compositor is not installed here
        )
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", *(str(tmp_path / u.name) for u in units)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # a bad directive is only a warning


def test_the_units_restart_the_kiosk_and_the_worker() -> None:
    for name in (
        "kiosk.service",
        "kiosk-agent.service",
        "kiosk-agent-standby.service",
        "cage-kiosk.service",
    ):
        assert "Restart=always" in (DEPLOY / name).read_text(encoding="utf-8")
