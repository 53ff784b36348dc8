"""The work shop's staff pages (issue 16): an administrator creates a work shop and
chooses its staff; the work-shop staff add inmates, record attendance, write a statement,
let the inmate read it and send it (refused without consent, naming it); the Nav adviser
reads it on the inmate's record."""
from sqlalchemy import select

from core.models import Inmate, WorkAttendance, WorkShop, WorkStatement
from core.services.requests import consents
from core.services.work_shop import statements
from tests.support import work_shop as seed

STATEMENT = {"attendance": "good", "punctuality": "varies", "cooperation": "very_good",
             "tasks": "Sliper og lakkerer.", "what_helps": "En fast plan.",
             "comment": "Merkelapp-uttalelse"}


def test_an_administrator_creates_a_work_shop_and_chooses_its_staff(staff_user, database,
                                                                      world):
    staff_user.sign_in("prison_admin")
    response = staff_user.post("/work-shops/", {"prison_id": world.prison.id,
                                                "name": "Snekkerverkstedet"})
    assert response.status_code == 302
    with database.session() as db:
        shop_id = db.scalar(select(WorkShop.id))
    page = staff_user.client.get(f"/work-shops/{shop_id}").get_data(as_text=True)
    assert "Work-shop" in page or "Work Shop" in page  # the candidate is offered
    response = staff_user.post(f"/work-shops/{shop_id}/staff",
                               {"staff_id": world.staff["work_shop"].id})
    assert response.status_code == 302
    response = staff_user.post(f"/work-shops/{shop_id}/members", {"inmate_number": "A100"})
    assert response.status_code == 302
    page = staff_user.client.get(f"/work-shops/{shop_id}").get_data(as_text=True)
    assert 'data-member="A100"' in page
    assert "attendance-" not in page  # administrators do not see or record attendance
    response = staff_user.post(f"/work-shops/{shop_id}/members", {"inmate_number": "B100"})
    assert response.status_code == 400
    assert "Ingen innsatt i dette fengselet har det innsattnummeret." in response.get_data(as_text=True)


def test_work_shop_staff_record_attendance_and_see_only_their_inmates(staff_user, database,
                                                                       clock, world):
    with database.session() as db:
        shop = seed.shop(db, clock.now(), world, "a")
        shop_id = shop.id
    staff_user.sign_in("work_shop")
    home = staff_user.client.get("/").get_data(as_text=True)
    assert "/work-shops/" in home and "/requests/" not in home and "/inmates/" not in home
    assert staff_user.client.get("/inmates/").status_code == 403
    assert staff_user.client.get("/requests/").status_code == 403
    inmate_id = world.inmates["a"].id
    response = staff_user.post(f"/work-shops/{shop_id}/attendance",
                               {f"attendance-{inmate_id}": "late"})
    assert response.status_code == 302
    with database.session() as db:
        assert db.scalar(select(WorkAttendance.status)) == "late"
    page = staff_user.client.get(f"/work-shops/inmates/{inmate_id}").get_data(as_text=True)
    assert "0 til stede, 1 for sent, 0 borte" in page
    assert staff_user.client.get(
        f"/work-shops/inmates/{world.inmates['a2'].id}").status_code == 404


def test_a_statement_is_written_read_by_the_inmate_and_sent_only_with_consent(
        staff_user, database, clock, world):
    with database.session() as db:
        seed.shop(db, clock.now(), world, "a")
    inmate_id = world.inmates["a"].id
    staff_user.sign_in("work_shop")
    response = staff_user.post(f"/work-shops/inmates/{inmate_id}/statements/new",
                               {**STATEMENT, "comment": "x" * 1001})
    assert response.status_code == 400
    response = staff_user.post(f"/work-shops/inmates/{inmate_id}/statements/new", STATEMENT)
    assert response.status_code == 302
    with database.session() as db:
        statement_id = db.scalar(select(WorkStatement.id))
    assert staff_user.post(f"/work-shops/statements/{statement_id}/ready").status_code == 302
    with database.session() as db:  # the inmate reads it on the kiosk
        statements.mark_read(db, clock.now(), db.get(Inmate, inmate_id), statement_id)
    response = staff_user.post(f"/work-shops/statements/{statement_id}/send")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "har ikke samtykket til at arbeidsdriften forteller Nav" in html
    assert "Mine samtykker" in html
    with database.session() as db:
        consents.give_standing(db, clock.now(), db.get(Inmate, inmate_id), "work_shop",
                               "work_capacity")
    assert staff_user.post(f"/work-shops/statements/{statement_id}/send").status_code == 302
    with database.session() as db:
        assert db.get(WorkStatement, statement_id).status == "sent"
    staff_user.post("/sign-out")
    staff_user.sign_in("adviser")
    record = staff_user.client.get(f"/inmates/{inmate_id}").get_data(as_text=True)
    assert "Merkelapp-uttalelse" in record and "data-record-work-statements" in record
    staff_user.post("/sign-out")
    staff_user.sign_in("social_worker")
    assert "Merkelapp-uttalelse" not in staff_user.client.get(
        f"/inmates/{inmate_id}").get_data(as_text=True)


def test_a_prison_administrator_grants_the_work_shop_role(staff_user, database, world):
    from core.models import Role, StaffUser

    staff_user.sign_in("prison_admin")
    page = staff_user.client.get("/staff/new").get_data(as_text=True)
    assert 'value="work_shop"' in page and "Arbeidsdrift" in page
    response = staff_user.post("/staff/new", {
        "username": "verksted", "name": "Vera Verksted", "roles": ["work_shop"],
        "prisons": [world.prison.id], "password": "long enough password", "active": "y"})
    assert response.status_code == 302
    with database.session() as db:
        user = db.scalar(select(StaffUser).where(StaffUser.username == "verksted"))
        assert user.roles == {Role.WORK_SHOP}
