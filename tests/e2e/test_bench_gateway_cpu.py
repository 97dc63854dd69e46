"""bench/gateway_cpu.py runs the gateway's per-message path end to end (webhook, inbox,
delivery, each message checked to be stored, answered and sent) and reports the CPU of
each stage and the statements it ran."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT


def test_the_benchmark_measures_every_stage_of_a_few_messages(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.gateway_cpu", "--messages", "4", "--warmup", "2",
         "--patients", "2", "--rounds", "1", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(out.read_text())["runs"]["this"]
    assert set(figures["cpu_ms"]) == {"webhook", "inbox", "delivery", "total"}
    assert all(ms > 0 for ms in figures["cpu_ms"].values())
    # Each stage ran its statements and committed: the message went all the way.
    statements = figures["statements"]
    assert all(statements[f"{stage} commits"] >= 1 for stage in ("webhook", "inbox", "delivery"))
    assert "webhook" in done.stdout and "total" in done.stdout
