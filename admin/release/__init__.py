"""Staff pages of the release plan, the arrival list and the upcoming releases.
May import core.web and core.services; never kiosk."""
