"""consent records: one row per consent given or withdrawn

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

Until now consent was one timestamp per chat account and three booleans per
caregiver: what is true now, not when or by whom it changed. The history is a table
of its own (bot/consent.py); the existing columns stay the state the code honours.
Existing chat accounts and caregivers get one "given" row each, dated from the
account's consent time (or the migration), so the history starts with what was on
file.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.models

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'consent_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('caregiver_id', sa.Integer(), nullable=True),
        sa.Column('scope', sa.String(length=30), nullable=False),
        sa.Column('given', sa.Boolean(), nullable=False),
        sa.Column('at', bot.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('consent_events', schema=None) as batch_op:
        batch_op.create_index('ix_consent_events_patient_at', ['patient_id', 'at'],
                              unique=False)
    # What was on file: the chat service for each patient with a consenting account,
    # the caregivers' two consents as their booleans say.
    op.execute(
        "INSERT INTO consent_events (patient_id, caregiver_id, scope, given, at, actor, "
        "channel) SELECT patient_id, NULL, 'chat_service', true, MIN(consent_at), "
        "'migration', 'migration' FROM channel_identities WHERE consent_at IS NOT NULL "
        "GROUP BY patient_id")
    op.execute(
        "INSERT INTO consent_events (patient_id, caregiver_id, scope, given, at, actor, "
        "channel) SELECT patient_id, id, 'caregiver_alerts', receives_missed_dose_alerts, "
        "CURRENT_TIMESTAMP, 'migration', 'migration' FROM caregivers")
    op.execute(
        "INSERT INTO consent_events (patient_id, caregiver_id, scope, given, at, actor, "
        "channel) SELECT patient_id, id, 'medication_names', may_see_medication_names, "
        "CURRENT_TIMESTAMP, 'migration', 'migration' FROM caregivers")


def downgrade() -> None:
    with op.batch_alter_table('consent_events', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_events_patient_at')
    op.drop_table('consent_events')
