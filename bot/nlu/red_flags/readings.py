"""Readings that are an emergency whatever words come with them: a low glucose (g/L,
mg/dL, mmol/L, from the meter), a low oxygen saturation, a slow pulse, and a hypo told
as its symptoms after insulin and no meal."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlu.red_flags import reassured
from bot.nlu.red_flags.kinds import BREATHLESSNESS, COLLAPSE, EMERGENCY_CALL, HYPOGLYCAEMIA, RedFlag

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

# Glucose readings: below 0.70 g/L or 70 mg/dL is a hypoglycaemia.
_GLUCOSE_READING = re.compile(
    r"\b(?:glyc\w*|sucre|suiker\w*|bloedsuiker|glucose|hgt)\b\D{0,20}?(\d+(?:[.,]\d+)?)(?!\d)"
    # a time or a count, not a reading: "du sucre et c'est passé en 10 minutes"
    r"(?! ?(?:min|mins|minutes?|minuten|h|heures?|uur|uren|sec|secondes?|seconden|jours?"
    r"|dagen|semaines?|weken|fois|keer|x|ans?|jaar|g|gr|grammes?|gram|morceaux|klontjes"
    r"|stuks|sucres|tabletten)\b)"
)



# (round 2) A hypo told as its symptoms after insulin (or a sulfonylurea) and no meal:
# "insuline gespoten, niks gegeten, ik tril en zweet". Any one symptom word is enough
# with both halves of the cause.
_HYPO_DRUG = re.compile(
    r"\b(?:insulin\w*|novorapid|novomix|lantus|levemir|humalog|humulin\w*|toujeo|tresiba"
    r"|apidra|fiasp|actrapid|insulatard|lyumjev|gliclazide|diamicron|glimepiride|amarylle"
    r"|glibenclamide|daonil|spuit\w*|gespoten|piqure|injection)\b"
)
_NO_MEAL = re.compile(
    r"\b(?:pas|rien|sans|niet|niks|geen|zonder|nog niet|oublie de|vergeten(?: te)?|saute"
    r"|overgeslagen)(?: \w+){0,2} (?:mange\w*|manger|repas|dejeuner|diner|souper|gegeten"
    r"|eten|maaltijd|middagmaal|avondeten|ontbijt|petit dejeuner)\b"
    r"|\b(?:repas|maaltijd|middagmaal|ontbijt) (?:\w+ )?(?:saute|overgeslagen|vergeten|oublie)\b"
)
_HYPO_SIGNS = re.compile(
    r"\b(?:trembl\w*|tremble|tril\w*|beef\w*|beven|zweet\w*|zweten|transpir\w*|sueur\w*"
    r"|moite|klam|hartkloppingen|palpitation\w*|tape|bonkt|bizarre|raar|duizel\w*|vertige\w*"
    r"|wazig|flou|confus\w*|verward|slap|faible|honger|faim|malaise|flauw)\b"
)


def _hypo_cluster(message: _Message) -> RedFlag | None:
    flat = message.flat
    drug = _HYPO_DRUG.search(flat)
    meal = _NO_MEAL.search(flat)
    sign = _HYPO_SIGNS.search(flat)
    if drug and meal and sign:
        return RedFlag(HYPOGLYCAEMIA, f"{drug.group(0)} {meal.group(0)} {sign.group(0)}")
    return None


# A Dutch sugar reading with one decimal ("suiker 2,0", "suiker 3,1") is in mmol/L, a
# severe hypo below 3.5; g/L comes with two decimals ("suiker 1,10", "0,65").
_DUTCH_SUGAR = re.compile(r"^(?:bloed)?suiker")


def _glucose_flag(message: _Message) -> RedFlag | None:
    for regex, mmol in ((_GLUCOSE_READING, False), (_METER_READING, False),
                        (_METER_READING_AFTER, False), (_MMOL_READING, True)):
        for match in regex.finditer(message.flat):
            value = float(match.group(1).replace(",", "."))
            low = value < 3.5 if mmol else (value < 0.7 or 10 <= value < 70)
            if (regex is _GLUCOSE_READING and _DUTCH_SUGAR.match(match.group(0))
                    and re.fullmatch(r"\d[.,]\d", match.group(1))):
                low = value < 3.5
            if not low or (regex is not _GLUCOSE_READING and _NOT_GLUCOSE.search(message.flat)):
                continue
            place = message.flat[: match.start()].count(" ")
            if message.settled and message.clause[place] in message.past_clauses:
                continue
            if reassured.hypo_treated(message.flat):
                continue  # (round 9) a low reading treated and back in range, as for "hypo"
            return RedFlag(HYPOGLYCAEMIA, match.group(0))
    return None


# A reading from the glucose meter named by the device ("le lecteur affiche 0,35",
# "meter zegt 29", "hij zit op 29 op z'n meter") or in mmol/L below 3.5 ("2,1 mmol");
# not when the message is about blood pressure, pulse or oxygen.
_METERS = (r"(?:lecteur|glucometre|glucometer|glucosemeter|meter|appareil|capteur|sensor"
           r"|freestyle|libre|toestel|dexcom)")
_METER_READING = re.compile(
    rf"\b{_METERS}\b(?: \w+){{0,3}}? (?:affiche|indique|marque|montre|dit|zegt|toont|geeft"
    r"|staat op|aangeeft|a|op|sur)? ?(\d+(?:[.,]\d+)?)\b(?! ?(?:%|mmhg|bpm))"
)
_METER_READING_AFTER = re.compile(
    rf"\b(?:a|op|sur|aan) (\d+(?:[.,]\d+)?) (?:\w+ ){{0,3}}?(?:au|op|sur|aan) (?:\w+ ){{0,2}}?"
    rf"{_METERS}\b"
)
_MMOL_READING = re.compile(r"\b(\d+(?:[.,]\d+)?) ?mmol\b")
_NOT_GLUCOSE = re.compile(
    r"\b(?:tension|bloeddruk|pression|pols|pouls|hartslag|saturation|saturatie|sat|spo2"
    r"|oxygene|zuurstof|oxymetre|oximeter|saturometre|poids|gewicht|temperature|koorts"
    r"|fievre|mmhg)\b"
)

# Oxygen saturation below 88 % (below the usual target even with COPD) and a pulse
# below 40: "saturation à 81%", "saturatie 84 op de meter", "hartslag 30".
_SATURATION_READING = re.compile(
    r"\b(?:saturation|saturatie|sat|spo2|saturometre|oxymetre|oximeter|saturatiemeter"
    r"|zuurstofmeter|zuurstof|oxygene)\b(?: \w+){0,4}? ?(\d\d)\b(?! ?(?:l|liter|litres?|min))"
)
_PULSE_READING = re.compile(
    r"\b(?:pouls|pols|hartslag|rythme cardiaque|frequence cardiaque|hartritme)\b"
    r"(?: \w+){0,3}? ?(\d\d?\d?)\b"
)


# (round 4) A blood pressure that is shock or a hypertensive emergency with the symptom
# that makes it one: "bloeddruk 80/50 en duizelig", "tension à 8 avec des vertiges"
# (French often in cmHg: 8 is 80 mmHg), "230/130 met bonzende hoofdpijn".
_PRESSURE_READING = re.compile(
    r"\b(?:bloeddruk\w*|tension|tensiometre|tensio|pression arterielle)\b(?: \w+){0,3}?"
    r" (\d{1,3})(?: (?:sur |op |over )?(\d{1,3}))?\b(?! ?(?:%|bpm|jours?|dagen|heures?|uur|min))"
)
_SHOCK_SIGNS = re.compile(
    r"\b(?:duizel\w*|vertige\w*|flauw\w*|malaise|jeuk\w*|netelroos|urticaire|gonfl\w*|zwart voor"
    r"|voile noir|confus\w*|verward|bleek|pale|zweet\w*|sueurs?|klam|moite|suf|somnolent\w*"
    r"|bewustzijn|conscience)\b"
)
_CRISIS_SIGNS = re.compile(
    r"\b(?:hoofdpijn|koppijn|mal de tete|mal de crane|cephalee|wazig|flou|trouble|borst|poitrine"
    r"|verward|confus\w*|braken|overgeven|vomi\w*|spreken|parler|zicht|vision|vois)\b"
)


def _mmhg(value: str | None, cm_below: int) -> int:
    number = int(value) if value else 0
    return number * 10 if 0 < number <= cm_below else number


def _pressure_flag(message: _Message) -> RedFlag | None:
    """A systolic pressure below 90 with a sign of shock, or above 220 (diastolic above
    130) with a sign of a hypertensive emergency; not an episode said to be over."""
    flat = message.flat
    for match in _PRESSURE_READING.finditer(flat):
        systolic, diastolic = _mmhg(match.group(1), 30), _mmhg(match.group(2), 20)
        if 50 <= systolic < 90 and _SHOCK_SIGNS.search(flat):
            kind = COLLAPSE
        elif (systolic >= 220 or diastolic >= 130) and _CRISIS_SIGNS.search(flat):
            kind = EMERGENCY_CALL
        else:
            continue
        place = flat[: match.start()].count(" ")
        if message.settled and message.clause[place] in message.past_clauses:
            continue
        return RedFlag(kind, match.group(0))
    return None


def _reading_flag(message: _Message) -> RedFlag | None:
    """A saturation, a pulse or a blood pressure that is an emergency."""
    for regex, kind, alarming in (
            (_SATURATION_READING, BREATHLESSNESS, lambda v: 50 <= v < 88),
            (_PULSE_READING, COLLAPSE, lambda v: 10 <= v < 40)):
        for match in regex.finditer(message.flat):
            if not alarming(int(match.group(1))):
                continue
            place = message.flat[: match.start()].count(" ")
            if message.settled and message.clause[place] in message.past_clauses:
                continue
            return RedFlag(kind, match.group(0))
    return _pressure_flag(message)
