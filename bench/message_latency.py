"""Message latency and throughput through the whole system, on two profiles, with
two references.

Run from the services environment after the README's set-up (a trained model under
models/):

    .venv/services/bin/python -m bench.message_latency [--levels 1,10,50] [--seconds 20]

1. Starts the system as real processes on free loopback ports, on a temporary SQLite
   care database and tracker store: the fake Telegram server (in this process), the
   action server, Rasa (`rasa run --enable-api`, the project's endpoints) and the
   gateway, with python-telegram-bot pointed at the fake. Telegram's own rate limits
   (30 messages/s per bot, 1/s per chat) and the flood guard are turned off: what is
   measured is our processing.
2. Creates demo-like patients (goals, progress, medications and a week of doses,
   appointments), each linked to a Telegram chat.
3. Simulated patients play a scripted conversation in French or Dutch (greeting,
   goals, progress, medication list, dose taken, appointment, thanks, goodbye) through
   the Telegram webhook with its secret token; each message is sent once the answer
   to the previous one reached the fake Telegram server. Latency is from the webhook
   POST to the answer's arrival at the fake (both clocks are this process's). 1, 10
   and 50 patients at once (closed loop, `--seconds` per level): p50/p95/p99 and the
   sustained messages/s; peak memory of each process (RSS with children, sampled).
4. References, same run and machine, same load runner and levels: the NLU alone
   (`POST /model/parse` on the same Rasa server, the floor of any answer) and the bare
   bot of `rasa init` (trained once, cached under bench/out/) through its REST channel.
   Prints our p95 as a ratio to each. Also our own Rasa through its REST channel with
   the same conversations (actions and database included, gateway left out), which
   shows what the gateway's two stored queues add.
5. The scale-out profile (bench/scale_profile.py): `scripts/run --scale --no-setup`
   itself, 2 Rasa servers, 2 action servers, 2 gateways (and 2 reminders partitions, a
   console) on throw-away PostgreSQL databases and Redis, each patient's messages sent
   to the gateways in turn; same conversations, levels and load runner, its CPU per
   message per process (--skip-scale leaves it out, --scale-processes sets the count).

Figures go to bench/out/message_latency.json and bench/out/message_latency.png.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench.harness import (
    CORE_BIN,
    ROOT,
    SCRIPTS,
    MemorySampler,
    Person,
    TelegramPatient,
    add_patients,
    run_load,
    stages,
    start_rasa,
    system,
    trained_model,
)

OUT = ROOT / "bench" / "out"
# Comparable turns for `rasa init`'s mood bot, in its language (English).
BARE_SCRIPT = ["hello", "I am feeling great", "are you a bot?", "hi there",
               "I am very sad", "yes", "good morning", "goodbye"]


def rasa_version() -> str:
    return subprocess.run(
        [str(CORE_BIN / "python"), "-c",
         "import importlib.metadata as m; print(m.version('rasa'))"],
        check=True, capture_output=True, text=True).stdout.strip()


def bare_project() -> Path:
    """`rasa init`'s default bot, trained once per Rasa version (cached)."""
    folder = OUT / f"rasa-init-{rasa_version()}"
    if list((folder / "models").glob("*.tar.gz")):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"training `rasa init`'s default bot into {folder} (once; 1-3 minutes)", flush=True)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    with (folder / "init.log").open("wb") as log:
        subprocess.run([str(CORE_BIN / "rasa"), "init", "--no-prompt", "--init-dir",
                        str(folder)], cwd=folder, env=env, stdout=log,
                       stderr=subprocess.STDOUT, check=True)
    return folder


def http_pool(size: int) -> httpx.Client:
    return httpx.Client(timeout=120, limits=httpx.Limits(max_connections=size,
                                                         max_keepalive_connections=size))


# --- our system -----------------------------------------------------------------------


def calibrate(stack, people: list[Person], client: httpx.Client) -> dict:
    """One conversation per language, slowly: each turn must get exactly one answer
    (a second one would be taken for the next turn's). Also warms every process."""
    transcript: dict[str, list[list[str]]] = {}
    for person in people:
        chat_id, lang = person.chat_id, person.language
        patient = TelegramPatient(stack, chat_id, lang, client)
        transcript[lang] = []
        for text in SCRIPTS[lang]:
            _, _, replies = patient.say(text)
            time.sleep(1.0)
            extra = stack.telegram.arrivals[chat_id][patient.received:]
            if extra:
                sys.exit(f"{text!r} got {1 + len(extra)} answers: {replies + extra}")
            transcript[lang].append([text, replies[0]])
    return transcript


