"""Language-identification benchmark on the held-out file bench/data/language_heldout.tsv
(written independently of the training data; tests/unit/test_training_data.py checks it).

Prints, per message length: accuracy of the language returned for the message alone,
how often the detector was sure, and accuracy when the conversation's language is
known (the stored language resolving messages like "ok" or "merci"); then the median
time per message; plots the accuracies per length to bench/out/language_detection.png.
Run with the services environment:

    .venv/services/bin/python -m bench.language_detection
"""

from __future__ import annotations

import csv
import statistics
import time
from pathlib import Path

from bot.nlu.language import detect

ROOT = Path(__file__).resolve().parents[1]

BUCKETS = ("1", "2", "3-5", "6+")


def bucket(text: str) -> str:
    n = len(text.split())
    return "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6+"


def main() -> None:
    with (ROOT / "bench" / "data" / "language_heldout.tsv").open(encoding="utf-8") as f:
        rows = [(r["lang"], r["text"]) for r in csv.DictReader(f, delimiter="\t")]

    detect("warm-up")  # loads the langdetect profiles once
    stats = {b: {"n": 0, "alone": 0, "sure": 0, "context": 0} for b in BUCKETS}
    timings = []
    for lang, text in rows:
        s = stats[bucket(text)]
        start = time.perf_counter()
        result = detect(text)
        timings.append(time.perf_counter() - start)
        s["n"] += 1
        s["alone"] += result.language == lang
        s["sure"] += result.confident
        s["context"] += detect(text, hint=lang).language == lang

    print(f"held-out messages: {len(rows)} ({sum(r[0] == 'fr' for r in rows)} fr, "
          f"{sum(r[0] == 'nl' for r in rows)} nl)")
    print(f"{'words':>6} {'n':>5} {'accuracy':>9} {'decided':>8} {'with context':>13}")
    for b in BUCKETS:
        s = stats[b]
        print(f"{b:>6} {s['n']:>5} {s['alone'] / s['n']:>9.1%} {s['sure'] / s['n']:>8.1%} "
              f"{s['context'] / s['n']:>13.1%}")
    long = [stats[b] for b in ("3-5", "6+")]
    n_long = sum(s["n"] for s in long)
    print(f"3 words or more: accuracy {sum(s['alone'] for s in long) / n_long:.2%} "
          f"(target >= 99%)")
    print(f"time per message: median {statistics.median(timings) * 1000:.2f} ms, "
          f"p95 {sorted(timings)[int(len(timings) * 0.95)] * 1000:.2f} ms")
    print(f"plot: {plot(stats)}")


def plot(stats: dict[str, dict[str, int]]) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(7, 4))
    series = (("alone", "message alone"), ("sure", "decided from the text"),
              ("context", "with the conversation's language"))
    width = 0.27
    for i, (key, label) in enumerate(series):
        values = [100 * stats[b][key] / stats[b]["n"] for b in BUCKETS]
        bars = ax.bar([x + (i - 1) * width for x in range(len(BUCKETS))], values, width,
                      label=label)
        ax.bar_label(bars, fmt="%.0f", fontsize=7)
    ax.set_xticks(range(len(BUCKETS)), [f"{b} words\n(n={stats[b]['n']})" for b in BUCKETS])
    ax.set_ylabel("% of held-out messages")
    ax.set_ylim(0, 110)
    ax.axhline(99, color="grey", linewidth=0.8, linestyle="--")
    ax.set_title("Language detection by message length (target 99 % from 3 words)")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path = out / "language_detection.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


if __name__ == "__main__":
    main()
