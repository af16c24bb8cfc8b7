"""Noticing that the person was away while a timer ran: the OS idle counter, a screen lock,
a sleep or a clock step (never input content)."""
