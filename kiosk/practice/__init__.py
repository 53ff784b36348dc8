"""Kiosk practice ("Øv på NAVs tjenester", /practice/): the blueprint and session state (common),
the pages (views), the pretend login and adviser, their forms and texts. May import core.web and
core.services; never admin."""
