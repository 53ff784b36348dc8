"""A work shop in prison A, run by the world's work-shop staff member, with inmates."""
from core.models import Inmate, StaffUser
from core.services.work_shop import shops, statements


def shop(db, now, world, *keys, name="Snekkerverkstedet"):
    admin = db.get(StaffUser, world.staff["prison_admin"].id)
    made = shops.create(db, now, admin, world.prison.id, name)
    shops.set_staff(db, now, admin, made, db.get(StaffUser, world.staff["work_shop"].id), True)
    for key in keys or ("a",):
        shops.add_member(db, now, admin, made, world.inmates[key].inmate_number)
    return made


DATA = statements.StatementData(attendance="good", punctuality="varies", cooperation="very_good",
                                tasks="Sliper og lakkerer møbler.",
                                what_helps="Faste oppgaver og en plan for dagen.",
                                comment="Møter opp og gjør en god jobb.")


def statement(db, now, world, key="a", *, read=True, consent=True):
    """A statement of inmate ``key`` (made ready, read by the inmate), and the consent."""
    from core.services.requests import consents

    writer = db.get(StaffUser, world.staff["work_shop"].id)
    inmate = db.get(Inmate, world.inmates[key].id)
    made = statements.create(db, now, writer, inmate, DATA)
    statements.make_ready(db, now, writer, made)
    if read:
        statements.mark_read(db, now, inmate, made.id)
    if consent:
        consents.give_standing(db, now, inmate, "work_shop", "work_capacity")
    return made
