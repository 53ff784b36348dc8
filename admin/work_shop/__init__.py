"""Staff pages of the prison work shop (issue 16): work shops, their staff and inmates and
attendance (views), and the work-capacity statement (statements), with their forms.
May import core.web and core.services; never kiosk."""
