"""takeovers.rasa_pending: the pause/resume event a takeover change still owes Rasa

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('takeovers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rasa_pending', sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('takeovers', schema=None) as batch_op:
        batch_op.drop_column('rasa_pending')
