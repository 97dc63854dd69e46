"""message_effects.created_at indexed: the purge after EFFECTS_KEEP_DAYS

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_message_effects_created_at', 'message_effects', ['created_at'])


def downgrade() -> None:
    op.drop_index('ix_message_effects_created_at', table_name='message_effects')
