"""Hashing, tokens, throttling, sessions, terminal credentials and headers."""
