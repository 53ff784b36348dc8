"""A disclosure: personal information that left the prison (a hand-over to the home Nav
office, an export or a print of personal records), kept so that the inmate can see what
was sent, to whom and when ("Who has received information about me")."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class Disclosure(Base):
    __tablename__ = "disclosure"

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))  # handover, export, print
    recipient: Mapped[str] = mapped_column(String(24))  # home_nav, or export/print by staff
    recipient_name: Mapped[str] = mapped_column(String(200), default="")  # office or person
    included: Mapped[str] = mapped_column(Text, default="[]")  # data classes, as JSON
    reference: Mapped[str] = mapped_column(String(64), default="")  # request or form ref
    staff_id: Mapped[int | None]
    consent_id: Mapped[int | None] = mapped_column(
        ForeignKey("consent.id", ondelete="SET NULL"))

    @property
    def classes(self) -> list[str]:
        return json.loads(self.included or "[]")
