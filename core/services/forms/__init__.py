"""Forms on the form engine: definitions (content/forms), answers, drafts and submissions,
the staff inbox and exports, with the meldekort in meldekort/. May import core.models,
core.db, shared services and directory; no Flask."""
