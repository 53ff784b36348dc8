"""a PIN given by staff is one-time, and who gave it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 12:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch: on SQLite a batch rebuilds the table, and dropping the
    # old one would cascade to the rows that refer to it. PINs given before this revision
    # stay as they are (not one-time).
    op.add_column('inmate', sa.Column('pin_one_time', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.add_column('inmate', sa.Column('pin_reset_by', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('inmate', 'pin_reset_by')
    op.drop_column('inmate', 'pin_one_time')
