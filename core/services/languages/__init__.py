"""The kiosk's languages and how far each is translated (issue 18): what administrators
see on "Språk i kiosken" and the README lists. Reads core.locales, core.content and the
message catalogues; imports no other capability."""
