"""Staff pages of forms: the inbox, exports, countersigning and benefit plans.
May import core.web and core.services; never kiosk."""
