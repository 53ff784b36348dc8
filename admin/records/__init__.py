"""Staff pages of records: timelines and reports.
May import core.web and core.services; never kiosk."""
