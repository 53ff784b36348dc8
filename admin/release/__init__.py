"""Staff pages of the release checklist and upcoming releases.
May import core.web and core.services; never kiosk."""
