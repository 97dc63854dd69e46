"""patients: the reminders planner's two selections on indexes

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30

"Changed since planned, or planned over an hour ago" was one OR that no index
serves: each batch of 1,000 scanned and sorted the whole patients table. Now two
queries: the changed ones on a partial index (only rows whose planned_version differs
from plan_version are in it), the stalest on (reminders_planned_at, id).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_patients_plan_changed', 'patients', ['id'],
                    postgresql_where=sa.text("planned_version IS DISTINCT FROM plan_version"),
                    sqlite_where=sa.text("planned_version IS NOT plan_version"))
    op.create_index('ix_patients_planned_at', 'patients', ['reminders_planned_at', 'id'])


def downgrade() -> None:
    op.drop_index('ix_patients_planned_at', table_name='patients')
    op.drop_index('ix_patients_plan_changed', table_name='patients')
