"""One app per data folder: a lock file in the folder (``QLockFile``: a lock left by a crashed
process is recognised as stale and taken over, so it never blocks a start) and a local socket
named after the folder, through which a second launch asks the first to raise its window."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = "docket.lock"


def server_name(data_dir: Path) -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "user"
    digest = hashlib.sha256(f"{user}:{Path(data_dir).resolve()}".encode()).hexdigest()[:20]
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

    def acquire(self) -> bool:
        """True: this process is the first for the data folder. False: another one runs
        and has been asked to raise its window."""
        for _attempt in range(3):
            if self.lock.tryLock(200):
                QLocalServer.removeServer(self.name)  # a socket left by a crash
                self.server = QLocalServer(self)
                self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
                self.server.newConnection.connect(self._connection)
                self.server.listen(self.name)
                return True
            if self._ask_to_raise():
                return False
        # the holder neither answers nor is gone: report rather than start a second writer
        return False

    def _ask_to_raise(self) -> bool:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(1000):
            return False
        sock.write(b"raise\n")
        sock.waitForBytesWritten(1000)
        sock.disconnectFromServer()
        if sock.state() != QLocalSocket.LocalSocketState.UnconnectedState:
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
