"""Care-team roles: a code stored in the database and the care-plan file, shown as a
label in the reader's language.

A code, not text, so a Dutch-speaking reader sees "huisarts" where the plan's author
wrote "médecin généraliste". ``code_for`` takes what a plan's author writes: a code
("general_practitioner"), an older code ("gp", "specialist" stay valid), or a known
label in either language, with or without accents and capitals ("Médecin
généraliste", "huisarts"); any other text is kept as written (a role we have no code
for, "tabacologue") and shown as is. The labels live with the other texts, in
bot/i18n/team.yml (group ``role``: checked for both languages like every text);
this module only reads them. The care-plan reader, the migration that converted the
stored roles (0014), the console and the exports all use this one table.
"""

from __future__ import annotations

import unicodedata

from bot import i18n

# code: (French label, Dutch label), in the order of team.yml's ``role`` group
LABELS: dict[str, tuple[str, str]] = {
    code: (entry["fr"], entry["nl"]) for code, entry in i18n.table("team.role").items()
}
CODES = tuple(LABELS)
MAX_LENGTH = 40  # care_team_members.role

# Other ways of writing a role, normalised (see ``_key``): older codes and the words
# plans use besides the labels above.
_ALIASES = {
    "gp": "general_practitioner", "medecin": "general_practitioner",
    "medecin traitant": "general_practitioner", "generaliste": "general_practitioner",
    "infirmier": "nurse", "infirmiere": "nurse", "verpleegster": "nurse",
    "verpleger": "nurse", "infirmier a domicile": "home_nurse",
    "infirmiere a domicile": "home_nurse", "thuisverpleging": "home_nurse",
    "pharmacien": "pharmacist", "pharmacienne": "pharmacist",
    "kine": "physiotherapist", "kinesitherapeut": "physiotherapist",
    "kinesist": "physiotherapist", "dieteticien": "dietitian",
    "dieteticienne": "dietitian", "dietist": "dietitian",
    "assistant social": "social_worker", "assistante sociale": "social_worker",
    "sociaal assistent": "social_worker", "pneumologue": "pulmonologist",
    "pneumoloog": "pulmonologist", "educateur en diabetologie": "diabetes_educator",
    "educatrice en diabetologie": "diabetes_educator", "aidant": "family_caregiver",
}


def _key(text: str) -> str:
    """Lower case, no accents, the inclusive "·" forms and separators dropped."""
    flat = unicodedata.normalize("NFKD", text.strip().lower())
    flat = "".join(ch for ch in flat if not unicodedata.combining(ch))
    flat = flat.replace("·ere", "").replace("·ne", "").replace("·rice", "").replace("·e", "")
    return " ".join(flat.replace("_", " ").replace("-", " ").split())


_KNOWN: dict[str, str] = {**{_key(code): code for code in CODES}, **_ALIASES}
for _code, (_fr, _nl) in LABELS.items():
    _KNOWN.setdefault(_key(_fr), _code)
    _KNOWN.setdefault(_key(_nl), _code)


def code_for(text: str) -> str:
    """The code of a role as a plan's author wrote it; unknown text comes back as
    written (trimmed), to be shown as is."""
    return _KNOWN.get(_key(text), text.strip())


def label(role: str | None, language: str) -> str:
    """The role in ``language`` ("fr" | "nl"); a free-text role as it was written."""
    if not role:
        return ""
    labels = LABELS.get(role)
    if labels is None:
        return role
    return labels[1] if language == "nl" else labels[0]
