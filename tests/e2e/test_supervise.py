"""scripts/supervise: one crashing process is started again and does not stop the
others; a stop signal ends it at once."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from tests.support.paths import ROOT
from tests.support.waiting import wait_for

SUPERVISE = ROOT / "scripts" / "supervise"


def test_a_crashing_process_is_started_again_with_backoff(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    process = subprocess.Popen(
        [str(SUPERVISE), "sh", "-c", f"echo run >> {runs}; exit 3"],
        stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: runs.exists() and len(runs.read_text().split()) >= 3, timeout=20)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "exited with status 3; starting it again in 1 s" in stderr
    assert "starting it again in 2 s" in stderr  # backing off


def test_a_stop_signal_stops_the_process_and_the_loop(tmp_path: Path) -> None:
    marker = tmp_path / "stopped"
    process = subprocess.Popen(
        [str(SUPERVISE), "sh", "-c", f"trap 'touch {marker}; exit 0' TERM; "
         "while true; do sleep 0.1; done"])
    time.sleep(1.0)
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
    assert marker.exists()  # the supervised process got the signal too


def test_every_process_of_the_procfile_is_supervised() -> None:
    lines = [ln for ln in (ROOT / "Procfile").read_text().splitlines() if ln.strip()]
    assert len(lines) == 5
    assert all(ln.split(":", 1)[1].split()[0] == "scripts/supervise" for ln in lines)
