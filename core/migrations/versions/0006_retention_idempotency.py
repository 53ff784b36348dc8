"""release date and request submit keys

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 16:37:29.293224
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batches: on SQLite a batch rebuilds the table, and dropping the
    # old one would cascade to the rows that refer to it.
    op.add_column('inmate', sa.Column('released_on', sa.Date(), nullable=True))
    op.add_column('request', sa.Column('submit_key', sa.String(length=64), nullable=True))
    op.create_index('uq_request_submit_key', 'request', ['submit_key'], unique=True)
    # Inmates already released count from the day of this migration: the retention period
    # can only start later than it should, never earlier.
    op.execute(sa.text("UPDATE inmate SET released_on = CURRENT_DATE WHERE status = 'released'"))


def downgrade() -> None:
    op.drop_index('uq_request_submit_key', table_name='request')
    op.drop_column('request', 'submit_key')
    op.drop_column('inmate', 'released_on')
