"""The names a FHIR Bundle of ours uses: the HL7 Belgium profiles it is shaped after,
the identifier and code systems (Belgian where one exists, ours otherwise), and the
code tables that map our codes (care roles, goal kinds, units) onto standard ones.

One home for these so the exporter and the importer cannot disagree. The HL7 Belgium
canonical URLs were taken from the published guides (hl7-be/core, hl7-be/patient-care,
hl7-be/medication). Our own systems live under ``OUR_BASE``, a ``.invalid`` address:
the project has no published domain, and a reserved name cannot be mistaken for
someone else's code system; a deployment that publishes its own changes it here.
"""

from __future__ import annotations

BE_CORE = "https://www.ehealth.fgov.be/standards/fhir/core"
BE_CARE = "https://www.ehealth.fgov.be/standards/fhir/patient-care"

# meta.profile of each resource type. Organization and MedicationStatement claim none:
# be-organization wants an INAMI/RIZIV or KBO/BCE number we do not hold, and the
# Belgian medication line (BeMedicationLine) requires the Vitalink/VIDIS extensions
# (recorder, registration status, adherence, line version) of a medication-scheme
# source, which this service is not; our MedicationStatement follows its shape
# (effectivePeriod, one dosage per time of day) without claiming it.
PROFILES: dict[str, str] = {
    "Patient": f"{BE_CORE}/StructureDefinition/be-patient",
    "Practitioner": f"{BE_CORE}/StructureDefinition/be-practitioner",
    "PractitionerRole": f"{BE_CORE}/StructureDefinition/be-practitionerrole",
    "CareTeam": f"{BE_CARE}/StructureDefinition/be-careteam",
    "CarePlan": f"{BE_CARE}/StructureDefinition/be-care-plan",
    "Goal": f"{BE_CARE}/StructureDefinition/be-goal",
}
MEDICATION_LINE = "https://www.ehealth.fgov.be/standards/fhir/medication/StructureDefinition/BeMedicationLine"

# Belgian identifier systems. We store neither number (data minimisation: the service
# needs neither to remind or to alert), so an exported Bundle carries our reference
# only; the importer recognises them and matches the patient by our reference.
SSIN = f"{BE_CORE}/NamingSystem/ssin"  # INSZ / NISS, the national number
NIHDI = f"{BE_CORE}/NamingSystem/nihdi"  # RIZIV / INAMI number of a professional

OUR_BASE = "https://care-companion.invalid/fhir"
PATIENT_REF = f"{OUR_BASE}/NamingSystem/patient-ref"
CARE_ROLE = f"{OUR_BASE}/CodeSystem/care-role"
GOAL_KIND = f"{OUR_BASE}/CodeSystem/goal-kind"
FLAG_KIND = f"{OUR_BASE}/CodeSystem/flag-kind"
EXT_QUIET_HOURS = f"{OUR_BASE}/StructureDefinition/quiet-hours"
EXT_APPOINTMENT_REMINDERS = f"{OUR_BASE}/StructureDefinition/appointment-reminders"
EXT_CAREGIVER_CONSENT = f"{OUR_BASE}/StructureDefinition/caregiver-consent"
EXT_DAYS_PER_WEEK = f"{OUR_BASE}/StructureDefinition/goal-days-per-week"
EXT_FLAG_SEVERITY = f"{OUR_BASE}/StructureDefinition/flag-severity"
# HL7's own extension (an IANA zone name), so a receiver may know it already.
EXT_TIMEZONE = "http://hl7.org/fhir/StructureDefinition/timezone"

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
BCP47 = "urn:ietf:bcp:47"
HCPARTY = f"{BE_CORE}/CodeSystem/cd-hcparty"  # Belgian kinds of care provider
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"

