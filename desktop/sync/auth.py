"""The session token: in the OS keyring (service ``docket``, user = the workspace's own id, so
two data folders never share a token), or — where no usable keyring exists — in
``<data-dir>/session.token`` with mode 0600, said once on stderr. Tokens never appear in
settings, logs or command output."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SERVICE = "docket"
TOKEN_FILE = "session.token"


class TokenStore:
    def __init__(self, data_dir: Path, workspace_id: str) -> None:
        self.file = Path(data_dir) / TOKEN_FILE
        self.user = workspace_id
        self.used_file = False

    def _keyring_usable(self) -> bool:
        try:
            import keyring
            from keyring.backends import fail, null

            backend = keyring.get_keyring()
            return not isinstance(backend, (fail.Keyring, null.Keyring))
        except Exception:
            return False

    def save(self, token: str) -> str:
        """Store the token; returns where ("keyring" or "file")."""
        if self._keyring_usable():
            try:
                import keyring

                keyring.set_password(SERVICE, self.user, token)
                if keyring.get_password(SERVICE, self.user) == token:
                    self.file.unlink(missing_ok=True)
                    return "keyring"
            except Exception:
                pass
            # an older token left in the keyring would shadow the file's new one on load
            try:
                import keyring

                keyring.delete_password(SERVICE, self.user)
            except Exception:
                pass
        self._write_file(token)
        self.used_file = True
        sys.stderr.write(
            "docket: warning: no usable keyring on this system; the session token is kept in "
            f"{self.file} (readable only by you)\n"
        )
        return "file"

    def _write_file(self, token: str) -> None:
        tmp = self.file.with_name(self.file.name + ".tmp")
        tmp.unlink(missing_ok=True)  # a leftover keeps its own mode: start from nothing
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(token)
        os.chmod(tmp, 0o600)
        tmp.replace(self.file)

    def load(self) -> str | None:
        if self._keyring_usable():
            try:
                import keyring

                token = keyring.get_password(SERVICE, self.user)
                if token:
                    return token
            except Exception:
                pass
        try:
            text = self.file.read_text(encoding="utf-8").strip()
            self.used_file = True
            return text or None
        except OSError:
            return None

    def delete(self) -> None:
        if self._keyring_usable():
            try:
                import keyring

                keyring.delete_password(SERVICE, self.user)
            except Exception:
                pass
        self.file.unlink(missing_ok=True)
