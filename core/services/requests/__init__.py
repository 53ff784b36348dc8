"""Requests, from filing to the last reply: filing and the inmate's thread (filing), drafts, reads,
the clocks and promises (clocks, sla, escalations), routing, topics, standard replies (canned),
the staff queue and work on several requests at once (several), consents and the hand-over
summary. May import core.models, core.db, core.audit and shared services (errors,
permissions, scoping, workdays, directory); no Flask."""
