"""Kiosk pages of lessons, classes and certificates.
May import core.web and core.services; never admin."""
