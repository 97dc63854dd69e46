"""The console in a real browser (Debian's chromium, headless, through selenium and
/usr/bin/chromedriver; nothing is downloaded), over the real system: a demo patient on
Telegram (fake Bot API server) writes a red flag through the gateway, Rasa and the
action server raise the emergency flag, and a nurse signs in, opens it, takes over,
replies (the reply reaches Telegram), hands back, resolves; a coordinator checks the
audit trail. Screenshots go to results/screenshots/, or to docs/screenshots/ (the ones
the README shows) with UPDATE_SCREENSHOTS=1, so a test run leaves the tree clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import AuditEntry, Flag
from tests.support.console_gateway import Gateway, running_gateway
from tests.support.paths import ROOT
from tests.support.processes import ActionServer, RasaServer, free_port, wait_until_up
from tests.support.waiting import wait_for

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
SCREENSHOTS = (DOC_SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1"
               else ROOT / "results" / "screenshots")


def _browser_or_skip() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        message = f"{', '.join(missing)} missing (apt-get install chromium chromium-driver)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{message}; REQUIRE_BROWSER=1 makes the browser test mandatory")
        pytest.skip(f"{message}: the browser test needs Debian's chromium")


@pytest.fixture(scope="module")
def system(rasa_server: RasaServer, action_server: ActionServer,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Gateway, str]]:
    _browser_or_skip()
    workdir = tmp_path_factory.mktemp("console-browser")
    env = {**os.environ, "CARE_DATABASE_URL": action_server.database_url}
    loaded = subprocess.run([sys.executable, "-m", "bot.cli", "demo", "load"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    with running_gateway(rasa_server, action_server, workdir) as gateway:
        port = free_port()
        console_env = {**env, "RASA_URL": rasa_server.url, "RASA_TOKEN": rasa_server.token,
                       "CONSOLE_HOST": "127.0.0.1", "CONSOLE_PORT": str(port),
                       "CONSOLE_SECRET_KEY": uuid.uuid4().hex, "CONSOLE_DEV": "1"}
        log = workdir / "console.log"
        with log.open("wb") as out:
            process = subprocess.Popen([sys.executable, "-m", "console"], cwd=ROOT,
                                       env=console_env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(process, f"http://127.0.0.1:{port}/health", log, {})
            yield gateway, f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(system) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1200", "--lang=fr"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


# Generous: on a loaded 2-core CI machine an argon2id check plus the first page render
# can take many seconds; the waits return as soon as the page is there.
PAGE_WAIT = 90


def _sign_in(driver, base: str, username: str, password: str) -> None:
    """Signs in and returns only once a signed-in page has loaded (its sign-out button
    is there), so the next step never races the login POST. A rejected login fails at
    once with the page's own error instead of a time-out further on."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{base}/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()
    WebDriverWait(driver, PAGE_WAIT).until(
        lambda d: d.find_elements(By.ID, "logout") or d.find_elements(By.ID, "login-error"))
    errors = driver.find_elements(By.ID, "login-error")
    assert not errors, f"sign-in as {username} refused: {errors[0].text}"


def _sign_out(driver) -> None:
    """Signs out and waits for the sign-in page, so the next sign-in starts clean."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    button = driver.find_element(By.ID, "logout")
    button.click()
    wait = WebDriverWait(driver, PAGE_WAIT)
    wait.until(ec.staleness_of(button))
    wait.until(ec.presence_of_element_located((By.ID, "sign-in")))


def test_nurse_handles_an_emergency_from_a_real_conversation(system, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    gateway, base = system
    driver = browser
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # The demo patient writes a red flag on Telegram.
    chat = 990_000 + free_port()
    conversation = gateway.link(chat, "demo-fr")
    before = len(gateway.texts(chat))
    gateway.send(chat, "j'ai une douleur dans la poitrine")
    assert "112" in gateway.wait_texts(chat, before + 1)[before]

    def emergency() -> int | None:
        with session_scope(gateway.database_url) as s:
            return s.scalar(select(Flag.id).where(Flag.conversation_id == conversation,
                                                  Flag.kind == "emergency"))
    flag_id = wait_for(emergency, timeout=60)

    # The nurse signs in; the flag is in the queue.
    _sign_in(driver, base, "infirmiere", "demo-infirmiere")
    wait = WebDriverWait(driver, PAGE_WAIT)
    row = wait.until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, f'tr[data-flag="{flag_id}"]')))
    assert "Urgence" in row.text and "Marcel Dupont" in row.text
    assert "poitrine" in row.text
    assert driver.title.startswith("(")  # the count of open flags
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    driver.save_screenshot(str(SCREENSHOTS / "queue.png"))

    # Open it: the transcript from Rasa shows the patient's message and the bot's answer.
    row.find_element(By.TAG_NAME, "a").click()
    transcript = wait.until(ec.presence_of_element_located((By.ID, "transcript")))
    assert "j'ai une douleur dans la poitrine" in transcript.text
    assert "112" in transcript.text
    driver.find_element(By.ID, "take-over").click()
    wait.until(ec.presence_of_element_located((By.ID, "reply-text")))
    assert "Vous avez repris cette conversation" in driver.find_element(By.ID, "holder").text

    reply = "Bonjour M. Dupont, ici Sophie, l'infirmière. Je vous appelle tout de suite."
    driver.find_element(By.ID, "reply-text").send_keys(reply)
    driver.find_element(By.ID, "send-reply").click()
    assert reply in gateway.wait_texts(chat, before + 2)[-1]  # reached Telegram
    wait.until(ec.text_to_be_present_in_element((By.ID, "transcript"), "Sophie"))
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(SCREENSHOTS / "conversation.png"))

    driver.find_element(By.ID, "hand-back").click()
    wait.until(ec.presence_of_element_located((By.ID, "take-over")))
    note = driver.find_element(By.ID, f"res-note-{flag_id}")
    note.send_keys("Appelé : douleur passée, vu par le médecin de garde.")
    driver.find_element(By.ID, f"resolve-{flag_id}").click()
    wait.until(lambda d: not d.find_elements(By.ID, f"resolve-{flag_id}"))
    with session_scope(gateway.database_url) as s:
        flag = s.get(Flag, flag_id)
        assert (flag.status, flag.resolved_by) == ("resolved", "console:infirmiere")

    # The care plan, then the audit trail as the coordinator.
    driver.find_element(By.ID, "edit-careplan").click()
    editor = wait.until(ec.presence_of_element_located((By.ID, "careplan")))
    assert "Metformine" in editor.get_attribute("value")
    driver.save_screenshot(str(SCREENSHOTS / "careplan.png"))
    _sign_out(driver)
    _sign_in(driver, base, "coordinatrice", "demo-coordinatrice")
    driver.get(f"{base}/audit")
    audit = wait.until(ec.presence_of_element_located((By.ID, "audit"))).text
    for action in ("takeover", "reply", "hand_back", "resolve"):
        assert action in audit
    with session_scope(gateway.database_url) as s:
        actions = set(s.scalars(select(AuditEntry.action).where(
            AuditEntry.actor == "console:infirmiere")))
    assert {"sign_in", "read", "takeover", "reply", "hand_back", "resolve"} <= actions
    assert all((SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
               for name in ("queue", "conversation", "careplan"))


DEMO_ROTA = """\
version: 1
team: "Réseau santé Namur (démo)"
timezone: Europe/Brussels
weekly:
  - {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "12:00", member: Sophie Lambert}
  - {days: [mon, tue, wed, thu, fri, sat, sun], start: "12:00", end: "00:00", member: Sophie Lambert}
