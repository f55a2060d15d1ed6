"""No secret of the local stack on any process's command line: every user of the machine can
read command lines (`ps`), while a process's environment is readable by its own user only."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from kiosk.localstack import LocalStack

pytestmark = pytest.mark.integration


def test_no_secret_is_on_a_command_line(livekit_server_bin: Path, tmp_path: Path) -> None:
    stack = LocalStack(
        tmp_path / "logs", agent_env={"DATA_DIR": str(tmp_path / "data")}, start_store=True
    )
    with stack as running:
        endpoint = running.endpoint
        assert endpoint is not None and endpoint.kiosk_key and endpoint.demo_password
        secrets = {endpoint.api_secret, endpoint.kiosk_key, endpoint.demo_password}
        command_lines = []
        for process in psutil.process_iter(["cmdline"]):
            command_lines.append(" ".join(process.info["cmdline"] or ()))
        ours = [line for line in command_lines if "livekit-server" in line or "agent" in line]
        assert any("livekit-server" in line for line in ours)  # the scan saw the stack
        leaked = [line for line in command_lines if any(s in line for s in secrets)]
        assert leaked == []
