"""Sending the reminders that are due, once, and arming what comes after.

Due rows are taken in order of due time (``FOR UPDATE SKIP LOCKED`` on PostgreSQL)
and each message is queued with ``bot.outbound.send`` under the reminder's key, so a
crash between the two steps, or two runs, never sends a reminder twice; the gateway's
delivery worker sends the queue at the providers' rates, reminders after urgent
messages and conversation replies.

Medication reminders (and the snoozes the patient asked for) go out at their time
even inside quiet hours: the patient takes that dose then. Follow-ups, caregiver
alerts and appointment reminders are deferred to the end of the quiet window, never
dropped. A reminder found too long after its time (downtime) is recorded as skipped:
"take your 08:00 pill" at 13:00 would mislead more than help. Opted-out recipients
get nothing.

Messages about doses (the 08:00 peak) are handled set-based, a claimed batch at a
time (``BatchSender``): a fixed number of statements per batch instead of round trips
per reminder; the outbound rows are the ones ``bot.outbound.send`` would write, under
the same idempotency keys, inserted with ON CONFLICT DO NOTHING. The rarer kinds
(missed checks, caregiver alerts, appointments) keep their one-by-one handlers.
"""

# The package: due.py (the claimed row, grace periods, priority), dispatcher.py (the
# pass and the one-by-one kinds), batch.py (the set-based messages about doses). The
# names below are re-exported: ``from reminders.dispatch import dispatch_due`` works as
# it did when this was one module.

from __future__ import annotations

from reminders.dispatch.batch import BatchSender, _routes
from reminders.dispatch.dispatcher import Dispatcher, dispatch_due
from reminders.dispatch.due import BULK, DISPATCH_BATCH, FAST_KINDS, GRACE, Due

__all__ = ["BULK", "DISPATCH_BATCH", "FAST_KINDS", "GRACE", "BatchSender", "Dispatcher", "Due",
           "_routes", "dispatch_due"]