replacements: []
escalation: [Sophie Lambert]
"""  # noqa: E501


def test_a_new_urgent_flag_alerts_the_open_queue(system, browser) -> None:
    """With the queue open, a new urgent flag shows the in-page banner (with the
    browser notification and the beep, which a headless browser cannot show) and its
    paging status; the page went to the nurse on call."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from bot.models import Page, TeamRota

    gateway, base = system
    driver = browser
    env = {**os.environ, "CARE_DATABASE_URL": gateway.database_url}
    rota_file = SCREENSHOTS.parent / "demo-rota.yml"
    rota_file.parent.mkdir(parents=True, exist_ok=True)
    rota_file.write_text(DEMO_ROTA, encoding="utf-8")
    imported = subprocess.run([sys.executable, "-m", "bot.cli", "team", "rota", "import",
                               str(rota_file)], env=env, capture_output=True, text=True,
                              timeout=120)
    assert imported.returncode == 0, imported.stderr
    try:
        if driver.find_elements(By.ID, "logout"):
            _sign_out(driver)
        _sign_in(driver, base, "infirmiere", "demo-infirmiere")
        driver.get(f"{base}/queue")
        wait = WebDriverWait(driver, PAGE_WAIT)
        driver.find_element(By.ID, "enable-alerts").click()  # permission on a click only
        banner = driver.find_element(By.ID, "urgent-banner")
        assert not banner.is_displayed()

        chat = 991_000 + free_port()
        conversation = gateway.link(chat, "demo-fr")
        gateway.send(chat, "je fais un malaise, je ne sens plus mon bras")

        def flag_id() -> int | None:
            with session_scope(gateway.database_url) as s:
                return s.scalar(select(Flag.id).where(Flag.conversation_id == conversation,
                                                      Flag.kind == "emergency"))
        new_flag = wait_for(flag_id, timeout=60)
        wait.until(lambda d: d.find_element(By.ID, "urgent-banner").is_displayed())
        banner = driver.find_element(By.ID, "urgent-banner")
        assert "Nouveau signalement urgent" in banner.text and "Marcel Dupont" in banner.text
        assert banner.get_attribute("data-flag") == str(new_flag)
        row = driver.find_element(By.CSS_SELECTOR, f'tr[data-flag="{new_flag}"]')
        assert "SMS à Sophie Lambert" in row.find_element(By.CSS_SELECTOR, "td.paging").text
        driver.save_screenshot(str(SCREENSHOTS / "urgent-alert.png"))
        # Opening it as Sophie answers the page.
        banner.find_element(By.TAG_NAME, "a").click()
        wait.until(lambda d: d.find_elements(By.ID, f"paging-{new_flag}"))
        assert "pris en compte" in driver.find_element(By.ID, f"paging-{new_flag}").text
        with session_scope(gateway.database_url) as s:
            assert s.scalar(select(Page.acked_via).where(Page.flag_id == new_flag)) == "console"
    finally:
        with session_scope(gateway.database_url) as s:  # the database is shared: no rota left
            for row in s.scalars(select(TeamRota)):
                s.delete(row)


def test_screenshots_are_kept_in_the_docs(system) -> None:
    """The README shows them; the browser test above writes them afresh."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("queue", "conversation", "careplan"):
        assert f"docs/screenshots/{name}.png" in readme
        assert Path(DOC_SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
