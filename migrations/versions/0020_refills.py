"""refills: a medication's pack size and stock, and the stock a refill reminder went out at

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01

All three are optional: a medication without a stock is never counted down and never
gets a refill reminder (bot/refills.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

COLUMNS = ('pack_size', 'stock', 'refill_warned_stock')


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column('medications', sa.Column(name, sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('medications') as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
