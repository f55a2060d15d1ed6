"""The kiosk app's cold start (process start → attract screen shown) and its memory while an
order is in progress, against a real local stack. Writes bench/results/app.json.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/app_bench.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import psutil

STARTED = psutil.Process().create_time()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from agent.core.config import load_settings  # noqa: E402
from agent.core.menu import load_menu  # noqa: E402
from kiosk.localstack import LocalStack  # noqa: E402
from kiosk.session import SessionConfig  # noqa: E402
from kiosk.settings import KioskSettings  # noqa: E402
from kiosk.ui.app import build_app  # noqa: E402
from kiosk.ui.waiting import wait_signal, wait_until  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "app.json"


def main() -> None:
    app = QApplication(sys.argv)
    settings = load_settings(KioskSettings)
    imports_done = time.time()
    with tempfile.TemporaryDirectory() as tmp, LocalStack(Path(tmp) / "logs") as stack:
        assert stack.endpoint is not None
        config = stack.endpoint.configure(
            SessionConfig.from_settings(settings), agent_join_timeout=60
        )
        build_started = time.time()
        kiosk = build_app(
            settings, config, load_menu(settings.menu_path), windowed=True, file_microphone=True
        )
        app.processEvents()
        attract_shown = time.time()
        try:
            kiosk.controller.start_order()
            wait_signal(kiosk.controller.connectionChanged, lambda s, _m: s == "ready", 90)
            wait_signal(kiosk.controller.agentStateChanged, lambda s: s == "listening", 60)
            kiosk.controller.send_text("two cheeseburgers, one without onions, and a large coke")
            wait_until(lambda: kiosk.controller.cart.item_count() >= 3, 60)
            wait_signal(kiosk.controller.agentStateChanged, lambda s: s == "listening", 60)
            ordering_rss = psutil.Process().memory_info().rss
        finally:
            kiosk.shutdown()
    # the local stack starts between the two phases here; its start-up is not the app's
    startup = imports_done - STARTED
    build = attract_shown - build_started
    results = {
        "cold_start_to_attract_s": round(startup + build, 2),
        "python_and_imports_s": round(startup, 2),
        "window_and_audio_s": round(build, 2),
        "rss_while_ordering_mb": round(ordering_rss / 2**20, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
