"""the person's hand-over to the home Nav office, appointments after release, and the
Nav office's address in the directory (issue 15)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 15:15:00
"""
import sqlalchemy as sa
from alembic import op

import core.models.base


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'handover',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('inmate_id', sa.Integer(), nullable=False),
        sa.Column('first_made_at', core.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_made_at', core.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('made_count', sa.Integer(), nullable=False),
        sa.Column('prison_id', sa.Integer(), nullable=True),
        sa.Column('receipt_on', sa.Date(), nullable=True),
        sa.Column('receipt_person', sa.String(length=120), nullable=False),
        sa.Column('receipt_channel', sa.String(length=16), nullable=False),
        sa.Column('receipt_recorded_by', sa.Integer(), nullable=True),
        sa.Column('updated_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['inmate_id'], ['inmate.id'],
                                name=op.f('fk_handover_inmate_id_inmate'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['prison_id'], ['prison.id'],
                                name=op.f('fk_handover_prison_id_prison'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['receipt_recorded_by'], ['staff_user.id'],
                                name=op.f('fk_handover_receipt_recorded_by_staff_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_handover')),
        sa.UniqueConstraint('inmate_id', name=op.f('uq_handover_inmate_id')),
    )
    op.create_table(
        'release_appointment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('inmate_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('place', sa.String(length=120), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('with_whom', sa.String(length=120), nullable=False),
        sa.Column('what', sa.String(length=200), nullable=False),
        sa.Column('outcome', sa.String(length=8), nullable=True),
        sa.Column('outcome_recorded_by', sa.Integer(), nullable=True),
        sa.Column('created_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['inmate_id'], ['inmate.id'],
                                name=op.f('fk_release_appointment_inmate_id_inmate'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['outcome_recorded_by'], ['staff_user.id'],
                                name=op.f('fk_release_appointment_outcome_recorded_by_staff_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'],
                                name=op.f('fk_release_appointment_created_by_staff_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_release_appointment')),
    )
    op.create_index(op.f('ix_release_appointment_inmate_id'), 'release_appointment',
                    ['inmate_id'], unique=False)
    # Plain ADD COLUMN, not a batch: a batch would rebuild the table on SQLite.
    op.add_column('municipality_contact', sa.Column('address', sa.String(length=200),
                                                    nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('municipality_contact') as batch:
        batch.drop_column('address')
    op.drop_index(op.f('ix_release_appointment_inmate_id'), table_name='release_appointment')
    op.drop_table('release_appointment')
    op.drop_table('handover')
