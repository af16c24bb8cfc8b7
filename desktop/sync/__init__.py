"""Sync with a firm server: the outbox, the transport (the only module importing requests),
the engine (push, then pull), and the session token in the OS keyring."""
