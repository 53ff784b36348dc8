"""Appointments: staff office hours per prison and booking an inmate into a free slot.
May import core.models, core.db, shared services and requests; no Flask."""
