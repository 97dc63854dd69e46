"""language chosen by the patient or caregiver: when it was last set

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

The language a patient or caregiver is written to can now change by what they write
or by the console (bot/language_choice.py). ``language_set_at`` records when, so a
run of messages in the other language is counted from the last choice and Rasa is
told of a choice once. Existing rows keep NULL: the language the care plan set.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.models

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('patients', 'caregivers'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('language_set_at',
                                          bot.models.UTCDateTime(timezone=True),
                                          nullable=True))


def downgrade() -> None:
    for table in ('caregivers', 'patients'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('language_set_at')
