"""The passage out of prison (issue 15). The release plan: pathways as data
(pathways.py); the plan, its items and what the other services read of it (plan.py), its
dates (plan_dates.py), staff changes (plan_changes.py), staff reads and history
(plan_reads.py), the inmate's own plan (plan_inmate.py), the lists (plan_lists.py),
release and transfer (plan_lifecycle.py). The hand-over to the home Nav office
(handover.py; its export in handover_export.py, receipt and outcome in
handover_follow_up.py), the take-home sheet (takehome.py), the plan's facts as these
read them (plan_view.py) and release statistics (statistics.py).
May import core.models, core.db and shared services; no Flask."""
