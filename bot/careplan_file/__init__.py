"""Care-plan files: a patient's whole care plan as one YAML document, imported and exported.

Nurses and case managers write care plans in a text file they can review, diff and keep,
rather than through forms: the file is the plan. The format is documented in
docs/careplan-format.md; this package is its only reader and writer, and `bot careplan
check|import|export` (bot/cli/careplans.py) its only command line.

Three promises shape the code:

* Nothing is written unless the whole file is valid. `parse_careplan` checks every field
  and reports every problem at once, each with its line, because a nurse fixing a file
  one error per run gives up; unknown keys are errors because a typo ("adress",
  "receives_alert") silently ignored would silently drop a consent or a phone number.
* Re-importing a file keeps history. Rows are matched by natural keys (goal kind,
  medication name, appointment person and time, caregiver phone, team member name), so
  a goal keeps its progress entries and a medication its doses; what disappears from
  the file is paused, deactivated or cancelled rather than deleted, except caregivers
  and care-team assignments, which the file controls entirely.
* Export then import changes nothing, so a plan can be exported, edited and re-imported.

One home for each part:

    spec.py     the format's constants, the plan's data classes, Problem and
                CarePlanFileError (errors with line numbers)
    fields.py   typed, line-numbered reads of YAML nodes (shared with bot/rota.py)
    reader.py   YAML text -> CarePlan (`parse_careplan`), and the demo plans
    apply.py    CarePlan -> database (`apply_careplan`, `import_careplan`), the write
                path of every care-plan writer
    export.py   database -> YAML (`export_careplan`), recorded in the audit trail
                wherever it is called

Everything public is re-exported here, so `from bot.careplan_file import ...` does not
depend on which module a name lives in.

Plain Python, PyYAML and SQLAlchemy only: the services environment imports this package,
and so do the console and the CLI.
"""

from bot.careplan_file.apply import apply_careplan, import_careplan, shared_member_changes
from bot.careplan_file.export import export_careplan
from bot.careplan_file.reader import demo_careplans, parse_careplan
from bot.careplan_file.spec import (
    APPOINTMENT_KEYS,
    APPOINTMENT_REMINDER_KEYS,
    CAREGIVER_KEYS,
    COMPARISONS,
    DEFAULT_TIMEZONE,
    FORMAT_VERSION,
    GOAL_KEYS,
    GOAL_SETTERS,
    GOAL_STATUSES,
    GOAL_UNITS,
    MAX_HOURS_BEFORE,
    MEDICATION_KEYS,
    MEMBER_KEYS,
    PATIENT_KEYS,
    PHONE_RE,
    PLAUSIBLE_TARGETS,
    QUIET_HOURS_KEYS,
    ROLES,
    TOP_KEYS,
    WEEKDAYS,
    AppointmentReminders,
    AppointmentSpec,
    CaregiverSpec,
    CarePlan,
    CarePlanFileError,
    CareTeamMemberSpec,
    GoalSpec,
    MedicationSpec,
    PatientSpec,
    Problem,
    QuietHours,
)

__all__ = [
    "APPOINTMENT_KEYS",
    "APPOINTMENT_REMINDER_KEYS",
    "CAREGIVER_KEYS",
    "COMPARISONS",
    "DEFAULT_TIMEZONE",
    "FORMAT_VERSION",
    "GOAL_KEYS",
    "GOAL_SETTERS",
    "GOAL_STATUSES",
    "GOAL_UNITS",
    "MAX_HOURS_BEFORE",
    "MEDICATION_KEYS",
    "MEMBER_KEYS",
    "PATIENT_KEYS",
    "PHONE_RE",
    "PLAUSIBLE_TARGETS",
    "QUIET_HOURS_KEYS",
    "ROLES",
    "TOP_KEYS",
    "WEEKDAYS",
    "AppointmentReminders",
    "AppointmentSpec",
    "CarePlan",
    "CarePlanFileError",
    "CareTeamMemberSpec",
    "CaregiverSpec",
    "GoalSpec",
    "MedicationSpec",
    "PatientSpec",
    "Problem",
    "QuietHours",
    "apply_careplan",
    "demo_careplans",
    "export_careplan",
    "import_careplan",
    "parse_careplan",
    "shared_member_changes",
]
