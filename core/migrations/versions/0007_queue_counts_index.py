"""the queue's counts read one index

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 20:10:00
"""
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The queue counts requests per status, topic, language and assignee in the prisons
    # and teams a staff member serves; with these columns in the index the counts never
    # read the table. It starts with the old index's columns, which it replaces.
    op.create_index('ix_request_team_counts', 'request',
                    ['prison_id', 'team', 'status', 'topic', 'language', 'assignee_id'],
                    unique=False)
    op.drop_index('ix_request_team', table_name='request')


def downgrade() -> None:
    op.create_index('ix_request_team', 'request', ['prison_id', 'team', 'status'], unique=False)
    op.drop_index('ix_request_team_counts', table_name='request')