def play_ours(stack, pool: list[Person], client: httpx.Client):
    taken = iter(pool)
    lock = threading.Lock()

    def conversation(_index: int, record) -> None:
        with lock:
            person = next(taken)
        lang = person.language
        patient = TelegramPatient(stack, person.chat_id, lang, client)
        for i, text in enumerate(SCRIPTS[lang]):
            started, latency, _ = patient.say(text)
            record(f"{lang}:{i}", started, latency)

    return conversation


def play_parse(url: str, token: str, client: httpx.Client):
    texts = SCRIPTS["fr"] + SCRIPTS["nl"]

    def conversation(index: int, record) -> None:
        for text in texts[(index % 2) * 8:(index % 2) * 8 + 8]:
            started = time.perf_counter()
            client.post(f"{url}/model/parse", params={"token": token},
                        json={"text": text}).raise_for_status()
            record("parse", started, time.perf_counter() - started)

    return conversation


def play_our_rest(url: str, pool: list[Person], client: httpx.Client,
                  odd: list[list[Any]]):
    """The same conversations straight to our Rasa's REST channel, as the gateway
    sends them (linked patients: actions and database included), without the gateway.
    A turn that does not get exactly one answer is kept in `odd` (text, answers) and
    counted in the figures rather than stopping the run: this is a reference, and an
    empty answer from Rasa (e.g. an action call that failed under load) is what the
    gateway itself checks and retries (gateway/forwarding.py)."""
    taken = iter(pool)
    lock = threading.Lock()

    def conversation(_index: int, record) -> None:
        with lock:
            person = next(taken)
        metadata = {"channel": "telegram", "language_hint": person.language,
                    "telegram_language_code": person.language}
        for text in SCRIPTS[person.language]:
            started = time.perf_counter()
            r = client.post(f"{url}/webhooks/rest/webhook", json={
                "sender": person.conversation_id, "message": text, "metadata": metadata})
            r.raise_for_status()
            if len(r.json()) != 1:
                with lock:
                    odd.append([text, r.json(), time.time()])
            record("our-rest", started, time.perf_counter() - started)

    return conversation


def play_rest(url: str, client: httpx.Client, prefix: str):
    def conversation(index: int, record) -> None:
        for text in BARE_SCRIPT:
            started = time.perf_counter()
            r = client.post(f"{url}/webhooks/rest/webhook",
                            json={"sender": f"{prefix}-{index}", "message": text})
            r.raise_for_status()
            if not r.json():
                raise RuntimeError(f"no answer to {text!r}")
            record("rest", started, time.perf_counter() - started)

    return conversation


