"""Widgets: the entry editor, the matter picker, the timer display, the message bar."""
