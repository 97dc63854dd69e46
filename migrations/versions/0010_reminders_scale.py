"""reminders at scale: patient_id indexes the set-based scheduler reads by

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

The planner and dispatcher read a batch of patients' medications, caregivers,
channel accounts and reminders at once (WHERE patient_id = ANY(...)); without these
indexes each batch was a sequential scan of the whole table, so planning 100,000
patients cost time quadratic in their number.
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('caregivers', schema=None) as batch_op:
        batch_op.create_index('ix_caregivers_patient', ['patient_id'], unique=False)
    with op.batch_alter_table('medications', schema=None) as batch_op:
        batch_op.create_index('ix_medications_patient', ['patient_id'], unique=False)
    with op.batch_alter_table('channel_identities', schema=None) as batch_op:
        batch_op.create_index('ix_channel_identities_patient', ['patient_id'], unique=False)
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index('ix_reminders_patient_due', ['patient_id', 'due_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_reminders_patient_due')
    with op.batch_alter_table('channel_identities', schema=None) as batch_op:
        batch_op.drop_index('ix_channel_identities_patient')
    with op.batch_alter_table('medications', schema=None) as batch_op:
        batch_op.drop_index('ix_medications_patient')
    with op.batch_alter_table('caregivers', schema=None) as batch_op:
        batch_op.drop_index('ix_caregivers_patient')
