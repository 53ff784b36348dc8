"""A card staff sent back must be sent again: "Meldekort due" lists it (issue 11, fault 8)."""
from core.models import StaffUser
from core.services.forms import inbox as form_inbox
from core.services.forms.meldekort import due as meldekort_due
from tests.support import forms as seed


def test_a_returned_card_is_due_again(staff_user, database, clock, world):
    with database.session() as db:
        seed.plan(db, clock.now(), world)
        seed.meldekort(db, clock.now(), world, period_start=seed.LATE_PERIOD)
        card = seed.meldekort(db, clock.now(), world)
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        assert [c.status.value for p in meldekort_due.due(db, clock.now(), adviser)
                for c in p.cards] == []
        form_inbox.return_for_correction(db, clock.now(), adviser, card, "Du glemte tirsdag.")
        assert [c.status.value for p in meldekort_due.due(db, clock.now(), adviser)
                for c in p.cards] == ["returned"]
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/forms/meldekort-due").get_data(as_text=True)
    assert 'data-due="A100"' in html and 'data-due-status="returned"' in html
    assert f"{world.prison.name} (1)" in html
    assert "Sendt tilbake til den innsatte" in html
