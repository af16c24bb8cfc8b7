"""Small windows: first run, quick switch, completion of held time, away time, settings."""
