"""A patient with a typical care plan, the starting point of most care-plan tests."""

from __future__ import annotations


def make_patient(session, ref: str = "p1", language: str = "fr", **fields):
    """A patient with a walking goal (patient-set), a glucose goal (care team), and
    metformin at 08:00 and 20:00; enough for most care-plan tests."""
    from bot.models import Goal, Medication, Patient

    patient = Patient(external_ref=ref, first_name="Marie", last_name="Test", language=language,
                      **fields)
    session.add(patient)
    session.flush()
    session.add_all([
        Goal(patient_id=patient.id, kind="walking", target_value=30, target_unit="min",
             days_per_week=5, set_by="patient"),
        Goal(patient_id=patient.id, kind="glucose", target_value=1.30, target_unit="g/L",
             comparison="at_most", set_by="care_team"),
        Medication(patient_id=patient.id, name="Metformine", dose_text="1 comprimé 500 mg",
                   times=["08:00", "20:00"]),
    ])
    session.flush()
    return patient
