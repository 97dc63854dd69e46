"""The guard that keeps a sender's stored language in step with what they write
(bot/language_choice.py), kept out of gateway/guards.py so other guards can be added
there independently. It never handles a message: it only notes the change, and the
guards after it (STOP/START, routing) and the forward to Rasa use the new language."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot import language_choice

if TYPE_CHECKING:  # gateway/guards.py lists this guard: no import cycle at run time
    from gateway.guards import Incoming

log = logging.getLogger("gateway.inbox")


def language_choice_guard(m: Incoming) -> bool:
    """A linked patient's message, or one from a caregiver's number: an explicit
    request or the end of a run of messages in the other language changes the stored
    language (audited). Runs after the consent, flood, media and size guards: a
    message none of them let through is not counted."""
    row = m.row
    if m.identity is not None:
        change = language_choice.observe_patient(m.s, m.identity.patient, row)
        if change is not None:
            m.lang = change.new
            log.info("%s message %s: patient %s now written to in %s (%s)", row.channel,
                     row.id, m.patient_id, change.new, change.reason)
    else:
        for change in language_choice.observe_caregiver(m.s, row):
            log.info("%s message %s: a caregiver now written to in %s (%s)", row.channel,
                     row.id, change.new, change.reason)
    return False