# Care-role code (bot/care_roles.py) -> (system, code, display) of the standard codings
# we are sure of: the Belgian cd-hcparty kind first, then SNOMED CT's occupation. A
# role without one keeps our coding only (with its French and Dutch labels).
ROLE_CODINGS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "general_practitioner": ((HCPARTY, "persphysician", "Physician"),
                             (SNOMED, "62247001", "General practitioner")),
    "nurse": ((HCPARTY, "persnurse", "Nurse"), (SNOMED, "106292003", "Professional nurse")),
    "home_nurse": ((HCPARTY, "persnurse", "Nurse"),),
    "pharmacist": ((HCPARTY, "perspharmacist", "Pharmacist"), (SNOMED, "46255001", "Pharmacist")),
    "endocrinologist": ((HCPARTY, "persphysician", "Physician"),
                        (SNOMED, "61894003", "Endocrinologist")),
    "cardiologist": ((HCPARTY, "persphysician", "Physician"), (SNOMED, "17561000", "Cardiologist")),
    "pulmonologist": ((HCPARTY, "persphysician", "Physician"),
                      (SNOMED, "41672002", "Respiratory disease specialist")),
    "nephrologist": ((HCPARTY, "persphysician", "Physician"), (SNOMED, "11911009", "Nephrologist")),
    "oncologist": ((HCPARTY, "persphysician", "Physician"),),
    "geriatrician": ((HCPARTY, "persphysician", "Physician"),),
    "specialist": ((HCPARTY, "persphysician", "Physician"),),
    "physiotherapist": ((HCPARTY, "persphysiotherapist", "Physiotherapist"),
                        (SNOMED, "36682004", "Physiotherapist")),
    "dietitian": ((HCPARTY, "persdietician", "Dietician"), (SNOMED, "159033005", "Dietitian")),
    "psychologist": ((HCPARTY, "perspsychologist", "Psychologist"),
                     (SNOMED, "59944000", "Psychologist")),
    "social_worker": ((SNOMED, "106328005", "Social worker"),),
    "occupational_therapist": ((SNOMED, "80933006", "Occupational therapist"),),
    "family_caregiver": ((SNOMED, "133932002", "Caregiver"),),
}
# The reverse, for a role coded by another system only: a standard code that names
# exactly one of our roles (persphysician does not: GP or any specialist).
ROLE_FROM_STANDARD: dict[tuple[str, str], str] = {}
for _role, _codings in ROLE_CODINGS.items():
    for _system, _code, _display in _codings:
        key = (_system, _code)
        ROLE_FROM_STANDARD[key] = "" if key in ROLE_FROM_STANDARD else _role
ROLE_FROM_STANDARD = {k: v for k, v in ROLE_FROM_STANDARD.items() if v}

# Goal kind -> LOINC code of what is measured (breathing exercises have none).
GOAL_LOINC: dict[str, tuple[str, str]] = {
    "walking": ("55411-3", "Exercise duration"),
    "steps": ("55423-8", "Number of steps"),
    "glucose": ("2339-0", "Glucose [Mass/volume] in Blood"),
    "weight": ("29463-7", "Body weight"),
    "blood_pressure": ("8480-6", "Systolic blood pressure"),
}
# Our unit -> UCUM code.
UCUM_CODES: dict[str, str] = {
    "min": "min", "steps": "{steps}", "g/L": "g/L", "mg/dL": "mg/dL", "kg": "kg",
    "sessions": "{sessions}", "mmHg": "mm[Hg]",
}
# Observation category of each goal kind's readings.
OBSERVATION_CATEGORIES: dict[str, str] = {
    "walking": "activity", "steps": "activity", "breathing": "activity",
    "glucose": "laboratory", "weight": "vital-signs", "blood_pressure": "vital-signs",
}
# Goal.lifecycleStatus of our goal statuses, and back.
GOAL_STATUS: dict[str, str] = {"active": "active", "paused": "on-hold", "achieved": "completed"}
GOAL_STATUS_BACK: dict[str, str] = {v: k for k, v in GOAL_STATUS.items()}
# Appointments have no length in the care plan, but a booked FHIR appointment needs an
# end (invariant app-3): this many minutes after the start; importers ignore it.
APPOINTMENT_MINUTES = 30