class Profiler:
    """py-spy sampling each named process (from outside, --nonblocking; only threads
    holding the GIL, i.e. CPU, not waits) for a while;
    collapsed stacks to bench/out/profile-<name>.txt, top frames printed."""

    def __init__(self, pids: dict[str, int], seconds: float, prefix: str = ""):
        spy = Path(sys.executable).parent / "py-spy"
        self.files = {name: OUT / f"profile-{prefix}{name}.txt" for name in pids}
        self.spies = [subprocess.Popen(
            [str(spy), "record", "--pid", str(pid), "--duration", str(int(seconds)),
             "--rate", "50", "--nonblocking", "--gil", "--format", "raw", "--output",
             str(self.files[name])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for name, pid in pids.items()]

    def report(self, top: int = 12) -> dict[str, list[tuple[str, float]]]:
        for spy in self.spies:
            spy.wait()
        tops: dict[str, list[tuple[str, float]]] = {}
        for name, path in self.files.items():
            if not path.exists():
                continue
            inclusive: dict[str, int] = {}
            total = 0
            for line in path.read_text().splitlines():
                stack, _, count = line.rpartition(" ")
                frames = stack.split(";")
                total += int(count)
                for frame in set(frames):
                    inclusive[frame] = inclusive.get(frame, 0) + int(count)
            ranked = sorted(inclusive.items(), key=lambda kv: -kv[1])
            ours = [(frame, n / total) for frame, n in ranked
                    if any(part in frame for part in ("bot/", "actions/", "gateway/",
                                                      "rasa/core", "rasa/nlu",
                                                      "rasa/server", "tracker_store",
                                                      "sqlalchemy", "rasa_sdk"))][:top]
            tops[name] = ours
            print(f"  {name}: {total} samples; inclusive share of the busiest frames:")
            for frame, share in ours:
                print(f"    {share:6.1%}  {frame[:150]}")
        return tops


def level_line(name: str, figures: dict) -> str:
    return (f"  {name:<34} p50 {figures['p50']:7.1f}  p95 {figures['p95']:7.1f}  "
            f"p99 {figures['p99']:7.1f} ms  {figures['per_second']:5.1f} msg/s  "
            f"(n={figures['n']})")


def report_level(result: dict[str, Any], level: int, figures: dict[str, Any],
                 before: dict[str, float], after: dict[str, float]) -> None:
    """Keeps a level's figures with each process's CPU per message, and prints them."""
    figures["cpu_ms_per_message"] = {
        name: (after[name] - before[name]) * 1000 / figures["n"] for name in after}
    result["levels"][level] = figures
    print(level_line(f"{level} patients at once", figures), flush=True)
    print("    CPU per message: " + ", ".join(
        f"{name.split(' ')[0]} {ms:.0f} ms"
        for name, ms in figures["cpu_ms_per_message"].items()), flush=True)


def count_answers(stack, result: dict[str, Any]) -> None:
    """Every message measured (and the 16 of the warm-up) got its answer; more answers
    than messages are noted (e.g. "briefly unavailable" notices while Rasa lags)."""
    expected = sum(f["n"] for f in result["levels"].values()) + 16
    got = sum(len(v) for v in stack.telegram.arrivals.values())
    result["extra_answers"] = got - expected
    if got < expected:
        sys.exit(f"{got} answers for {expected} messages: check the scripts")
    if got > expected:
        print(f"  note: {got} answers for {expected} messages", flush=True)


def measure_ours(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    model = Path(args.model) if args.model else trained_model()
    result: dict[str, Any] = {"model": model.name, "levels": {}, "nlu": {}}
    with system(workdir, model, care_url=args.database_url) as stack:
        need = sum(level + int(args.seconds * 80 / 8) for level in args.levels)
        people = add_patients(stack.care_url, 2 + 2 * need)
        rest_pool = people[2 + need:]
        with http_pool(max(args.levels) + 4) as client:
            print("our system is up; warming up (one conversation per language)", flush=True)
            result["transcript"] = calibrate(stack, people[:2], client)
            bench = "bench (fake Telegram, load)"
            pids = {**stack.pids(), bench: os.getpid()}
            with MemorySampler(pids, alone=(bench,)) as memory:
                play = play_ours(stack, people[2:2 + need], client)
                print("whole path (Telegram webhook -> gateway -> Rasa -> actions -> DB -> "
                      "gateway -> Telegram), closed loop:")
                for level in args.levels:
                    profiler = (Profiler(stack.pids(), args.seconds)
                                if level == args.profile else None)
                    before, since = memory.cpu_seconds(), time.time()
                    figures = run_load(level, args.seconds, play)
                    after = memory.cpu_seconds()
                    time.sleep(0.5)
                    figures["stages_ms"] = stages(stack.care_url,
                                                  stack.workdir / "rasa_tracker.db",
                                                  since, time.time())
                    report_level(result, level, figures, before, after)
                    print("    median stages: " + ", ".join(
                        f"{name.replace('_', ' ')} {ms:.0f} ms"
                        for name, ms in figures["stages_ms"].items()), flush=True)
                    if profiler is not None:
                        result["profile"] = profiler.report()
                    time.sleep(1.0)
                count_answers(stack, result)
            result["memory_mb"] = memory.peak_mb
            print("  peak memory: " + ", ".join(f"{name} {mb:.0f} MB"
                                                for name, mb in memory.peak_mb.items()))
            print("our Rasa, actions and database without the gateway (REST channel):")
            result["rest"] = {}
            for level in args.levels:
                odd: list[list[Any]] = []
                figures = run_load(level, args.seconds / 2,
                                   play_our_rest(stack.rasa_url, rest_pool, client, odd))
                figures["not_one_answer"] = odd
                result["rest"][level] = figures
                print(level_line(f"{level} clients at once", figures), flush=True)
                if odd:
                    print(f"    {len(odd)} turns without exactly one answer, e.g. "
                          f"{odd[0][0]!r} -> {odd[0][1]!r}", flush=True)
                    keep_logs(stack.workdir, f"rest-{level}")
            print("NLU alone (POST /model/parse, same Rasa server):")
            for level in args.levels:
                figures = run_load(level, args.seconds / 2,
                                   play_parse(stack.rasa_url, stack.rasa_token, client))
                result["nlu"][level] = figures
                print(level_line(f"{level} clients at once", figures), flush=True)
    return result


def measure_scale(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """The whole path on the scale-out profile (bench/scale_profile.py): each patient's
    messages to the gateways in turn, the same conversations and levels."""
    from bench.scale_profile import scale_system

    model = Path(args.model) if args.model else trained_model()
    result: dict[str, Any] = {"levels": {}, "processes": args.scale_processes}
    with scale_system(workdir, model, args.scale_processes) as (stack, pids), \
            http_pool(max(args.levels) + 4) as client:
        need = sum(level + int(args.seconds * 80 / 8) for level in args.levels)
        people = add_patients(stack.care_url, 2 + need)
        print(f"scale-out profile is up ({', '.join(pids)}); warming up", flush=True)
        calibrate(stack, people[:2], client)
        with MemorySampler(pids) as memory:
            if args.idle_seconds > 0:
                result["idle_cpu_per_second"] = idle_cpu(memory, args.idle_seconds)
            play = play_ours(stack, people[2:], client)
            print(f"whole path, scale-out profile ({args.scale_processes} Rasa, action "
                  f"servers, gateways; PostgreSQL, Redis), closed loop:")
            for level in args.levels:
                profiler = (Profiler(pids, args.seconds, prefix="scale-")
                            if level == args.profile_scale else None)
                before = memory.cpu_seconds()
                figures = run_load(level, args.seconds, play)
                after = memory.cpu_seconds()
                report_level(result, level, figures, before, after)
                if profiler is not None:
                    result["profile"] = profiler.report()
                time.sleep(1.0)
            count_answers(stack, result)
        result["memory_mb"] = memory.peak_mb
    return result


def idle_cpu(memory: MemorySampler, seconds: float) -> dict[str, float]:
    """Each process's CPU seconds per second while no message comes in: what its
    background work (polls, probes, timers) costs whatever the load."""
    time.sleep(2.0)  # the warm-up's last replies and rounds
    before, started = memory.cpu_seconds(), time.perf_counter()
    time.sleep(seconds)
    after, elapsed = memory.cpu_seconds(), time.perf_counter() - started
    idle = {name: (after[name] - before[name]) / elapsed for name in after}
    print(f"  idle ({seconds:.0f} s, no message), CPU seconds per second: " + ", ".join(
        f"{name} {share:.3f}" for name, share in idle.items()), flush=True)
    return idle


def measure_bare(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    project = bare_project()
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    process, url, _ = start_rasa(workdir, model, project=project, name="rasa-init")
    result: dict[str, Any] = {"levels": {}}
    try:
        with http_pool(max(args.levels) + 4) as client:
            warm = play_rest(url, client, "warm")
            warm(0, lambda *_: None)
            with MemorySampler({"rasa-init": process.popen.pid}) as memory:
                print("`rasa init`'s bare bot, REST channel round trip:")
                for level in args.levels:
                    figures = run_load(level, args.seconds / 2,
                                       play_rest(url, client, f"l{level}"))
                    result["levels"][level] = figures
                    print(level_line(f"{level} clients at once", figures), flush=True)
            result["memory_mb"] = memory.peak_mb["rasa-init"]
    finally:
        process.stop()
    return result


def plot(figures: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = [int(x) for x in figures["ours"]["levels"]]
    series = [("our whole path (Telegram webhook)", figures["ours"]["levels"], "tab:blue"),
              ("our whole path, scale-out profile", figures.get("scale", {}).get("levels"),
               "tab:cyan"),
              ("our Rasa without the gateway (REST)", figures["ours"].get("rest"),
               "tab:purple"),
              ("rasa init bare bot (REST)", figures.get("bare", {}).get("levels"), "tab:orange"),
              ("NLU alone (/model/parse)", figures["ours"]["nlu"], "tab:green")]
    series = [s for s in series if s[1]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    width = 0.8 / len(series)
    for k, (name, data, colour) in enumerate(series):
        xs = [i + (k - (len(series) - 1) / 2) * width for i in range(len(levels))]
        get = lambda q, d=data: [d[str(lv)][q] if str(lv) in d else d[lv][q]  # noqa: E731
                                 for lv in levels]
        left.bar(xs, get("p95"), width, color=colour, alpha=0.75, label=f"{name} p95")
        left.scatter(xs, get("p50"), color="black", marker="_", s=150, zorder=3)
        left.scatter(xs, get("p99"), color="black", marker="^", s=18, zorder=3)
        right.bar(xs, get("per_second"), width, color=colour, alpha=0.75, label=name)
    for axis in (left, right):
        axis.set_xticks(range(len(levels)), [f"{lv} at once" for lv in levels])
    left.set_yscale("log")
    left.set_ylabel("latency, ms (bar p95, dash p50, triangle p99)")
    left.legend(fontsize=7)
    right.set_ylabel("messages/s sustained")
    right.legend(fontsize=7)
    fig.suptitle("Message latency and throughput (one run, same machine)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def keep_logs(workdir: Path, why: str) -> Path:
    """Copies the processes' logs out of the temporary folder (bench/out/logs-*), so
    that an anomaly can be looked into after the run."""
    target = OUT / f"logs-{time.strftime('%Y%m%dT%H%M%S')}-{why}"
    for log in workdir.rglob("*.log"):
        destination = target / log.relative_to(workdir)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(log, destination)
    print(f"    logs kept in {target}", flush=True)
    return target


def only_scale(args: argparse.Namespace) -> None:
    """The scale-out profile alone (its idle and per-message CPU, a profile): figures
    to bench/out/message_latency-scale.json, the full run's figures left as they are."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            figures = {"cpus": os.cpu_count(), "load_at_start": os.getloadavg()[0],
                       "scale": measure_scale(args, Path(folder) / "scale"),
                       "load_at_end": os.getloadavg()[0]}
        except BaseException:
            keep_logs(Path(folder), "failed")
            raise
    print(f"load average {figures['load_at_start']:.1f} at start, "
          f"{figures['load_at_end']:.1f} at the end")
    (OUT / "message_latency-scale.json").write_text(json.dumps(figures, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="1,10,50",
                        help="patients writing at once (default 1,10,50)")
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="length of each level for our system (references: half)")
    parser.add_argument("--model", help="default: the newest models/core-*.tar.gz")
    parser.add_argument("--database-url", help="care database (default: SQLite, temporary)")
    parser.add_argument("--profile", type=int, metavar="LEVEL",
                        help="sample the processes with py-spy during this level")
    parser.add_argument("--profile-scale", type=int, metavar="LEVEL",
                        help="sample the scale-out profile's processes with py-spy during "
                             "this level (bench/out/profile-scale-*.txt)")
    parser.add_argument("--idle-seconds", type=float, default=10.0,
                        help="scale-out profile: each process's CPU while idle, measured "
                             "this long before the levels (0: not measured)")
    parser.add_argument("--only-scale", action="store_true",
                        help="the scale-out profile alone (no default profile, no references)")
    parser.add_argument("--skip-bare", action="store_true", help="no `rasa init` reference")
    parser.add_argument("--skip-scale", action="store_true",
                        help="no scale-out profile (it needs PostgreSQL, TEST_POSTGRES_URL, "
                             "and Redis, BENCH_REDIS_URL)")
    parser.add_argument("--scale-processes", type=int, default=2,
                        help="Rasa servers, action servers, gateways and reminders "
                             "partitions of the scale-out profile (2 each)")
    args = parser.parse_args()
    args.levels = [int(x) for x in args.levels.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"message latency benchmark, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at start", flush=True)
    if args.only_scale:
        only_scale(args)
        return
    with tempfile.TemporaryDirectory() as folder:
        try:
            figures: dict[str, Any] = {"cpus": os.cpu_count(),
                                       "load_at_start": os.getloadavg()[0],
                                       "ours": measure_ours(args, Path(folder))}
            if not args.skip_scale:
                figures["scale"] = measure_scale(args, Path(folder) / "scale")
        except BaseException:
            keep_logs(Path(folder), "failed")
            raise
        if not args.skip_bare:
            figures["bare"] = measure_bare(args, Path(folder))
    print("ratios of our p95:")
    for level in args.levels:
        ours = figures["ours"]["levels"][level]["p95"]
        line = f"  {level} at once: / NLU p95 {ours / figures['ours']['nlu'][level]['p95']:.1f}"
        line += f", / our REST p95 {ours / figures['ours']['rest'][level]['p95']:.2f}"
        if "bare" in figures:
            line += f", / bare bot p95 {ours / figures['bare']['levels'][level]['p95']:.2f}"
        if "scale" in figures:
            scale = figures["scale"]["levels"][level]
            nlu = figures["ours"]["nlu"][level]["p95"]
            line += f"; scale-out p95 / NLU {scale['p95'] / nlu:.1f}"
            if "bare" in figures:
                bare = figures["bare"]["levels"][level]
                line += (f", / bare bot p95 {scale['p95'] / bare['p95']:.2f}, msg/s "
                         f"{scale['per_second']:.1f} vs bare {bare['per_second']:.1f}")
        print(line)
    figures["load_at_end"] = os.getloadavg()[0]
    (OUT / "message_latency.json").write_text(json.dumps(figures, indent=2,
                                                         ensure_ascii=False))
    plot(json.loads(json.dumps(figures)), OUT / "message_latency.png")
    print(f"figures in {OUT / 'message_latency.json'}, plot {OUT / 'message_latency.png'}")


if __name__ == "__main__":
    main()
