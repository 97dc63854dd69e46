"""The console's medication stock (issue 17): the patient page shows each counted
medication's stock, pack size and days left at the plan's use, in the nurse's language;
a nurse or coordinator of the patient corrects it with a CSRF-protected form whose
change goes through the one care-plan validator and apply path and is audited; an
admin, a nurse of another team and a bad number change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import AuditEntry, Medication
from tests.support.console_seed import FakeRasa, Seed, post, seed, signed_in_as


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[Seed, FakeRasa]]:
    """The console's seed, with Marcel's Metformine (once a day) counted: 12 left of a
    pack of 60, and Jozef (Dutch team) on two puffs twice a day, 30 left of 120."""
    seeded = seed(f"sqlite:///{tmp_path / 'care.db'}")
    with session_scope(seeded.url) as s:
        metformine = s.scalars(select(Medication).where(
            Medication.patient_id == seeded.patient_a1)).one()
        metformine.stock, metformine.pack_size = 12, 60
        s.add(Medication(patient_id=seeded.patient_b1, name="Seretide", dose_text="2 pufjes",
                         times=["08:00", "20:00"], stock=30, pack_size=120))
    yield seeded, FakeRasa()


def _stock(seeded: Seed, name: str) -> tuple[int | None, int | None]:
    with session_scope(seeded.url) as s:
        med = s.scalars(select(Medication).where(Medication.name == name,
                                                 Medication.active.is_(True))).one()
        return med.stock, med.pack_size


def _audits(seeded: Seed) -> list[AuditEntry]:
    with session_scope(seeded.url) as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "medication_stock")))


def test_the_patient_page_shows_stock_pack_and_days_left_in_both_languages(env) -> None:
    seeded, rasa = env
    fr = signed_in_as(seeded, rasa, "nurse_a").get(f"/patients/{seeded.patient_a1}").text
    assert "Stock : 12 unités · boîte de 60 · environ 12 jours au rythme du plan" in fr
    assert 'id="form-set-stock"' in fr and 'name="csrftoken"' in fr
    nl = signed_in_as(seeded, rasa, "nurse_b").get(f"/patients/{seeded.patient_b1}").text
    # two puffs twice a day: 4 a day, 30 last 7 days
    assert "Voorraad: 30 eenheden · verpakking van 120 · ongeveer 7 dagen volgens het plan" in nl
    assert "Voorraad corrigeren" in nl


def test_a_nurse_corrects_the_stock_through_the_validator_and_it_is_audited(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    url = f"/patients/{seeded.patient_a1}/stock"
    assert post(client, url, name="Metformine", stock="45").status_code == 303
    assert _stock(seeded, "Metformine") == (45, 60)  # pack size left as it was
    [entry] = _audits(seeded)
    assert entry.actor.endswith("nurse_a") and entry.patient_id == seeded.patient_a1
    assert entry.detail == {"medication": "Metformine", "stock": [12, 45],
                            "pack_size": [60, 60]}
    assert "Stock : 45 unités" in client.get(f"/patients/{seeded.patient_a1}").text
    assert post(client, url, name="metformine", stock="30", pack_size="90").status_code == 303
    assert _stock(seeded, "Metformine") == (30, 90)


@pytest.mark.parametrize(("stock", "problem"), [
    ("-3", "medications[0].stock"), ("1,5", "medications[0].stock"),
    ("20000", "medications[0].stock")])
def test_the_validator_refuses_a_bad_count_and_nothing_changes(env, stock: str,
                                                               problem: str) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "coord_a")
    answer = post(client, f"/patients/{seeded.patient_a1}/stock", name="Metformine",
                  stock=stock)
    assert answer.status_code == 422 and problem in answer.text
    assert _stock(seeded, "Metformine") == (12, 60) and not _audits(seeded)


def test_a_dutch_nurse_corrects_in_dutch_and_an_unknown_medication_is_refused(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_b")
    url = f"/patients/{seeded.patient_b1}/stock"
    unknown = post(client, url, name="Ventolin", stock="10")
    assert unknown.status_code == 422 and "onbekend item" in unknown.text
    assert post(client, url, name="Seretide", stock="120").status_code == 303
    assert _stock(seeded, "Seretide") == (120, 120)


def test_who_may_not_correct_it(env) -> None:
    seeded, rasa = env
    other_team = signed_in_as(seeded, rasa, "nurse_b")
    assert post(other_team, f"/patients/{seeded.patient_a1}/stock", name="Metformine",
                stock="1").status_code == 404
    admin = signed_in_as(seeded, rasa, "admin")
    assert 'id="form-set-stock"' not in admin.get(f"/patients/{seeded.patient_a1}").text
    assert post(admin, f"/patients/{seeded.patient_a1}/stock", name="Metformine",
                stock="1").status_code == 404
    nurse = signed_in_as(seeded, rasa, "nurse_a")
    forged = nurse.post(f"/patients/{seeded.patient_a1}/stock",
                        data={"name": "Metformine", "stock": "1", "csrftoken": "forged"},
                        follow_redirects=False)
    assert forged.status_code == 403
    assert _stock(seeded, "Metformine") == (12, 60) and not _audits(seeded)
