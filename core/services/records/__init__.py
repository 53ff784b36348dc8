"""Records about a person: timelines from the audit log, innsyn (subject_access), retention
and the reports. May import core.models, core.db, core.audit and any service package; no Flask."""
