"""Kiosk pages of forms: the form engine's pages and the meldekort's own steps and texts.
May import core.web and core.services; never admin."""
