"""readings: the measurements patients report, and their care plan's alert thresholds

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01

A reading (glucose, blood pressure, weight, peak flow) is stored whether or not it is
one of the patient's goals, because the thresholds that raise a `reading_alert` flag
(bot/readings.py) watch it either way; the weight-gain rule needs the history.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.models

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('patients', sa.Column('reading_thresholds', sa.JSON(), nullable=True))
    op.create_table(
        'readings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('diastolic', sa.Float(), nullable=True),
        sa.Column('unit', sa.String(length=10), nullable=False),
        sa.Column('recorded_at', bot.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('alert', sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_readings_patient_kind_time', 'readings',
                    ['patient_id', 'kind', 'recorded_at'])


def downgrade() -> None:
    op.drop_index('ix_readings_patient_kind_time', table_name='readings')
    op.drop_table('readings')
    with op.batch_alter_table('patients') as batch:
        batch.drop_column('reading_thresholds')
