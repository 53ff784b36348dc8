"""Staff pages of the home-municipality directory (views) and their forms.
May import core.web and core.services; never kiosk."""
