"""the release plan: one plan per inmate stay, its items and history; the release
checklist's rows move into it and the checklist table is dropped

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 15:00:00

Every checklist row becomes a plan item with the same code (the six checklist items are
items of the "network" and "income" pathways, core.services.release.pathways): done
rows are "done" (with a history event at the time and by the person who ticked it),
rows with a note only are "in progress", the note is kept. Dropping the checklist table
is safe: no other table refers to it, and the downgrade writes the rows back.
"""
import json
from datetime import date, datetime, timezone

import sqlalchemy as sa
from alembic import op

import core.models.base


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

CHECKLIST_PATHWAY = {"release_date_known": "network", "income_applied": "income",
                     "appointment_booked": "network", "plans_shared": "network",
                     "responsibility_group": "network", "recorded": "network"}
DT = core.models.base.UTCDateTime(timezone=True)


def _aware(value):
    """A datetime read back through a plain query: SQLite gives text or naive UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def _day(value):
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date()


def _checklist_table():
    op.create_table(
        'checklist_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('inmate_id', sa.Integer(), nullable=False),
        sa.Column('item', sa.String(length=32), nullable=False),
        sa.Column('done_at', DT, nullable=True),
        sa.Column('done_by', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('updated_at', DT, nullable=False),
        sa.ForeignKeyConstraint(['done_by'], ['staff_user.id'],
                                name=op.f('fk_checklist_item_done_by_staff_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['inmate_id'], ['inmate.id'],
                                name=op.f('fk_checklist_item_inmate_id_inmate'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_item')),
        sa.UniqueConstraint('inmate_id', 'item', name='inmate_item'))


def upgrade() -> None:
    plan = op.create_table(
        'release_plan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('inmate_id', sa.Integer(), nullable=False),
        sa.Column('arrived_on', sa.Date(), nullable=False),
        sa.Column('earliest_on', sa.Date(), nullable=True),
        sa.Column('expected_on', sa.Date(), nullable=True),
        sa.Column('latest_on', sa.Date(), nullable=True),
        sa.Column('started_at', DT, nullable=False),
        sa.Column('updated_at', DT, nullable=False),
        sa.Column('frozen_at', DT, nullable=True),
        sa.Column('frozen_open', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['inmate_id'], ['inmate.id'],
                                name=op.f('fk_release_plan_inmate_id_inmate'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_release_plan')),
        sa.UniqueConstraint('inmate_id', name=op.f('uq_release_plan_inmate_id')))
    item = op.create_table(
        'release_plan_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('pathway', sa.String(length=16), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('owner', sa.String(length=16), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('visible_to_inmate', sa.Boolean(), server_default=sa.true(),
                  nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=True),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.Column('updated_at', DT, nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['release_plan.id'],
                                name=op.f('fk_release_plan_item_plan_id_release_plan'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['request_id'], ['request.id'],
                                name=op.f('fk_release_plan_item_request_id_request'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['updated_by'], ['staff_user.id'],
                                name=op.f('fk_release_plan_item_updated_by_staff_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_release_plan_item')),
        sa.UniqueConstraint('plan_id', 'code', name='plan_item_code'))
    event = op.create_table(
        'release_plan_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('at', DT, nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('pathway', sa.String(length=16), nullable=True),
        sa.Column('code', sa.String(length=32), nullable=True),
        sa.Column('actor_type', sa.String(length=8), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['release_plan.id'],
                                name=op.f('fk_release_plan_event_plan_id_release_plan'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'],
                                name=op.f('fk_release_plan_event_staff_id_staff_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_release_plan_event')))
    op.create_index('ix_release_plan_event_plan', 'release_plan_event', ['plan_id', 'at'])

    # The checklist's rows, into plans: nothing is lost.
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT c.inmate_id, c.item, c.done_at, c.done_by, c.note, c.updated_at,"
        " i.created_at, i.expected_release FROM checklist_item c"
        " JOIN inmate i ON i.id = c.inmate_id ORDER BY c.inmate_id, c.id")).all()
    plans: dict[int, int] = {}
    for inmate_id, code, done_at, done_by, note, updated_at, created_at, expected in rows:
        updated_at, done_at = _aware(updated_at), _aware(done_at)
        if inmate_id not in plans:
            started = _aware(created_at)
            plans[inmate_id] = (bind.execute(plan.insert().values(
                inmate_id=inmate_id, arrived_on=_day(created_at), expected_on=_day(expected),
                started_at=started, updated_at=updated_at, frozen_open=""))
            ).inserted_primary_key[0]
            bind.execute(event.insert().values(
                plan_id=plans[inmate_id], at=started, kind="started", actor_type="system",
                detail=json.dumps({"from": "checklist"})))
        status = "done" if done_at else ("in_progress" if note else "not_started")
        bind.execute(item.insert().values(
            plan_id=plans[inmate_id], pathway=CHECKLIST_PATHWAY.get(code, "network"),
            code=code, status=status, owner="adviser", note=note or "",
            visible_to_inmate=True, updated_by=done_by, updated_at=updated_at))
        if done_at:
            bind.execute(event.insert().values(
                plan_id=plans[inmate_id], at=done_at, kind="item",
                pathway=CHECKLIST_PATHWAY.get(code, "network"), code=code,
                actor_type="staff", staff_id=done_by,
                detail=json.dumps({"status": ["not_started", "done"]})))
    op.drop_table('checklist_item')


def downgrade() -> None:
    _checklist_table()
    bind = op.get_bind()
    checklist = sa.table('checklist_item', sa.column('inmate_id'), sa.column('item'),
                         sa.column('done_at', DT), sa.column('done_by'), sa.column('note'),
                         sa.column('updated_at', DT))
    rows = bind.execute(sa.text(
        "SELECT p.inmate_id, i.code, i.status, i.updated_by, i.note, i.updated_at"
        " FROM release_plan_item i JOIN release_plan p ON p.id = i.plan_id"
        " ORDER BY i.id")).all()
    for inmate_id, code, status, by, note, updated_at in rows:
        if code not in CHECKLIST_PATHWAY:
            continue  # the checklist had only its six items
        done = status == "done"
        bind.execute(checklist.insert().values(
            inmate_id=inmate_id, item=code, done_at=_aware(updated_at) if done else None,
            done_by=by if done else None, note=note or "", updated_at=_aware(updated_at)))
    op.drop_index('ix_release_plan_event_plan', table_name='release_plan_event')
    op.drop_table('release_plan_event')
    op.drop_table('release_plan_item')
    op.drop_table('release_plan')
