"""PostgreSQL: a notification when a row is added to the inbound or outbound queue.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01

Each INSERT statement into ``inbound_messages`` or ``outbound_messages`` sends a
NOTIFY on ``care_inbound`` / ``care_outbound`` (delivered at commit, one per
transaction and channel), its payload the inserting connection's ``application_name``.
Every gateway process LISTENs (gateway/wakeups.py): a row queued by the reminders
scheduler, the console, the action server or a test chat wakes the workers at once,
so their polls can back off while nothing happens. A gateway ignores the payload of
the gateways (it wakes its own workers for the rows it queues). SQLite: nothing (one
process, polled).
"""

from __future__ import annotations

from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

QUEUES = {'inbound_messages': 'care_inbound', 'outbound_messages': 'care_outbound'}


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("""
        CREATE OR REPLACE FUNCTION care_notify_queue() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify(TG_ARGV[0], current_setting('application_name'));
            RETURN NULL;
        END $$""")
    for table, channel in QUEUES.items():
        op.execute(f"CREATE TRIGGER {table}_notify AFTER INSERT ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION care_notify_queue('{channel}')")


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in QUEUES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_notify ON {table}")
    op.execute("DROP FUNCTION IF EXISTS care_notify_queue()")
