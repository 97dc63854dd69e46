"""A care plan applied again keeps the stock the patient's intakes counted (issue 17):
a care-plan file without `stock`/`pack_size` (an old file re-applied) and a FHIR Bundle
(which carries neither) leave a medication that is still there, by name, with what was
counted; a file that sets them explicitly is the care team's correction and wins; a
medication that is new starts uncounted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot import doses, fhir
from bot.careplan_file import import_careplan
from bot.db import session_scope
from bot.models import Medication, Patient
from tests.e2e.test_refills import NOW, PLAN, local

WITHOUT_STOCK = PLAN.replace("    pack_size: 60\n    stock: 12\n", "")


def _counted_down(url: str) -> int:
    """PLAN imported (Metformine: pack of 60, 12 left), one dose taken: 11 left."""
    with session_scope(url) as s:
        patient = import_careplan(s, PLAN, "test:nurse", "careplan.yml", now=NOW)
        doses.ensure_doses(s, patient, dt.date(2026, 11, 24))
        doses.record_intake(s, patient, doses.TAKEN, actor="t", now=local(2026, 11, 24, 8, 5),
                            medication_name="Metformine", source_message="m-stock")
        return patient.id


def _stock(url: str, patient_id: int) -> dict[str, tuple[int | None, int | None, bool]]:
    with session_scope(url) as s:
        return {m.name: (m.pack_size, m.stock, m.active) for m in s.scalars(
            select(Medication).where(Medication.patient_id == patient_id))}


def test_a_file_without_stock_keeps_the_counted_stock(db_url: str) -> None:
    patient_id = _counted_down(db_url)
    assert "stock" not in WITHOUT_STOCK
    with session_scope(db_url) as s:
        import_careplan(s, WITHOUT_STOCK, "test:nurse", "old.yml", now=NOW)
    assert _stock(db_url, patient_id)["Metformine"] == (60, 11, True)
    assert _stock(db_url, patient_id)["Kardegic"] == (None, None, True)


def test_a_file_that_sets_the_stock_corrects_it(db_url: str) -> None:
    patient_id = _counted_down(db_url)
    with session_scope(db_url) as s:
        import_careplan(s, PLAN.replace("stock: 12", "stock: 40"), "test:nurse", "new.yml",
                        now=NOW)
    assert _stock(db_url, patient_id)["Metformine"] == (60, 40, True)
    with session_scope(db_url) as s:  # the old file's 12 is explicit too
        import_careplan(s, PLAN, "test:nurse", "careplan.yml", now=NOW)
    assert _stock(db_url, patient_id)["Metformine"] == (60, 12, True)


def test_a_renamed_medication_starts_uncounted(db_url: str) -> None:
    patient_id = _counted_down(db_url)
    with session_scope(db_url) as s:
        import_careplan(s, WITHOUT_STOCK.replace("Metformine", "Glucophage"), "test:nurse",
                        "renamed.yml", now=NOW)
    stock = _stock(db_url, patient_id)
    assert stock["Glucophage"] == (None, None, True)
    assert stock["Metformine"][2] is False


def test_a_fhir_import_keeps_the_counted_stock(db_url: str) -> None:
    patient_id = _counted_down(db_url)
    with session_scope(db_url) as s:
        ref = s.get_one(Patient, patient_id).external_ref
        bundle = fhir.export_bundle(s, ref, actor="cli:test", now=NOW).model_dump_json()
    assert '"stock"' not in bundle and "pack_size" not in bundle  # FHIR carries neither
    with session_scope(db_url) as s:
        fhir.import_bundle(s, bundle, actor="cli:test", source="bundle.json", now=NOW)
    assert _stock(db_url, patient_id)["Metformine"] == (60, 11, True)
