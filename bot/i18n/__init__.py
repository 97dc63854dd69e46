"""The project's words, each in one place.

Every text a patient, a caregiver, a care-team member or a nurse reads lives in the
data files next to this module, in French and Dutch with the same placeholders:
``patient.yml`` (what patients and caregivers receive, Rasa's static responses among
them), ``team.yml`` (care-team SMS, paging history, the care-team roles' labels),
``console.yml`` (the console's words) and ``errors.yml`` (domain errors shown in the
console). ``text(key, lang, **placeholders)`` looks one up (``catalogue.py``);
``python -m bot.i18n.rasa_domain`` writes ``domain/responses.yml`` from ``patient.yml``.

The two languages themselves (``LANGUAGES``, ``DEFAULT_LANGUAGE``, ``normalise``:
"a language we do not know means French") live in ``bot.nlu.languages``, beside the
language detection that speaks in them, because the Rasa server needs them and not the
texts. This package imports only the standard library, PyYAML and that module, because
the Rasa core environment (no SQLAlchemy) imports it too (``python -m
bot.i18n.rasa_domain`` runs there before training).
"""

from __future__ import annotations

from bot.i18n.catalogue import english, has, table, text, word

__all__ = ["english", "has", "table", "text", "word"]
