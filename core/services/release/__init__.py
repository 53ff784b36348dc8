"""The release plan (issue 15): pathways as data (pathways.py); the plan, its items and
what the other services read of it (plan.py), its dates (plan_dates.py), staff changes
(plan_changes.py), staff reads and history (plan_reads.py), the inmate's own plan
(plan_inmate.py), the lists (plan_lists.py), release and transfer (plan_lifecycle.py).
May import core.models, core.db and shared services; no Flask."""
