"""One app per data folder: a lock file in the folder (``QLockFile``: a lock left by a crashed
process is recognised as stale and taken over, so it never blocks a start) and a local socket
named after the folder, through which a second launch asks the first to raise its window."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QLockFile, QObject, Signal

if TYPE_CHECKING:  # QtNetwork loads only when needed: after the first paint, or to hand over
    from PySide6.QtNetwork import QLocalServer

LOCK_NAME = "docket.lock"


def server_name(data_dir: Path) -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "user"
    key = f"{user}:{Path(data_dir).resolve()}".encode()
    digest = bytes(QCryptographicHash.hash(key, QCryptographicHash.Algorithm.Sha256).toHex())
    digest = digest[:20].decode()
    return f"docket-{digest}"


class SingleInstance(QObject):
    sig_raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        self.name = server_name(data_dir)
        self.lock = QLockFile(str(Path(data_dir) / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self.server: QLocalServer | None = None
        self.problem = ""  # why a launch that got neither the lock nor an answer gave up

    def acquire(self, *, listen: bool = True) -> bool:
        """True: this process is the first for the data folder (it listens at once, or when
        :meth:`listen` is called). False: another one runs and has been asked to raise its
        window — or neither answers nor lets go of the lock, and then no second writer starts.
        """
        for _attempt in range(5):
            if self.lock.tryLock(200):
                if listen:
                    self.listen()
                return True
            if self._ask_to_raise():
                return False
        info = self.lock.getLockInfo()  # PySide6: (pid, hostname, appname); pid 0 if unknown
        pid, host = (info[0], info[1]) if len(info) >= 2 else (0, "")
        holder = f"process {pid} on {host or 'this computer'}" if pid else "another Docket"
        self.problem = (
            f"the data folder is in use by {holder}, which does not answer. If Docket is not "
            f"running there (it crashed on another computer sharing this folder), delete "
            f"{self.lock.fileName()} and start Docket again"
        )
        return False

    def listen(self) -> None:
        """Answer later launches (they ask this one to raise its window)."""
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None:
            return
        QLocalServer.removeServer(self.name)  # a socket left by a crash
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)
        self.server.listen(self.name)

    def _ask_to_raise(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(1000):
            return False
        sock.write(b"raise\n")
        sock.waitForBytesWritten(1000)
        sock.disconnectFromServer()
        if sock.state() != sock.LocalSocketState.UnconnectedState:
            sock.waitForDisconnected(1000)
        return True

    def _connection(self) -> None:
        server = self.server
        while server is not None and server.hasPendingConnections():
            sock = server.nextPendingConnection()
            if sock.waitForReadyRead(1000) and bytes(sock.readAll().data()).strip() == b"raise":
                self.sig_raise_requested.emit()
            sock.disconnectFromServer()
            sock.deleteLater()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()
            self.server = None
        if self.lock.isLocked():
            self.lock.unlock()
