"""Which process holds a TCP port, so a start that finds its ports taken can say so.

Read from Linux's /proc (the listening socket's inode, then the process with that
socket open); elsewhere, or without the right to look, only that the port is taken.
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path
from typing import Iterable, List, Optional, Set, Tuple

_LISTEN = "0A"  # TCP state LISTEN in /proc/net/tcp


def is_free(host: str, port: int) -> bool:
    """True when nothing listens on ``host``:``port`` (we could bind it ourselves)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def holder(port: int, proc: Path = Path("/proc")) -> Optional[str]:
    """'process 1234 (python -m actions --port 5055)' for the process listening on
    ``port``, or None when it cannot be told."""
    inodes = _listening_inodes(port, proc)
    if not inodes:
        return None
    for pid_dir in proc.iterdir():
        if not pid_dir.name.isdigit():
            continue
        if inodes & _socket_inodes(pid_dir):
            return f"process {pid_dir.name} ({_command(pid_dir)})"
    return None


def taken(wanted: Iterable[Tuple[str, str, int]]) -> List[str]:
    """For each (part, host, port) already in use, a line saying who holds it."""
    problems = []
    for part, host, port in wanted:
        if not is_free(host, port):
            who = holder(port) or "another program"
            problems.append(f"Port {port} ({part}) is already in use by {who}.")
    return problems


def _socket_inodes(pid_dir: Path) -> Set[str]:
    """The inodes of the sockets a process holds open (none if it is gone or not ours)."""
    inodes = set()
    try:
        fds = list((pid_dir / "fd").iterdir())
    except OSError:
        return inodes
    for fd in fds:
        try:
            link = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if link.startswith("socket:["):
            inodes.add(link[len("socket:[") : -1])
    return inodes


def _listening_inodes(port: int, proc: Path) -> Set[str]:
    inodes = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == _LISTEN and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def _command(pid_dir: Path) -> str:
    try:
        raw = (pid_dir / "cmdline").read_bytes()
    except OSError:
        return "?"
    words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
    if not words:
        return "?"
    return " ".join(" ".join([Path(words[0]).name, *words[1:]]).split())[:120]
