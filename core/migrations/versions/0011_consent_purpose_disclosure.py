"""consent per recipient, purpose and scope, with who asked; disclosures

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 13:00:00

Existing consents were given on the kiosk's request step: they get the scope "one
request" and the purpose that step asks each recipient for.
"""
import sqlalchemy as sa
from alembic import op

import core.models.base


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

STEP_PURPOSES = {"home_nav": "handover", "social_work": "share_request",
                 "school": "share_request", "work_shop": "work_capacity"}


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch: a batch would rebuild `consent` on SQLite.
    op.add_column('consent', sa.Column('purpose', sa.String(length=24), nullable=False,
                                       server_default='share_request'))
    op.add_column('consent', sa.Column('scope', sa.String(length=8), nullable=False,
                                       server_default='request'))
    # The form a "one form" consent is for: a plain id (SQLite cannot drop a column
    # that is part of a foreign key); the service checks it belongs to the inmate.
    op.add_column('consent', sa.Column('form_submission_id', sa.Integer(), nullable=True))
    op.add_column('consent', sa.Column('asked_by_type', sa.String(length=8), nullable=False,
                                       server_default='inmate'))
    op.add_column('consent', sa.Column('asked_by_id', sa.Integer(), nullable=True))
    consent = sa.table('consent', sa.column('recipient'), sa.column('purpose'))
    for recipient, purpose in STEP_PURPOSES.items():
        op.execute(consent.update().where(consent.c.recipient == recipient)
                   .values(purpose=purpose))
    op.create_table(
        'disclosure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('inmate_id', sa.Integer(), nullable=False),
        sa.Column('at', core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('recipient', sa.String(length=24), nullable=False),
        sa.Column('recipient_name', sa.String(length=200), nullable=False),
        sa.Column('included', sa.Text(), nullable=False),
        sa.Column('reference', sa.String(length=64), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('consent_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['inmate_id'], ['inmate.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['consent_id'], ['consent.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_disclosure_inmate_id', 'disclosure', ['inmate_id'])


def downgrade() -> None:
    op.drop_index('ix_disclosure_inmate_id', table_name='disclosure')
    op.drop_table('disclosure')
    op.drop_column('consent', 'asked_by_id')
    op.drop_column('consent', 'asked_by_type')
    op.drop_column('consent', 'form_submission_id')
    op.drop_column('consent', 'scope')
    op.drop_column('consent', 'purpose')
