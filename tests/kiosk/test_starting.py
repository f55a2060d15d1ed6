"""The starting screen in front of a real local stack: each step is shown with its time and
ticked off when the stack is up; a start that fails closes the screen, raises the stack's own
error and leaves nothing running."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.localstack import LocalStack, LocalStackError
from kiosk.ui.starting import DONE, start_with_screen
from tests.menus import bundled

pytestmark = pytest.mark.integration


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def test_each_step_is_shown_and_ticked_off_when_the_stack_is_up(
    qtbot: QtBot, tmp_path: Path, livekit_server_bin: Path
) -> None:
    stack = LocalStack(tmp_path / "logs", agent_env={"DATA_DIR": str(tmp_path / "data")})
    try:
        endpoint, screen = start_with_screen(
            _app(), stack, bundled(), windowed=True, size=(1024, 768)
        )
        qtbot.addWidget(screen)
        assert endpoint.url.startswith("ws://127.0.0.1:")
        assert screen.isVisible()
        assert screen.status.text() == "Ready"
        texts = [row.text() for row in screen.rows]
        for text, step in zip(texts, stack.steps, strict=True):
            assert text.startswith(f"{DONE}  {step}  (") and text.endswith(" s)"), texts
    finally:
        stack.stop()


def test_a_failed_start_closes_the_screen_and_stops_the_server(
    qtbot: QtBot, tmp_path: Path, livekit_server_bin: Path
) -> None:
    empty = tmp_path / "model"
    empty.mkdir()
    stack = LocalStack(
        tmp_path / "logs",
        agent_env={"DATA_DIR": str(tmp_path / "data"), "STT_MODEL_DIR": str(empty)},
    )
    with pytest.raises(LocalStackError, match="model.bin is missing"):
        start_with_screen(_app(), stack, bundled(), windowed=True, size=(1024, 768))
    assert stack.process_group_ids == []
    shown = [w for w in _app().topLevelWidgets() if w.isVisible()]
    assert not [w for w in shown if w.objectName() == "Starting"]
