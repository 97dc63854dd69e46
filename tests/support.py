"""Readers for the Rasa project files and small helpers, shared by the tests and the
benchmarks."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml

ROOT = Path(__file__).resolve().parents[1]

CONTRACT_INTENTS = (
    "greet goodbye thank affirm deny help ask_goals report_progress medication_taken "
    "medication_missed ask_medication ask_appointment request_nurse report_symptom "
    "emergency feeling_low stop_messages change_language"
).split()

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def plain_text(example: str) -> str:
    """'j'ai [marché]{"entity": ...} [30](quantity)' -> "j'ai marché 30"."""
    return _ANNOTATION.sub(r"\1", example)


def nlu_examples(path: Path) -> dict[str, list[str]]:
    """Intent -> plain-text examples of one Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples: dict[str, list[str]] = {}
    for item in data.get("nlu", []):
        if "intent" not in item:
            continue
        lines = [ln.strip()[2:] for ln in item["examples"].splitlines() if ln.strip()]
        examples.setdefault(item["intent"], []).extend(plain_text(ln) for ln in lines)
    return examples


def domain() -> dict:
    merged: dict = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
    return merged


def make_patient(session, ref: str = "p1", language: str = "fr", **fields):  # type: ignore[no-untyped-def]
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


T = TypeVar("T")


def wait_for(predicate: Callable[[], T], timeout: float = 30.0, interval: float = 0.1) -> T:
    """Poll until ``predicate`` returns something truthy (another process's work)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def kind_cases(cases: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(kind, text) pairs of a table of red-flag test cases, for pytest's parametrize."""
    return [(kind, text) for kind, texts in cases.items() for text in texts]


def free_ports(count: int) -> int:
    """A base port with ``count`` free ports from it (process i listens on base + i)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            held = []
            for port in range(base, base + count):
                s = socket.socket()
                held.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    raise RuntimeError("no run of free ports")
