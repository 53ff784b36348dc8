"""What is new for the inmate, where they look first (issue 11, fault 8): a card staff sent
back counts as a meldekort to fill in on the forms page, and the home page says when a
reply came to a request or a form was sent back, each with a link to it."""
from core.models import FormSubmission, Inmate, Request, StaffUser
from core.services.forms import inbox as form_inbox
from core.services.requests import filing as requests
from tests.support import forms as seed


def _returned_card(database, clock, world) -> int:
    """A100's open period's card, sent, countersigned and returned by an adviser."""
    with database.session() as db:
        card = seed.meldekort(db, clock.now(), world)
        form_inbox.return_for_correction(db, clock.now(), db.get(StaffUser,
                                         world.staff["adviser"].id), card, "Du glemte tirsdag.")
        return card.id


def _replied(database, clock, world) -> tuple[int, str]:
    with database.session() as db:
        item = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                             requests.Draft(topic="dagpenger", description="Hei"))
        requests.reply(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id), item,
                       "Svar fra Nav")
        return item.id, item.reference


def _html(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_returned_card_is_a_meldekort_to_fill_in(kiosk_user, database, clock, world):
    with database.session() as db:
        seed.plan(db, clock.now(), world)
    _returned_card(database, clock, world)
    kiosk_user.sign_in("A100")
    tile = _html(kiosk_user.client.get("/forms/"))
    # The late period is still open to fill in, and the returned card must be sent again.
    assert 'data-due="2"' in tile and 'data-returned="1"' in tile
    assert "1 meldekort er sendt tilbake til deg" in tile
    assert "Du har ingen meldekort å fylle ut nå" not in tile


def test_only_a_returned_card_still_needs_sending(kiosk_user, database, clock, world):
    with database.session() as db:
        seed.plan(db, clock.now(), world)
        seed.meldekort(db, clock.now(), world, period_start=seed.LATE_PERIOD)
    _returned_card(database, clock, world)
    kiosk_user.sign_in("A100")
    tile = _html(kiosk_user.client.get("/forms/"))
    assert 'data-due="1"' in tile and 'data-returned="1"' in tile
    assert "Du har ingen meldekort å fylle ut nå" not in tile


def test_the_home_page_says_a_card_was_returned(kiosk_user, database, clock, world):
    card = _returned_card(database, clock, world)
    kiosk_user.sign_in("A100")
    home = _html(kiosk_user.client.get("/home"))
    news = home.split("data-home-news")[1]
    assert f'data-returned-form="{card}"' in news and 'href="/forms/meldekort/"' in news
    assert "sendt tilbake" in news


def test_a_returned_form_links_to_its_receipt(kiosk_user, database, clock, world):
    with database.session() as db:
        form = seed.generic(db, clock.now(), world, "jobseeker")
        form_inbox.return_for_correction(db, clock.now(), db.get(StaffUser,
                                         world.staff["adviser"].id), form, "Mangler svar.")
        form_id = form.id
    kiosk_user.sign_in("A100")
    news = _html(kiosk_user.client.get("/home")).split("data-home-news")[1]
    assert f'data-returned-form="{form_id}"' in news and f'href="/forms/s/{form_id}"' in news


def test_the_home_page_says_a_reply_came_until_it_is_read(kiosk_user, database, clock, world):
    item, reference = _replied(database, clock, world)
    kiosk_user.sign_in("A100")
    news = _html(kiosk_user.client.get("/home")).split("data-home-news")[1]
    assert f'href="/requests/{item}"' in news and reference in news
    assert "Nytt svar" in news
    _html(kiosk_user.client.get(f"/requests/{item}"))  # reading it marks it read
    assert "data-home-news" not in _html(kiosk_user.client.get("/home"))


def test_nothing_new_and_nothing_of_others(kiosk_user, database, clock, world):
    _replied(database, clock, world)
    _returned_card(database, clock, world)
    kiosk_user.sign_in("A200")
    assert "data-home-news" not in _html(kiosk_user.client.get("/home"))
    with database.session() as db:
        assert db.query(Request).count() == 1 and db.query(FormSubmission).count() == 1
