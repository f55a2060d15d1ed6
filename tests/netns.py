"""A network a test can cut: a Linux network namespace joined to this one by a veth pair.

The servers (livekit-server and its worker) run inside the namespace, started through
`launcher` (`ip netns exec NAME`); the kiosk stays outside and reaches them at `address`
across the pair. `cut()` takes the kiosk's end of the link down, as a pulled cable or a
Wi-Fi drop would: its packets have nowhere to go (an `unreachable` route stands behind the
link, so nothing leaks out of the default route instead); `restore()` brings it back. The
servers keep talking to each other inside the namespace meanwhile. Needs root (CAP_NET_ADMIN)
and iproute2; everything made is removed on the way out, however the test ends."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass


class NetworkNamespaceUnavailable(RuntimeError):
    """This machine cannot make a network namespace (not root, or no iproute2)."""


def _ip(*args: str) -> None:
    result = subprocess.run(["ip", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise NetworkNamespaceUnavailable(
            f"`ip {' '.join(args)}` failed: {result.stderr.strip() or result.returncode}"
        )


@dataclass(frozen=True)
class CuttableNetwork:
    name: str
    address: str
    """The servers' address, inside the namespace, as the kiosk outside reaches it."""
    subnet: str
    host_link: str

    @property
    def launcher(self) -> tuple[str, ...]:
        """Prefix of a command that runs it inside the namespace."""
        return ("ip", "netns", "exec", self.name)

    def cut(self) -> None:
        _ip("link", "set", self.host_link, "down")

    def restore(self) -> None:
        _ip("link", "set", self.host_link, "up")


def can_make_namespaces() -> str | None:
    """None when this machine can make one, or why not."""
    if shutil.which("ip") is None:
        return "no `ip` command: install iproute2 (scripts/system-deps.sh does)"
    if os.geteuid() != 0:
        return "making a network namespace needs root (CAP_NET_ADMIN)"
    return None


@contextlib.contextmanager
def cuttable_network() -> Iterator[CuttableNetwork]:
    """Makes the namespace and its link, yields it, and removes both (and the route)."""
    reason = can_make_namespaces()
    if reason is not None:
        raise NetworkNamespaceUnavailable(reason)
    tag = secrets.token_hex(3)
    name, host_link, inner_link = f"kiosk-cut-{tag}", f"kc{tag}h", f"kc{tag}n"
    # a /30 in 10.213.0.0/16 picked at random: two runs side by side do not collide
    block = secrets.randbelow(1 << 14) * 4
    base = f"10.213.{block // 256}.{block % 256}"
    prefix = base.rsplit(".", 1)[0]
    host_address, inner_address = f"{prefix}.{block % 256 + 2}", f"{prefix}.{block % 256 + 1}"
    subnet = f"{base}/30"
    made: list[list[str]] = []
    try:
        _ip("netns", "add", name)
        made.append(["netns", "del", name])
        _ip("link", "add", host_link, "type", "veth", "peer", "name", inner_link)
        made.append(["link", "del", host_link])  # both ends: a namespace goes in its own time
        _ip("link", "set", inner_link, "netns", name)
        _ip("addr", "add", f"{host_address}/30", "dev", host_link)
        _ip("link", "set", host_link, "up")
        _ip("-n", name, "addr", "add", f"{inner_address}/30", "dev", inner_link)
        _ip("-n", name, "link", "set", inner_link, "up")
        _ip("-n", name, "link", "set", "lo", "up")
        # with the link down, the subnet is unreachable instead of sent out the default route
        _ip("route", "add", "unreachable", subnet, "metric", "4242")
        made.append(["route", "del", "unreachable", subnet, "metric", "4242"])
        yield CuttableNetwork(name, inner_address, subnet, host_link)
    finally:
        for undo in reversed(made):
            with contextlib.suppress(NetworkNamespaceUnavailable):
                _ip(*undo)
