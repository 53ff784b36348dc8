"""Domain rules as plain functions, one package per capability (requests, appointments, forms
with meldekort, learning with practice, release, people, directory, records); the modules
here (errors, permissions, scoping, throttle, workdays, monitoring) are shared by them.
May import core.models, core.db, core.audit, core.clock and core.security; never Flask or core.web."""
