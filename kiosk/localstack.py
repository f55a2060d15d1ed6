"""A local LiveKit stack on loopback: a real livekit-server, the agent worker and (for the demo)
the store service as subprocesses.

Used by `kiosk --demo`, `make demo` and the integration tests. Every start picks free ports and a
fresh API secret; `stop()` ends every process group (the worker's job processes included).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from agent.core.config import check_port_free
from agent.core.resources import is_frozen
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.session import SessionConfig

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTALL_SCRIPT = PROJECT_ROOT / "scripts" / "livekit-server.sh"
WORKER_READY_MARKER = "agent worker registered"
WORKER_HTTP_PATTERN = re.compile(r"HTTP server listening on ([0-9.]+):([0-9]+)")
STOP_TIMEOUT_SECONDS = 10.0


class LocalStackError(KioskError):
    """The local livekit-server or agent worker could not be started."""


class StartCancelled(LocalStackError):
    """`stop()` was called while `start()` was still waiting (Ctrl-C on a starting screen)."""


STEP_SERVER = "Starting the LiveKit server"
STEP_STORE = "Opening the kitchen display and pickup board"
STEP_WORKER = "Loading the order assistant"
START_STEPS = (STEP_SERVER, STEP_STORE, STEP_WORKER)
"""What `start()` reports, in order, to its `progress` callback (the starting screen)."""


def find_livekit_server() -> Path:
    """The livekit-server binary: $LIVEKIT_SERVER_BIN, PATH, or the project's cached build."""
    explicit = os.environ.get("LIVEKIT_SERVER_BIN")
    if explicit:
        return Path(explicit)
    on_path = shutil.which("livekit-server")
    if on_path:
        return Path(on_path)
    cached = sorted((PROJECT_ROOT / ".cache" / "bin").glob("livekit-server-v*"))
    if cached:
        return cached[-1]
    raise LocalStackError(
        f"no livekit-server found; run {INSTALL_SCRIPT} (or `make setup`) to build the pinned "
        "version, or set LIVEKIT_SERVER_BIN"
    )


def worker_command() -> list[str]:
    """How the agent worker is started: from a checkout, this Python's `-m agent dev`; the
    packaged kiosk carries no agent, so it runs the store machine's install of it
    ($KIOSK_AGENT_BIN, else `kiosk-agent` on PATH; see README, "Installing in a store")."""
    if not is_frozen():
        return [sys.executable, "-m", "agent", "dev"]
    installed = os.environ.get("KIOSK_AGENT_BIN") or shutil.which("kiosk-agent")
    if not installed:
        raise LocalStackError(
            "the packaged kiosk does not contain the agent worker: install it on this machine "
            "(`make setup` in the project, or `pip install` of its wheel) and put kiosk-agent "
            "on PATH, or set KIOSK_AGENT_BIN"
        )
    return [installed, "dev"]


