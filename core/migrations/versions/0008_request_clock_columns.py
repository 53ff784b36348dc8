"""the clock that matters now, on the request row, and the indexes the queue reads

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 03:00:00
"""
import sqlalchemy as sa
from alembic import op

import core.models.base


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

BATCH = 5000

request = sa.table(
    'request', sa.column('id', sa.Integer), sa.column('created_at', core.models.base.UTCDateTime()),
    sa.column('first_response_at', core.models.base.UTCDateTime()),
    sa.column('closed_at', core.models.base.UTCDateTime()),
    sa.column('first_response_days', sa.Integer), sa.column('resolution_days', sa.Integer),
    sa.column('clock_deadline', core.models.base.UTCDateTime()),
    sa.column('clock_paused', sa.Boolean), sa.column('clock_met', sa.Boolean))
event = sa.table('request_event', sa.column('id', sa.Integer), sa.column('request_id', sa.Integer),
                 sa.column('at', core.models.base.UTCDateTime()), sa.column('to_status', sa.String))


def _fill(connection) -> None:
    """Every existing request gets the clock that matters now, worked out as the app does
    (core.services.requests.clocks.current, from the columns and the waits for the inmate
    in its history). This revision uses the app's own response-time rules rather than a
    copy (the working-day calendar and the pauses are long, and a copy could drift from
    what the app keeps); should their shape ever change, copy them here as they are now."""
    from core.services.requests.clocks import pause_spans, current

    waited = sa.select(event.c.request_id).where(event.c.to_status == 'waiting_for_inmate')
    after = 0
    while True:
        rows = connection.execute(
            sa.select(request.c.id, request.c.created_at, request.c.first_response_at,
                      request.c.closed_at, request.c.first_response_days,
                      request.c.resolution_days)
            .where(request.c.id > after).order_by(request.c.id).limit(BATCH)).all()
        if not rows:
            return
        ids = [r.id for r in rows]
        changes: dict[int, list] = {}
        for request_id, at, to_status in connection.execute(
                sa.select(event.c.request_id, event.c.at, event.c.to_status)
                .where(event.c.request_id.in_(ids), event.c.to_status.is_not(None),
                       event.c.request_id.in_(waited))
                .order_by(event.c.request_id, event.c.at, event.c.id)):
            changes.setdefault(request_id, []).append((at, to_status))
        values = []
        for r in rows:
            found = current(r.created_at, r.first_response_at, r.closed_at,
                            r.first_response_days, r.resolution_days,
                            pause_spans(changes.get(r.id, [])))
            values.append({'rid': r.id, 'deadline': found.deadline, 'paused': found.paused,
                           'met': found.met})
        connection.execute(request.update().where(request.c.id == sa.bindparam('rid')).values(
            clock_deadline=sa.bindparam('deadline'), clock_paused=sa.bindparam('paused'),
            clock_met=sa.bindparam('met')), values)
        after = ids[-1]


def upgrade() -> None:
    op.add_column('request', sa.Column('clock_deadline', core.models.base.UTCDateTime(timezone=True), nullable=True))
    op.add_column('request', sa.Column('clock_paused', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('request', sa.Column('clock_met', sa.Boolean(), nullable=False, server_default=sa.false()))
    _fill(op.get_bind())
    # The queue orders and pages its requests in this index alone (core.services.requests.queue):
    # the counts' columns first, then the order's. It replaces the counts' index.
    op.create_index('ix_request_team_queue', 'request',
                    ['prison_id', 'team', 'status', 'topic', 'language', 'assignee_id',
                     'clock_met', 'clock_paused', 'clock_deadline', 'created_at', 'inmate_id',
                     'id'], unique=False)
    op.drop_index('ix_request_team_counts', table_name='request')
    # Inmates released soon: raised in the queue, and its "release within N days" filter.
    op.create_index('ix_inmate_release', 'inmate', ['expected_release', 'status', 'prison_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_inmate_release', table_name='inmate')
    op.create_index('ix_request_team_counts', 'request',
                    ['prison_id', 'team', 'status', 'topic', 'language', 'assignee_id'],
                    unique=False)
    op.drop_index('ix_request_team_queue', table_name='request')
    for column in ('clock_met', 'clock_paused', 'clock_deadline'):
        op.drop_column('request', column)
