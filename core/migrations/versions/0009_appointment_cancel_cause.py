"""why an appointment was cancelled, when the system did it (a transfer or a release)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10 10:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for a cancellation by staff (their reason is for staff only); "transfer" or
    # "release" when the inmate left the prison, which the kiosk explains in their language.
    with op.batch_alter_table('appointment') as batch:
        batch.add_column(sa.Column('cancel_cause', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('appointment') as batch:
        batch.drop_column('cancel_cause')
