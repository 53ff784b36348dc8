"""The release checklist: six items counted back from the expected release.
May import core.models, core.db and shared services; no Flask."""
