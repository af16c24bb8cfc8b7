"""The firm workspace's interactions: sign in, sign out, the needs-attention view, and the sync
status shown in the window and the tray."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.ui.dialogs.sign_in import SignInDialog
    from desktop.ui.sync_controller import SyncView
    from desktop.ui.views.attention_view import AttentionDialog


class SyncFlows:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.sync = app.sync
        self.window = app.window
        self.sign_in_dialog: SignInDialog | None = None
        self.attention_dialog: AttentionDialog | None = None

    def _parent(self) -> Any:
        return self.window if self.window.isVisible() else None

    def sign_in(self) -> None:
        from desktop.ui.dialogs.sign_in import SignInDialog

        dlg = self.sign_in_dialog = SignInDialog(
            self.sync, self.app.settings.server, self._parent()
        )
        dlg.accepted.connect(lambda: self._signed_in(dlg))
        dlg.show()

    def _signed_in(self, dlg: SignInDialog) -> None:
        signed = dlg.signed
        if signed is None:
            return
        self.app.settings.server = signed.server
        if self.app.session.snapshot is None:  # signed in from the first-run choice
            self.app.session.open()
        else:
            self.app.session.refresh()
        self.window.reload_week()
        note = f"Signed in to {signed.server} as {signed.person}."
        if signed.token_in == "file":
            note += " (No keyring on this system: the session is kept in a private file.)"
        if signed.sync_error:
            note += f" The first sync did not finish: {signed.sync_error}"
        self.window.show_note(note)

    def sign_out(self) -> None:
        if not self.app.confirm(
            "Sign out?",
            "Your work stays on this computer; changes not yet sent wait for your next "
            "sign-in. Sign out?",
        ):
            return

        def done(pending: int) -> None:
            text = "Signed out."
            if pending:
                text += f" {pending} changes are kept for your next sign-in."
            self.window.show_note(text)

        self.sync.sign_out(done)

    def attention(self) -> None:
        from desktop.ui.views.attention_view import AttentionDialog

        if self.attention_dialog is None:
            dlg = self.attention_dialog = AttentionDialog(
                self.app.runner, self.app.confirm, self._parent()
            )
            dlg.sig_resolved.connect(self._resolved)
        self.attention_dialog.load()
        self.attention_dialog.show()
        self.attention_dialog.raise_()

    def _resolved(self) -> None:
        self.sync.refresh_status()
        self.sync.changed()
        self.window.reload_week()

    def show_status(self, view: SyncView) -> None:
        self.window.show_sync(view)
        self.app.tray.show_sync(view)
