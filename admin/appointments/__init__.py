"""Staff pages of appointments: office hours and booking (views) and their forms.
May import core.web and core.services; never kiosk."""
