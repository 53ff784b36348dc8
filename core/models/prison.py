from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base


class Prison(Base):
    __tablename__ = "prison"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))

    units: Mapped[list["Unit"]] = relationship(
        back_populates="prison", order_by="Unit.name", cascade="all, delete-orphan"
    )


class Unit(Base):
    """An avdeling: a wing or unit inside a prison."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("prison_id", "name", name="prison_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    prison: Mapped[Prison] = relationship(back_populates="units")
