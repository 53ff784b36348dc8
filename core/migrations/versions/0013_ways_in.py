"""every way in: requests registered by staff (channel, who), forwards, paper-note images

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 15:00:00

Existing requests were filed by inmates at a terminal: no channel, nobody logged them,
and their promise clocks still count from the filing.
"""
import sqlalchemy as sa
from alembic import op

import core.models.base


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch: a batch would rebuild `request` on SQLite (and
    # cascade to its messages). The staff member is a plain id (no foreign key can be
    # added on SQLite without a rebuild).
    op.add_column('request', sa.Column('channel', sa.String(length=24), nullable=True))
    op.add_column('request', sa.Column('logged_by_id', sa.Integer(), nullable=True))
    op.add_column('request', sa.Column('clock_started_at',
                                       core.models.base.UTCDateTime(timezone=True),
                                       nullable=True))
    op.create_table(
        'request_forward',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('at', core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('from_team', sa.String(length=32), nullable=False),
        sa.Column('to_team', sa.String(length=32), nullable=False),
        sa.Column('from_prison_id', sa.Integer(), nullable=False),
        sa.Column('to_prison_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['request_id'], ['request.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id']),
        sa.ForeignKeyConstraint(['from_prison_id'], ['prison.id']),
        sa.ForeignKeyConstraint(['to_prison_id'], ['prison.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_request_forward_request_id', 'request_forward', ['request_id'])
    op.create_table(
        'request_attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('stored_name', sa.String(length=80), nullable=False),
        sa.Column('content_type', sa.String(length=32), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('uploaded_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['request_id'], ['request.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['staff_user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('stored_name'),
    )
    op.create_index('ix_request_attachment_request_id', 'request_attachment', ['request_id'])


def downgrade() -> None:
    op.drop_index('ix_request_attachment_request_id', table_name='request_attachment')
    op.drop_table('request_attachment')
    op.drop_index('ix_request_forward_request_id', table_name='request_forward')
    op.drop_table('request_forward')
    op.drop_column('request', 'clock_started_at')
    op.drop_column('request', 'logged_by_id')
    op.drop_column('request', 'channel')
