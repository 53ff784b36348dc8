"""Demo data for the lessons: some inmates have completed lessons and have a certificate,
one has stopped halfway, one must take a lesson again, and one reads with larger text.
Loaded once with the rest of the demo (core.demo.loader.load)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Inmate
from core.services.learning import progress as learning
from core.services.learning.lessons import catalogue

# inmate number, lesson, how many of its steps to answer (None: all), wrong answers first,
# days ago
# (The demo class (core.demo.classes) has H1001 and H1002 on "nav" in Hof today, and
# H1003, H1005, H1006 and HA2002 on other modules: none of those are touched here.)
PROGRESS = [
    ("H1001", "terminal", None, 0, 9),
    ("H1001", "login", None, 1, 6),
    ("H1001", "meldekort", 3, 0, 1),
    ("H1002", "terminal", 4, 0, 2),
    ("H1004", "safety", None, 4, 3),
    ("HA2001", "terminal", None, 0, 4),
    ("HA2001", "login", None, 0, 2),
    ("HA2003", "terminal", None, 1, 5),
]
CERTIFICATES = [("H1001", 5), ("HA2003", 4), ("HA2001", 1)]  # inmate number, days ago
LARGE_TEXT = ["H1004"]


def load(db: Session, now: datetime) -> None:
    by_number = {i.inmate_number: i for i in db.scalars(select(Inmate))}
    lessons = catalogue()
    for number, key, answered, wrong, days in PROGRESS:
        when = now - timedelta(days=days)
        steps = lessons.modules[key].text("nb").steps
        for index, step in enumerate(steps[:answered]):
            right = step.question.correct
            choice = (right + 1) % len(step.question.options) if index < wrong else right
            learning.answer(db, when, by_number[number], key, step.id, choice)
    for number, days in CERTIFICATES:
        learning.issue_certificate(db, now - timedelta(days=days), by_number[number])
    for number in LARGE_TEXT:
        learning.set_large_text(db, now, by_number[number], True)
    db.flush()
