"""Kiosk pages of requests ("Kontakt NAV og andre"): views and their forms.
May import core.web and core.services; never admin."""
