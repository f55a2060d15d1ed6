"""Real servers and a real browser for the store's pages: `kiosk-store serve` as a subprocess on
a free port, and Debian's headless Chromium driven through its chromedriver (no downloads)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

START_TIMEOUT_SECONDS = 60.0
DEMO_PASSWORD = "kitchen-demo-password"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningStore:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    kiosk_key: str


@contextlib.contextmanager
def running_store(
    data_dir: Path, *, database_url: str | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[RunningStore]:
    """`kiosk-store serve` with a manager "demo" (DEMO_PASSWORD) and a kiosk "front"."""
    port = _free_port()
    log = data_dir / "store.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    kiosk_key = "kk_" + "browser-test-kiosk-key".ljust(40, "x")
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "STORE_DEMO_PASSWORD": DEMO_PASSWORD,
        "STORE_DEMO_KIOSK_KEY": kiosk_key,
        "KIOSK_ID": "front",
        **({"DATABASE_URL": database_url} if database_url else {}),
        **(extra_env or {}),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "store", "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kiosk-store exited: {log.read_text()[-1500:]}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("kiosk-store did not start in time")
            time.sleep(0.1)
        yield RunningStore(url=url, process=process, log=log, kiosk_key=kiosk_key)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("no chromium: run scripts/system-deps.sh (Debian's chromium)")


def chromedriver_binary() -> str:
    found = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not Path(found).exists():
        raise RuntimeError("no chromedriver: run scripts/system-deps.sh (Debian's chromium-driver)")
    return found


@contextlib.contextmanager
def chromium(width: int = 1600, height: int = 1000) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_binary()
    for argument in (
        "--headless=new",
        "--no-sandbox",  # root in a container has no user namespaces for the sandbox
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={width},{height}",
        "--autoplay-policy=no-user-gesture-required",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(chromedriver_binary()))
    try:
        set_viewport(driver, width, height)
        yield driver
    finally:
        driver.quit()


def set_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    """The page's own size exactly `width`×`height` (a screen of that size, no browser frame)."""
    driver.set_window_size(width, height)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


WAIT_SECONDS = 15


def sign_in(driver: WebDriver, url: str, page: str, password: str = DEMO_PASSWORD) -> None:
    """Signs in as the demo manager on the sign-in page that `page` leads to."""
    driver.get(f"{url}{page}")
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: "Staff sign-in" in d.page_source)
    driver.find_element(By.NAME, "username").send_keys("demo")
    driver.find_element(By.NAME, "password").send_keys(password + Keys.ENTER)
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: d.current_url.endswith(page))


# the pages redraw on every change: read them in one script, never through stale elements
TICKETS_JS = """return [...document.querySelectorAll('article.ticket')].map(t => ({
  number: t.querySelector('.number').textContent, state: t.querySelector('.state').textContent,
  selected: t.classList.contains('selected')}));"""
BOARD_JS = """return Object.fromEntries(['preparing', 'ready'].map(c =>
  [c, [...document.querySelectorAll('#' + c + ' .num')].map(n => n.textContent)]));"""


def _tickets(driver: WebDriver) -> dict[str, dict[str, object]]:
    found = driver.execute_script(TICKETS_JS)
    return {str(t["number"]): t for t in found}


def ticket_state(driver: WebDriver, number: int) -> str | None:
    ticket = _tickets(driver).get(f"#{number}")
    return str(ticket["state"]).lower() if ticket else None


def is_selected(driver: WebDriver, number: int) -> bool:
    ticket = _tickets(driver).get(f"#{number}")
    return bool(ticket and ticket["selected"])


def board_column(driver: WebDriver, number: int) -> str | None:
    columns = driver.execute_script(BOARD_JS)
    for column in ("preparing", "ready"):
        if str(number) in columns[column]:
            return column
    return None
