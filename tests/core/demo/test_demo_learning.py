from datetime import datetime, timezone

from sqlalchemy import func, select

from core.demo import loader as demo
from core.models import Certificate, Inmate, StaffUser
from core.services.learning import certificates, progress as learning


def test_demo_lessons_have_progress_and_certificates_that_verify(db, hasher, pin_hasher):
    now = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)
    assert demo.load(db, now, hasher, pin_hasher).created
    inmate = db.scalar(select(Inmate).where(Inmate.inmate_number == "H1001"))
    states = learning.states(db, inmate)
    assert [k for k, s in states.items() if s.completed_at] == ["terminal", "login"]
    assert states["meldekort"].answered == 3 and states["meldekort"].current_step
    retry = db.scalar(select(Inmate).where(Inmate.inmate_number == "H1004"))
    assert learning.state(db, retry, "safety").needs_retry
    adviser = db.scalar(select(StaffUser).where(StaffUser.username == "veileder"))
    code = certificates.of_inmate(db, inmate)[0].code
    found = certificates.look_up(db, now, adviser, code)
    assert found.visible and [e.module for e in found.entries] == ["terminal", "login"]
    assert db.scalar(select(func.count()).select_from(Certificate)) == 3
    assert learning.large_text(db, db.scalar(select(Inmate).where(
        Inmate.inmate_number == "H1004")))
    assert not demo.load(db, now, hasher, pin_hasher).created
    assert db.scalar(select(func.count()).select_from(Certificate)) == 3
