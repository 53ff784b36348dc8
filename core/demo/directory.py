"""Demo entries for the home-municipality directory: the NAV office of every demo
inmate's home municipality. Invented names and numbers. One entry was last verified more
than a year ago, so the "needs checking" flag shows. Loading twice changes nothing."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import MunicipalityContact, StaffUser
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData

# number, NAV office, contact person, phone, e-mail, days since last verified
CONTACTS = [
    ("0301", "Nav Grünerløkka", "Hanne Bakke", "55 55 21 10", "hanne.bakke@nav.no", 40),
    ("3107", "Nav Fredrikstad", "Morten Strand", "55 55 21 24", "morten.strand@nav.no", 95),
    ("4601", "Nav Bergenhus", "Ingrid Solheim", "55 55 21 38", "ingrid.solheim@nav.no", 12),
    ("1103", "Nav Stavanger", "Espen Vik", "55 55 21 42", "espen.vik@nav.no", 180),
    ("5001", "Nav Falkenborg", "Marte Lien", "55 55 21 56", "marte.lien@nav.no", 60),
    ("1806", "Nav Narvik", "Tor Eide", "55 55 21 60", "tor.eide@nav.no", 430),
    ("3105", "Nav Sarpsborg", "Camilla Moe", "55 55 21 74", "camilla.moe@nav.no", 25),
    ("3101", "Nav Halden-Aremark", "Knut Aasen", "55 55 21 88", "knut.aasen@nav.no", 7),
    ("4204", "Nav Kristiansand", "Linn Haugland", "55 55 21 92", "linn.haugland@nav.no", 150),
    ("5501", "Nav Tromsø", "Jon Nilsen Sara", "55 55 22 06", "jon.nilsen.sara@nav.no", 75),
    ("3301", "Nav Drammen", "Sofie Berg", "55 55 22 14", "sofie.berg@nav.no", 200),
]


# The offices' visiting addresses (for the take-home sheet), where the demo has one.
ADDRESSES = {"0301": "Thorvald Meyers gate 1, 0555 Oslo",
             "4204": "Tollbodgata 2, 4611 Kristiansand",
             "4601": "Kaigaten 9, 5016 Bergen"}


def load_directory(db: Session, now: datetime) -> int:
    """Adds the entries that are missing, as the demo system administrator; returns how
    many were added."""
    admin = db.scalar(select(StaffUser).where(StaffUser.username == "sysadmin"))
    added = 0
    for number, office, name, phone, email, days in CONTACTS:
        if admin is None or db.get(MunicipalityContact, number) is not None:
            continue
        directory.save(db, now, admin, number, ContactData(
            nav_office=office, contact_name=name, phone=phone, email=email,
            address=ADDRESSES.get(number, ""), verified_on=directory.today(now) - timedelta(days=days)))
        added += 1
    return added
