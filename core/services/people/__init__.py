"""People and places: inmates, staff, prisons and units, terminals.
May import core.models, core.db, core.security, shared services, requests and appointments; no Flask."""
