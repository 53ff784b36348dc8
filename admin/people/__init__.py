"""Staff pages of people and places: inmates, staff, prisons and terminals.
May import core.web and core.services; never kiosk."""
