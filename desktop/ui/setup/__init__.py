"""The firm set-up views (personal workspace): a window with a page per kind of record."""
