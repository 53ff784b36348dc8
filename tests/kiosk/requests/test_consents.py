"""Issue 14 on the kiosk: the consent step names who will read the request and what each
recipient would get; "My consents" withdraws in one step and gives consents for the whole
stay; "Who has received information about me" lists every disclosure."""
import re

from sqlalchemy import select

from core.models import Consent, Inmate, Request, Role
from core.services.requests import consents, filing as requests, handover, routing


def _to_consent_step(kiosk_user, topic="dagpenger"):
    kiosk_user.post("/requests/new/topic", {"topic": topic})
    kiosk_user.post("/requests/new/describe", {"kind": "question", "description": "Hjelp"})
    kiosk_user.post("/requests/new/urgency", {"language": "nb"})
    return kiosk_user.client.get("/requests/new/consent").get_data(as_text=True)


def test_the_step_names_the_team_the_routing_sends_it_to(kiosk_user, database, clock, world):
    kiosk_user.sign_in("A100")
    page = _to_consent_step(kiosk_user)
    team = re.search(r"data-reader-team>([^<]*)<", page)[1]
    assert team.startswith("Nav-veiledere i Fengsel A")
    assert 'data-purpose="handover"' in page and "Bare for denne henvendelsen" in page
    with database.session() as db:  # the administrator routes Nav topics to social work
        routing.save_rule(db, clock.now(), world.staff["prison_admin"], world.prison.id,
                          "dagpenger", routing.Route(Role.SOCIAL_WORKER))
    page = kiosk_user.client.get("/requests/new/consent").get_data(as_text=True)
    assert re.search(r"data-reader-team>([^<]*)<", page)[1].startswith(
        "Sosialkonsulenter i Fengsel A")


def test_withdrawing_is_one_step_and_takes_effect_everywhere(kiosk_user, database, clock,
                                                             world):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        item = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                             consents={"home_nav"})
        assert handover.handover_consent(db, item) is not None
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    consent_id = int(re.search(r"/requests/consents/(\d+)/withdraw", page)[1])
    assert kiosk_user.post(f"/requests/consents/{consent_id}/withdraw").status_code == 302
    with database.session() as db:
        assert handover.handover_consent(db, db.get(Request, item.id)) is None
    page = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    assert 'data-consent-state="withdrawn"' in page


def test_a_consent_for_the_whole_stay(kiosk_user, database, clock, world):
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    assert 'data-standing="meldekort_help"' in page
    done = kiosk_user.post("/requests/consents/give",
                           {"recipient": "social_work", "purpose": "meldekort_help"})
    assert done.status_code == 302
    kiosk_user.post("/requests/consents/give",
                    {"recipient": "social_work", "purpose": "meldekort_help"})  # twice: one
    with database.session() as db:
        given = db.scalars(select(Consent)).all()
        assert [(c.recipient, c.purpose, c.scope, c.asked_by_type) for c in given] == [
            ("social_work", "meldekort_help", "stay", "inmate")]


def test_an_unknown_recipient_or_purpose_is_refused_clearly(kiosk_user, database):
    kiosk_user.sign_in("A100")
    for data, text in (({"recipient": "police", "purpose": "meldekort_help"},
                        "Vi kjenner ikke den mottakeren"),
                       ({"recipient": "social_work", "purpose": "gossip"},
                        "Vi kjenner ikke det formålet"),
                       ({"recipient": "home_nav", "purpose": "meldekort_help"},
                        "kan ikke få samtykke til det formålet"),
                       ({"recipient": "school", "purpose": "share_request"},
                        "kan ikke få samtykke til det formålet")):
        refused = kiosk_user.post("/requests/consents/give", data)
        assert refused.status_code == 400
        assert text in refused.get_data(as_text=True) and "data-consent-error" in \
            refused.get_data(as_text=True)
    with database.session() as db:
        assert db.scalars(select(Consent)).all() == []


def test_who_has_received_information_about_me(kiosk_user, database, clock, world):
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/requests/disclosures").get_data(as_text=True)
    assert "data-no-disclosures" in page
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        item = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                             consents={"home_nav"})
        adviser = world.staff["adviser"]
        summary = handover.summary(db, clock.now(), adviser, item.id)
        handover.mark_sent(db, clock.now(), adviser, item.id, summary.consent.id)
        other = db.get(Inmate, world.inmates["a2"].id)
        theirs = requests.file(db, clock.now(), other, requests.Draft(topic="dagpenger"),
                               consents={"home_nav"})
        handover.mark_sent(db, clock.now(), adviser, theirs.id,
                           consents.of_request(db, theirs)[0].id)
        reference = item.reference
    page = kiosk_user.client.get("/requests/disclosures").get_data(as_text=True)
    assert page.count('data-disclosure="handover"') == 1  # never another inmate's
    assert "Nav-kontoret i hjemkommunen din" in page and reference in page
    assert 'data-class="request_text"' in page and "Det du skrev i henvendelsen" in page
    consents_page = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    assert 'href="/requests/disclosures"' in consents_page


def test_the_innsyn_page_lists_disclosures_in_words(kiosk_user, database, clock, world):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        item = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                             consents={"home_nav"})
        handover.mark_sent(db, clock.now(), world.staff["adviser"], item.id,
                           consents.of_request(db, item)[0].id)
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/me/data").get_data(as_text=True)
    assert "Det du skrev i henvendelsen, og svarene" in page and "request_text" not in page
    assert "Overlevering før løslatelse" in page  # the consent's purpose, in words
