"""The project's two languages and its words, each in one place.

Every text a patient, a caregiver, a care-team member or a nurse reads lives in the
data files next to this module, in French and Dutch with the same placeholders:
``patient.yml`` (what patients and caregivers receive, Rasa's static responses among
them), ``team.yml`` (care-team SMS, paging history, the care-team roles' labels),
``console.yml`` (the console's words) and ``errors.yml`` (domain errors shown in the
console). ``text(key, lang, **placeholders)`` looks one up (``catalogue.py``);
``python -m bot.i18n.rasa_domain`` writes ``domain/responses.yml`` from ``patient.yml``.

"A language we do not know means French" is decided here once, by ``normalise``: French,
because Rasa's responses use French as the variant without a condition (what a
conversation gets before it has a language), so every path agrees with Rasa. Only the
standard library and PyYAML are imported, because the Rasa core environment (no
SQLAlchemy) imports this package too.
"""

from __future__ import annotations

from bot.i18n.catalogue import english, has, table, text, word
from bot.nlu.languages import DEFAULT_LANGUAGE, LANGUAGES, Language, known, normalise

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Language", "english", "has", "known", "normalise",
           "table", "text", "word"]
