"""meldekort card types per plan and card; etterregistrering; exemptions from the duty to send

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-06 15:00:00

Every existing benefit plan gets the matching older card (card_types.MIGRATED_CARD_TYPE:
AAP and tiltakspenger the Arena card; dagpenger and job seekers the dp-rapportering card,
the only one NAV still runs for them). Cards already sent keep card_type NULL: they were
filled in on the card before card types, and nothing in them changes.
"""
import sqlalchemy as sa
from alembic import op

import core.models.base


revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None

# Frozen copy of card_types.MIGRATED_CARD_TYPE as it was when this revision was written.
MIGRATED = {"dagpenger": "dagpenger", "job_seeker": "dagpenger", "aap": "aap_arena",
            "tiltakspenger": "tiltakspenger_arena"}


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch: a batch would rebuild the tables on SQLite. The server
    # default fills existing rows; the UPDATE then gives each the matching card.
    op.add_column('benefit_plan', sa.Column('card_type', sa.String(length=24), nullable=False,
                                            server_default='dagpenger'))
    op.add_column('benefit_plan', sa.Column('decision_from', sa.Date(), nullable=True))
    op.add_column('benefit_plan', sa.Column('decision_to', sa.Date(), nullable=True))
    op.add_column('benefit_plan', sa.Column('days_per_period', sa.Integer(), nullable=True))
    plan = sa.table('benefit_plan', sa.column('benefit'), sa.column('card_type'))
    for benefit, card_type in MIGRATED.items():
        op.execute(plan.update().where(plan.c.benefit == benefit).values(card_type=card_type))
    op.add_column('form_submission', sa.Column('card_type', sa.String(length=24), nullable=True))
    op.create_table(
        'meldekort_etterregistrering',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('inmate_id', sa.Integer(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('created_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['inmate_id'], ['inmate.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('inmate_id', 'period_start', name='etterregistrering_inmate_period'),
    )
    op.create_index('ix_meldekort_etterregistrering_inmate_id', 'meldekort_etterregistrering',
                    ['inmate_id'])
    op.create_table(
        'meldekort_exemption',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('inmate_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=24), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('created_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('withdrawn_at', core.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('withdrawn_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['inmate_id'], ['inmate.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['withdrawn_by'], ['staff_user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_meldekort_exemption_inmate_id', 'meldekort_exemption', ['inmate_id'])


def downgrade() -> None:
    op.drop_index('ix_meldekort_exemption_inmate_id', table_name='meldekort_exemption')
    op.drop_table('meldekort_exemption')
    op.drop_index('ix_meldekort_etterregistrering_inmate_id',
                  table_name='meldekort_etterregistrering')
    op.drop_table('meldekort_etterregistrering')
    op.drop_column('form_submission', 'card_type')
    op.drop_column('benefit_plan', 'days_per_period')
    op.drop_column('benefit_plan', 'decision_to')
    op.drop_column('benefit_plan', 'decision_from')
    op.drop_column('benefit_plan', 'card_type')
