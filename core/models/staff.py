from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base
from core.models.prison import Prison


class Role(str, enum.Enum):
    ADVISER = "adviser"
    SOCIAL_WORKER = "social_worker"
    SCHOOL = "school"
    OFFICER = "officer"
    TRAINER = "trainer"
    WORK_SHOP = "work_shop"  # arbeidsdrift: the prison work shop
    PRISON_ADMIN = "prison_admin"
    SYSTEM_ADMIN = "system_admin"


staff_prison = Table(
    "staff_prison",
    Base.metadata,
    Column("staff_id", ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("prison_id", ForeignKey("prison.id", ondelete="CASCADE"), primary_key=True),
)


class StaffRole(Base):
    __tablename__ = "staff_role"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class StaffUser(Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None]
    # The last TOTP time step accepted: a code from this step or earlier is refused.
    totp_last_step: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]

    role_rows: Mapped[list[StaffRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    prisons: Mapped[list[Prison]] = relationship(
        secondary=staff_prison, lazy="selectin", order_by=Prison.name
    )

    @property
    def roles(self) -> set[Role]:
        return {Role(r.role) for r in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def prison_ids(self) -> set[int]:
        return {p.id for p in self.prisons}
