"""Practice tasks on a copy of NAV's services: content (tasks.toml), checks and attempts.
May import the forms and meldekort services and lessons; no Flask."""
