"""A seeded care-plan database and a recording stand-in for Rasa, for the console tests."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.testclient import TestClient

from bot import accounts, flags
from bot.db import migrate, session_scope
from bot.models import (
    CareAssignment,
    CareTeamMember,
    ChannelIdentity,
    Dose,
    Medication,
    Patient,
    Team,
    utcnow,
)
from console.app import Settings, create_app

PASSWORD = "correct horse battery"


class FakeRasa:
    """Answers the tracker with canned events and records what the console appends."""

    def __init__(self) -> None:
        self.appended: list[tuple[str, list[dict[str, Any]]]] = []
        self.down = False
        self.events: dict[str, list[dict[str, Any]]] = {}

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        if self.down:
            raise httpx.ConnectError("down")
        return {"sender_id": conversation_id,
                "events": self.events.get(conversation_id, []) + [
                    e for c, events in self.appended if c == conversation_id for e in events]}

    def reachable(self, timeout: float = 2.0) -> bool:
        return not self.down

    def append_events(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        if self.down:
            raise httpx.ConnectError("down")
        self.appended.append((conversation_id, events))


@dataclass
class Seed:
    url: str
    team_a: int = 0
    team_b: int = 0
    patient_a1: int = 0  # followed by nurse_a
    patient_a2: int = 0  # team A, not followed by nurse_a
    patient_b1: int = 0  # team B
    identity_a1: int = 0
    identity_a2: int = 0
    identity_b1: int = 0
    flag_a1: int = 0
    flag_a2: int = 0
    flag_b1: int = 0
    gp_a: int = 0
    member_b: int = 0
    users: dict[str, int] = field(default_factory=dict)


def seed(url: str) -> Seed:
    migrate(url)
    out = Seed(url)
    now = utcnow()
    with session_scope(url) as s:
        team_a, team_b = Team(name="Namur"), Team(name="Kortrijk")
        s.add_all([team_a, team_b])
        s.flush()
        nurse_a = CareTeamMember(team_id=team_a.id, name="Sophie Lambert", role="nurse",
                                 language="fr", phone="+32470000201")
        gp_a = CareTeamMember(team_id=team_a.id, name="Dr Renard", role="general_practitioner",
                              language="nl",
                              phone="+32470000301")
        nurse_b = CareTeamMember(team_id=team_b.id, name="An Wouters", role="nurse",
                                 language="nl", phone="+32470000401")
        s.add_all([nurse_a, gp_a, nurse_b])
        s.flush()
        patients = []
        for ref, team, first, lang, members in (
                ("pa1", team_a, "Marcel", "fr", [nurse_a, gp_a]),
                ("pa2", team_a, "Louise", "fr", [gp_a]),
                ("pb1", team_b, "Jozef", "nl", [nurse_b])):
            patient = Patient(external_ref=ref, first_name=first, last_name="Test",
                              language=lang, team_id=team.id)
            s.add(patient)
            s.flush()
            for member in members:
                s.add(CareAssignment(patient_id=patient.id, member_id=member.id))
            identity = ChannelIdentity(patient_id=patient.id, channel="telegram",
                                       external_id=f"{patient.id}00", conversation_id=f"c-{ref}")
            s.add(identity)
            s.flush()
            flag = flags.raise_flag(s, flags.EMERGENCY if ref != "pa2" else flags.REQUEST_NURSE,
                                    patient_id=patient.id, conversation_id=identity.conversation_id,
                                    summary=f"[chest_pain] message of {ref}")
            patients.append((patient, identity, flag))
        (pa1, ia1, fa1), (pa2, ia2, fa2), (pb1, ib1, fb1) = patients
        medication = Medication(patient_id=pa1.id, name="Metformine", dose_text="1",
                                times=["08:00"])
        s.add(medication)
        s.flush()
        for days_ago, status in ((1, "taken"), (2, "missed"), (3, "taken"), (40, "taken")):
            s.add(Dose(medication_id=medication.id, patient_id=pa1.id, status=status,
                       scheduled_at=now - dt.timedelta(days=days_ago)))
        for username, role, team, member, lang in (
                ("nurse_a", "nurse", "Namur", "Sophie Lambert", "fr"),
                ("nurse_a2", "nurse", "Namur", "Sophie Lambert", "fr"),
                ("coord_a", "coordinator", "Namur", None, "fr"),
                ("nurse_b", "nurse", "Kortrijk", "An Wouters", "nl"),
                ("admin", "admin", None, None, "fr")):
            user = accounts.create_user(s, username, PASSWORD, role, team=team, member=member,
                                        language=lang)
            out.users[username] = user.id
        out.team_a, out.team_b = team_a.id, team_b.id
        out.patient_a1, out.patient_a2, out.patient_b1 = pa1.id, pa2.id, pb1.id
        out.identity_a1, out.identity_a2, out.identity_b1 = ia1.id, ia2.id, ib1.id
        out.flag_a1, out.flag_a2, out.flag_b1 = fa1.id, fa2.id, fb1.id
        out.gp_a, out.member_b = gp_a.id, nurse_b.id
    return out


def csrf(client) -> str:
    token = client.cookies.get("csrftoken")
    if token is None:
        client.get("/login")
        token = client.cookies.get("csrftoken")
    return token


def sign_in(client, username: str, password: str = PASSWORD):
    page = client.get("/login")
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrftoken": token, "next": "/queue"},
                       follow_redirects=False)


def post(client, path: str, **form: str):
    return client.post(path, data={"csrftoken": csrf(client), **form}, follow_redirects=False)


def wait(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def console_client(seeded: Seed, rasa: FakeRasa, address: str = "testclient",
                   **settings) -> TestClient:
    """The console app on the seeded database, as a test client from ``address``."""
    app = create_app(Settings(secret_key="test-secret", database_url=seeded.url, rasa=rasa,
                              dev_chat_wait=0.5, **settings))
    return TestClient(app, client=(address, 50000))


def signed_in_as(seeded: Seed, rasa: FakeRasa, username: str, **settings) -> TestClient:
    """A test client signed in as ``username`` (password ``PASSWORD``)."""
    client = console_client(seeded, rasa, **settings)
    assert sign_in(client, username).status_code == 303
    return client
