"""care-team roles as codes: stored roles converted to bot/care_roles.py's codes

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01

Roles are shown as a label in the reader's language, so the stored value must be a
code. "gp" becomes "general_practitioner"; a role stored as a known label in either
language ("médecin généraliste", "huisarts", "Kinésithérapeute") becomes its code;
anything else is kept as written and shown as is. The downgrade restores "gp" only
(the other codes existed before or are valid free text for the older code).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot import care_roles

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

_MEMBERS = sa.table('care_team_members', sa.column('role', sa.String))


def upgrade() -> None:
    bind = op.get_bind()
    for (role,) in bind.execute(sa.select(_MEMBERS.c.role).distinct()).all():
        code = care_roles.code_for(role or "")
        if role and code != role:
            bind.execute(_MEMBERS.update().where(_MEMBERS.c.role == role).values(role=code))


def downgrade() -> None:
    op.get_bind().execute(_MEMBERS.update().where(
        _MEMBERS.c.role == 'general_practitioner').values(role='gp'))
