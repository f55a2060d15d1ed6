"""The cuttable network the faults bench runs its servers behind (tests/netns.py): a server in
the namespace is reached across the link, not while it is cut, again once it is restored, and
nothing of it is left on the machine afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from tests import netns
from tests.netns import can_make_namespaces, cuttable_network

NO_NAMESPACE = can_make_namespaces()


def _reaches(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=2):
            return True
    except OSError:
        return False


def _ip(*args: str) -> str:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=True).stdout


def test_a_machine_that_cannot_make_one_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert "iproute2" in (can_make_namespaces() or "")
    monkeypatch.setattr(shutil, "which", lambda _name: "/usr/bin/ip")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "root" in (can_make_namespaces() or "")
    with pytest.raises(netns.NetworkNamespaceUnavailable, match="root"), cuttable_network():
        pass


@pytest.mark.skipif(
    NO_NAMESPACE is not None, reason=f"cannot make a network namespace: {NO_NAMESPACE}"
)
def test_a_cut_network_stops_traffic_until_restored_and_leaves_nothing() -> None:
    with cuttable_network() as network:
        listener = subprocess.Popen(
            [*network.launcher, sys.executable, "-m", "http.server", "0", "--bind",
             network.address],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )  # fmt: skip
        try:
            assert listener.stdout is not None
            port = int(listener.stdout.readline().split(" port ")[1].split()[0])
            assert _reaches(network.address, port)
            network.cut()
            assert not _reaches(network.address, port)  # unreachable, not leaked elsewhere
            network.restore()
            deadline = time.monotonic() + 10
            while not _reaches(network.address, port) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _reaches(network.address, port)
            name, subnet, link = network.name, network.subnet, network.host_link
        finally:
            listener.kill()
            listener.wait()
    assert name not in _ip("netns", "list")
    assert link not in _ip("link", "show")
    assert subnet not in _ip("route", "show")
