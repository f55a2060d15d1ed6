"""The packaged kiosk (kiosk.spec, `make package`): built once here with PyInstaller into a temp
directory, then checked for what it must and must not carry, and run frozen: its `--self-test`
orders by touch through a real window on a real X server, against a real livekit-server and
agent worker (from this checkout's environment, as a store machine's install would run it)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.localstack import LocalStack
from tests.stored_orders import stored_item_ids
from tests.xserver import stop_process, xvfb

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_SECONDS = 900
SELF_TEST_TIMEOUT_SECONDS = 300

# the worker's machinery and models: none of it belongs in the kiosk
WORKER_ONLY = re.compile(
    r"(^|/)(livekit/agents|livekit/plugins|faster_whisper|ctranslate2|onnxruntime|sqlalchemy|"
    r"alembic|aiosqlite|asyncpg|tokenizers|huggingface_hub|agent/(worker|ordering|understanding|"
    r"voice|providers|store|tools|evaluation))(/|\.|$)|\.onnx$|model\.bin$"
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(ROOT / "kiosk.spec"), "--noconfirm",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         "--log-level", "WARN"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    return work / "dist" / "kiosk"


def _files(bundle: Path) -> list[str]:
    return [str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file()]


def test_the_bundle_carries_the_kiosk_and_nothing_of_the_worker(bundle: Path) -> None:
    files = _files(bundle)
    assert (bundle / "kiosk").is_file() and os.access(bundle / "kiosk", os.X_OK)
    internal = bundle / "_internal"
    for needed in (
        "assets/menu.yaml",
        "assets/theme/kiosk.qss",
        "assets/fonts/Inter-Regular.otf",
        "livekit/rtc/resources/liblivekit_ffi.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    ):
        assert (internal / needed).is_file(), needed
    carried = [f for f in files if WORKER_ONLY.search(f)]
    assert carried == []
    # the Python modules inside the archive: the kiosk and the pure domain only
    listing = subprocess.run(
        [sys.executable, "-m", "PyInstaller.utils.cliutils.archive_viewer", "--list",
         "--recursive", str(bundle / "kiosk")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    modules = set(
        re.findall(r"\b(agent(?:\.\w+)*|livekit\.\w+|sqlalchemy|faster_whisper)\b", listing)
    )
    assert "agent.core.menu" in modules and "livekit.rtc" in modules
    assert not {m for m in modules if WORKER_ONLY.search(m.replace(".", "/"))}


@pytest.fixture
def stack(livekit_server_bin: Path, tmp_path: Path) -> Iterator[tuple[LocalStack, Path]]:
    data_dir = tmp_path / "agent-data"
    with LocalStack(tmp_path / "logs", agent_env={"DATA_DIR": str(data_dir)}) as local:
        yield local, data_dir


def test_the_frozen_kiosk_orders_by_touch_on_a_real_screen(
    bundle: Path, stack: tuple[LocalStack, Path]
) -> None:
    local, data_dir = stack
    assert local.endpoint is not None
    with xvfb(1366, 768, window_manager=True) as server:
        env = {
            # a store PC's environment: no project checkout, no virtualenv on the path
            "HOME": os.environ.get("HOME", "/root"),
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "DISPLAY": server.display,
            "KIOSK_AUDIO": "none",
            "KIOSK_ID": "frozen-self-test",
            **local.endpoint.env(),
        }
        process = subprocess.Popen(
            [str(bundle / "kiosk"), "--self-test"],
            env=env,
            cwd="/",
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            output, _ = process.communicate(timeout=SELF_TEST_TIMEOUT_SECONDS)
        finally:
            stop_process(process)
    assert process.returncode == 0, output
    assert "self-test: attract screen shown" in output
    placed = re.search(r"self-test: order (\d+) placed and confirmed", output)
    assert placed, output
    assert len(stored_item_ids(data_dir, int(placed.group(1)))) == 1


def test_the_frozen_kiosk_explains_a_bad_setting_in_one_line(bundle: Path) -> None:
    result = subprocess.run(
        [str(bundle / "kiosk"), "--locked"],
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "STAFF_PIN_HASH" in result.stderr and "Traceback" not in result.stderr
