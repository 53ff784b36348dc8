"""The release plan (issue 15): pathways as data (pathways.py), the plan, its items,
dates, history, the lists, release and transfer (plan.py). May import core.models,
core.db and shared services; no Flask."""
