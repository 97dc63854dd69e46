"""unavailable_notices: "the assistant is briefly unavailable", once per outage and
conversation across gateway processes and restarts

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.models

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'unavailable_notices',
        sa.Column('conversation_id', sa.String(length=64), nullable=False),
        sa.Column('told_at', bot.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('conversation_id'),
    )


def downgrade() -> None:
    op.drop_table('unavailable_notices')