def store_command() -> list[str]:
    """How the store service is started: from a checkout, this Python's `-m store`; the packaged
    kiosk carries no store service, so the machine's install of it ($KIOSK_STORE_BIN, else
    `kiosk-store` on PATH)."""
    if not is_frozen():
        return [sys.executable, "-m", "store"]
    installed = os.environ.get("KIOSK_STORE_BIN") or shutil.which("kiosk-store")
    if not installed:
        raise LocalStackError(
            "the packaged kiosk does not contain the store service: install it on this machine "
            "and put kiosk-store on PATH, or set KIOSK_STORE_BIN"
        )
    return [installed]


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(
    port: int,
    timeout: float,
    process: subprocess.Popen[bytes],
    cancelled: threading.Event | None = None,
    what: str = "livekit-server",
    host: str = "127.0.0.1",
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cancelled is not None and cancelled.is_set():
            raise StartCancelled("the start was cancelled")
        if process.poll() is not None:
            raise LocalStackError(f"{what} exited with code {process.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise LocalStackError(f"{what} did not listen on port {port} within {timeout:.0f} s")


class _LogPump(threading.Thread):
    """Copies a child's output to a log file and signals when a marker line appears."""

    def __init__(self, process: subprocess.Popen[bytes], log_path: Path, marker: str | None):
        super().__init__(daemon=True, name=f"log-pump-{log_path.name}")
        self._process = process
        self._log_path = log_path
        self._marker = marker
        self.marker_seen = threading.Event()

    def run(self) -> None:
        assert self._process.stdout is not None
        with self._log_path.open("ab") as log:
            for line in self._process.stdout:
                log.write(line)
                log.flush()
                if self._marker and self._marker.encode() in line:
                    self.marker_seen.set()


@dataclass(frozen=True)
class StackEndpoint:
    url: str
    api_key: str
    api_secret: str = dataclasses.field(repr=False)
    store_url: str | None = None
    """The store service (kitchen, board, admin, /connection) when the stack runs one."""
    kiosk_key: str | None = dataclasses.field(default=None, repr=False)
    """This kiosk's device key on that store service."""
    demo_password: str | None = dataclasses.field(default=None, repr=False)
    """The store's "demo" manager password for this run."""

    def env(self) -> dict[str, str]:
        return {
            "LIVEKIT_URL": self.url,
            "LIVEKIT_API_KEY": self.api_key,
            "LIVEKIT_API_SECRET": self.api_secret,
        }

    def configure(self, config: SessionConfig, **changes: Any) -> SessionConfig:
        """`config` pointed at this server (and its store service, if any; with `changes`)."""
        if self.store_url is not None and self.kiosk_key is not None:
            changes = {
                "token_url": f"{self.store_url}/connection",
                "kiosk_key": self.kiosk_key,
                **changes,
            }
        return dataclasses.replace(
            config, url=self.url, api_key=self.api_key, api_secret=self.api_secret, **changes
        )


def _stop_group(process: subprocess.Popen[bytes] | None) -> None:
    """Stops a child and everything in its process group: SIGTERM, then SIGKILL after
    STOP_TIMEOUT_SECONDS. A group whose leader already died (a worker killed by a crash) can
    still hold its job processes; they are stopped too."""
    if process is None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        process.poll()
        return  # no one is left in the group
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class LocalStack:
    """`with LocalStack(log_dir) as stack:` runs livekit-server and the agent worker."""

    def __init__(
        self,
        log_dir: Path,
        *,
        agent_env: Mapping[str, str] | None = None,
        start_worker: bool = True,
        start_store: bool = False,
        kiosk_id: str = "demo",
        ready_timeout: float = 60.0,
        livekit_port: int = 0,
        redis_address: str | None = None,
        api_keys: tuple[str, str] | None = None,
        host: str = "127.0.0.1",
        launcher: tuple[str, ...] = (),
        workers: int = 1,
    ) -> None:
        """`redis_address` ("host:port") makes the server a node of LiveKit's distributed mode
        (nodes sharing that Redis serve one set of rooms and workers); `api_keys` (key,
        secret) are the cluster's shared keys (a fresh secret when not given). `host` is the
        address the server listens on and offers for media (loopback by default);
        `launcher` prefixes the server's and the worker's commands (the faults bench runs
        them in a network namespace, `ip netns exec NAME`, to cut the kiosk's network).
        `workers` worker processes register with the server (a second one is a standby that
        serves at once when the first dies, instead of the seconds its restart takes)."""
        if workers < 1:
            raise ValueError("a stack runs at least one worker")
        self._host = host
        self._launcher = launcher
        self._log_dir = log_dir
        self._redis_address = redis_address
        self._api_keys = api_keys
        self._agent_env = dict(agent_env or {})
        self._start_worker = start_worker
        self._start_store = start_store
        self._kiosk_id = kiosk_id
        self._store: subprocess.Popen[bytes] | None = None
        self._ready_timeout = ready_timeout
        self._livekit_port = livekit_port
        self._server: subprocess.Popen[bytes] | None = None
        self._workers: list[subprocess.Popen[bytes] | None] = [None] * workers
        self._crashed: list[subprocess.Popen[bytes]] = []
        self._server_config: tuple[Path, str, int] = (Path(), "", 0)
        self.endpoint: StackEndpoint | None = None
        self._cancelled = threading.Event()

    @property
    def agent_env(self) -> dict[str, str]:
        """Extra environment the agent worker runs with."""
        return dict(self._agent_env)

    @property
    def steps(self) -> tuple[str, ...]:
        """The START_STEPS this stack's `start()` goes through."""
        return tuple(
            step
            for step in START_STEPS
            if (step != STEP_STORE or self._start_store)
            and (step != STEP_WORKER or self._start_worker)
        )

    @property
    def server_log(self) -> Path:
        return self._log_dir / "livekit-server.log"

    @property
    def worker_log(self) -> Path:
        return self.worker_logs[0]

    @property
    def worker_logs(self) -> list[Path]:
        """Each worker process's log, the first one's `agent-worker.log`."""
        names = ["agent-worker.log"] + [
            f"agent-worker-{n}.log" for n in range(2, len(self._workers) + 1)
        ]
        return [self._log_dir / name for name in names]

    @property
    def store_log(self) -> Path:
        return self._log_dir / "store-service.log"

    def start(self, progress: Callable[[str], None] | None = None) -> StackEndpoint:
        """Starts both and returns when the worker has registered. `progress` hears each of
        START_STEPS as it begins (from this thread). `stop()` from another thread ends a start
        that is still waiting (StartCancelled) and stops what it had started."""
        report = progress or (lambda _step: None)
        self._log_dir.mkdir(parents=True, exist_ok=True)
        self._cancelled.clear()
        try:
            report(STEP_SERVER)
            self.endpoint = self._start_server()
            if self._start_store:
                self._check_cancelled()
                report(STEP_STORE)
                self.endpoint = self._start_store_service(self.endpoint)
            if self._start_worker:
                self._check_cancelled()
                report(STEP_WORKER)
                self._start_agent_workers(self.endpoint)
        except BaseException:
            self.stop()
            raise
        return self.endpoint

    def _start_server(self) -> StackEndpoint:
        binary = find_livekit_server()
        check_port_free("127.0.0.1", self._livekit_port, "LOCAL_LIVEKIT_PORT")
        http_port, rtc_tcp_port = self._livekit_port or free_port(), free_port()
        rtc_udp_port = free_port(socket.SOCK_DGRAM)
        api_key, api_secret = self._api_keys or ("kiosk-local", secrets.token_urlsafe(32))
        redis = ["redis:", f"  address: {self._redis_address}"] if self._redis_address else []
        config = "\n".join(
            [
                *redis,
                f"port: {http_port}",
                f'bind_addresses: ["{self._host}"]',
                "rtc:",
                f"  tcp_port: {rtc_tcp_port}",
                f"  udp_port: {rtc_udp_port}",
                f"  node_ip: {self._host}",
                "  use_external_ip: false",
                "keys:",
                f"  {api_key}: {api_secret}",
                "logging:",
                "  level: info",
            ]
        )
        self._server_config = (binary, config, http_port)
        self._launch_server()
        return StackEndpoint(f"ws://{self._host}:{http_port}", api_key, api_secret)

    def _launch_server(self) -> None:
        binary, config, http_port = self._server_config
        # the configuration holds the API secret: in the environment (readable by this user
        # only), never on the command line, which every user sees in `ps`
        self._server = subprocess.Popen(
            [*self._launcher, str(binary)],
            env={**os.environ, "LIVEKIT_CONFIG": config},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        _LogPump(self._server, self.server_log, marker=None).start()
        wait_for_port(
            http_port, self._ready_timeout, self._server, self._cancelled, host=self._host
        )

    def restart_server(self, *, crash: bool = False) -> None:
        """Stops livekit-server and starts it again on the same ports with the same keys (a
        server restart mid-order: its rooms are gone, kiosks and worker reconnect). `crash`
        kills it with SIGKILL first (a crash and a supervisor's restart) instead of letting
        it drain its rooms."""
        if crash:
            self.kill_server()
        elif self._server is None:
            raise LocalStackError("livekit-server is not running")
        else:
            _stop_group(self._server)
        self._server = None
        self._launch_server()

    def kill_server(self) -> None:
        """Kills livekit-server with SIGKILL, as a crash or a lost host would."""
        if self._server is None:
            raise LocalStackError("livekit-server is not running")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._server.pid, signal.SIGKILL)
        self._server.wait()

    def _start_store_service(self, endpoint: StackEndpoint) -> StackEndpoint:
        port = free_port()
        kiosk_key = "kk_" + secrets.token_urlsafe(32)
        password = secrets.token_urlsafe(9)
        env = {
            **os.environ,
            **self._agent_env,
            **endpoint.env(),
            "STORE_DEMO_PASSWORD": password,
            "STORE_DEMO_KIOSK_KEY": kiosk_key,
            "KIOSK_ID": self._kiosk_id,
        }
        self._store = subprocess.Popen(
            [*store_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        pump = _LogPump(self._store, self.store_log, marker="Application startup complete")
        pump.start()
        deadline = time.monotonic() + self._ready_timeout
        while not pump.marker_seen.wait(timeout=0.1):
            self._check_cancelled()
            if self._store.poll() is not None:
                pump.join(timeout=2)
                raise LocalStackError(
                    f"the store service could not start ({self._last_error(self.store_log)}); "
                    f"see {self.store_log}"
                )
            if time.monotonic() > deadline:
                raise LocalStackError(
                    f"the store service did not start within {self._ready_timeout:.0f} s; "
                    f"see {self.store_log}"
                )
        return dataclasses.replace(
            endpoint,
            store_url=f"http://127.0.0.1:{port}",
            kiosk_key=kiosk_key,
            demo_password=password,
        )

    def _start_agent_workers(self, endpoint: StackEndpoint) -> None:
        """Starts every worker process that is not running, one after the other."""
        for index, process in enumerate(self._workers):
            if process is None:
                self._start_agent_worker(endpoint, index)

    def _start_agent_worker(self, endpoint: StackEndpoint, index: int) -> None:
        log = self.worker_logs[index]
        env = {
            **os.environ,
            "AGENT_MAX_SESSIONS": "10",
            **self._agent_env,
            **endpoint.env(),
            "AGENT_HTTP_PORT": "0",
        }
        worker = subprocess.Popen(
            [*self._launcher, *worker_command()],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        self._workers[index] = worker
        pump = _LogPump(worker, log, marker=WORKER_READY_MARKER)
        pump.start()
        deadline = time.monotonic() + self._ready_timeout
        while not pump.marker_seen.wait(timeout=0.2):
            self._check_cancelled()
            if worker.poll() is not None:
                pump.join(timeout=2)  # the worker's last words reach its log
                reason = self._last_error(log) or f"exit code {worker.returncode}"
                raise LocalStackError(f"the agent worker could not start ({reason}); see {log}")
            if time.monotonic() > deadline:
                raise LocalStackError(
                    f"the agent worker did not register within {self._ready_timeout:.0f} s; "
                    f"see {log}"
                )

    def _check_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise StartCancelled("the start was cancelled")

    @staticmethod
    def _last_error(log: Path) -> str:
        """A child's own one-line reason: the last `error: …` line of its log ("" if none)."""
        try:
            lines = log.read_text(errors="replace").splitlines()
        except OSError:
            lines = []
        reasons = [line.removeprefix("error: ") for line in lines if line.startswith("error: ")]
        return reasons[-1] if reasons else ""

    def worker_http_url(self) -> str | None:
        """The running worker's own HTTP endpoint (`/` health, `/worker` its load and jobs), from
        its log; None before it listens."""
        try:
            log = self.worker_log.read_text(errors="replace")
        except OSError:
            return None
        found = WORKER_HTTP_PATTERN.findall(log)
        return f"http://{found[-1][0]}:{found[-1][1]}" if found else None

    @property
    def process_group_ids(self) -> list[int]:
        """Process groups of the running children (each child leads its own group)."""
        running = (self._server, self._store, *self._workers, *self._crashed)
        return [p.pid for p in running if p is not None]

    def stop_worker(self) -> None:
        """Stops only the agent workers (to see how kiosks cope without an agent)."""
        for index, process in enumerate(self._workers):
            _stop_group(process)
            self._workers[index] = None

    def worker_serving(self, room: str) -> int:
        """Which worker process (an index) started the session of `room`, from their logs."""
        for index in reversed(range(len(self._workers))):
            with contextlib.suppress(OSError):
                if f'"room": "{room}"' in self.worker_logs[index].read_text(errors="replace"):
                    return index
        raise LocalStackError(f"no worker's log mentions room {room}")

    def crash_worker(self, index: int = 0) -> int:
        """Kills a worker's main process alone with SIGKILL, as a crash would, leaving its job
        processes to fend for themselves; `stop()` still stops them. Returns its pid."""
        crashed = self._workers[index]
        if crashed is None:
            raise LocalStackError("no worker is running")
        self._workers[index] = None
        crashed.kill()
        crashed.wait()
        self._crashed.append(crashed)
        return crashed.pid

    def lose_host(self) -> None:
        """Kills livekit-server, the worker and its job processes with SIGKILL at once, as losing
        the machine they run on would; `restore_host()` brings them back on the same ports."""
        for process in (self._server, *self._workers, *self._crashed):
            if process is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self._server = None
        self._workers = [None] * len(self._workers)
        self._crashed.clear()

    def restore_host(self) -> None:
        """Starts livekit-server (same ports and keys) and the worker again after `lose_host`."""
        if self.endpoint is None or self._server is not None:
            raise LocalStackError("the stack was never started, or its server still runs")
        self._launch_server()
        if self._start_worker:
            self._start_agent_workers(self.endpoint)

    def restart_worker(self) -> None:
        """Starts the stopped or crashed agent workers again (an agent host coming back, a
        supervisor restarting a crashed worker)."""
        if self.endpoint is None or all(w is not None for w in self._workers):
            raise LocalStackError("the stack is not running, or its workers still are")
        self._start_agent_workers(self.endpoint)

    def stop(self) -> None:
        self._cancelled.set()  # a start still waiting in another thread gives up
        for process in (*self._workers, *self._crashed, self._store, self._server):
            _stop_group(process)
        self._workers = [None] * len(self._workers)
        self._server = self._store = None
        self._crashed.clear()

    def __enter__(self) -> LocalStack:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
