"""The defences of ``ties serve`` against hostile clients and queries, kept apart from the protocol code.

* Host names: a page on another site can make a browser send requests to
  127.0.0.1 under the site's own name (DNS rebinding); only the names the
  server was started for are answered.
* A deadline for reading a whole request, not a timeout per read, so a client
  trickling a header line every few seconds cannot hold a connection forever.
* Answers cut to a number of bytes as well as rows: one ``GROUP_CONCAT`` row
  can hold the whole store.
* Query workers without a network, when no SERVICE is allowed: whatever the
  query check misses cannot reach another server from there.
"""
from __future__ import annotations

import ctypes
import io
import ipaddress
import os
import socket
import time
from collections.abc import Callable, Sequence
from typing import Any

#: Host names a server bound to loopback always answers to.
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


def host_name(header: str) -> str:
    """The name part of a Host header: lower case, port and IPv6 brackets removed."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


def host_allowed(header: str | None, bound: str, allowed: Sequence[str]) -> bool:
    """Whether a request naming this Host may be answered.

    An address literal cannot be rebound by DNS, so any is fine; so are localhost, the
    name the server was bound to and the ``--allow-host`` names (``*`` allows all).
    A request with no Host (HTTP/1.0) did not come from a browser on a rebound name.
    """
    if header is None:
        return True
    name = host_name(header)
    if "*" in allowed or name in LOCAL_NAMES or name == bound.lower() or name in (a.lower() for a in allowed):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name.endswith(".localhost")
    return True


class DeadlineReader(io.RawIOBase):
    """A socket's reading side that fails once a deadline passes, however the bytes trickle in.

    Each read waits only for the time left, so the whole request (line, headers,
    body) has to arrive within the client timeout.
    """

    def __init__(self, sock: socket.socket, deadline: Callable[[], float]) -> None:
        super().__init__()
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self._deadline() - time.monotonic()
        if left <= 0:
            raise TimeoutError("the client did not send its request within the client timeout")
        self._sock.settimeout(left)
        return self._sock.recv_into(buffer)


def fit(count: int, render: Callable[[int], bytes], sizes: Sequence[int], max_bytes: int) -> tuple[bytes, int]:
    """The longest rendering of the first n ≤ ``count`` items within ``max_bytes``, and that n.

    ``sizes`` are the items' estimated sizes, which give the first guess; the answer is
    then rendered, and shrunk in proportion while it is still too long (a few rounds at most).
    """
    n, total = 0, 0
    for size in sizes[:count]:
        if total + size > max_bytes:
            break
        total, n = total + size, n + 1
    body = render(n)
    while len(body) > max_bytes and n > 0:
        n = min(n - 1, n * max_bytes // len(body))
        body = render(n)
    return body, n


def isolate_network() -> bool:
    """Move this process into a network namespace of its own (no interfaces up); False where not allowed.

    Called by a query worker before it opens the store, while it has one thread, when no
    SERVICE is allowed: then even a SERVICE the query check missed has nowhere to connect.
    """
    if not hasattr(os, "getuid") or not os.path.exists("/proc/self/ns/net"):
        return False
    new_user, new_net = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    flags = new_net if os.getuid() == 0 else new_user | new_net
    return libc.unshare(flags) == 0
