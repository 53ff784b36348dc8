"""The home-municipality directory: municipalities (data/*.csv), NAV offices and their contacts,
and its CSV import and export. May import core.models, core.db and shared services; no Flask."""
