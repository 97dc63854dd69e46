"""NLU quality on the held-out sets, through the trained model with the production
pipeline, safety net included. Two sets per language, both written independently of
the training data (tests/unit/test_training_data.py checks they share no sentence of three
words or more with it):

* v1, bench/data/nlu_heldout_{fr,nl}.yml: the first set; the weak intents it showed
  were given more training data, so it is no longer blind;
* v2, bench/data/nlu_heldout_v2_{fr,nl}.yml: written later by someone who never saw
  the training data, and not used to tune anything.

Prints per language: intent accuracy and macro-F1, per-intent F1, the language the
model returned, and emergency recall (with how many the classifier alone would have
caught); writes a confusion matrix per language to bench/out/. Run in the core
environment, after scripts/train.sh:

    .venv/core/bin/python -m bench.nlu_quality [--set v1|v2] [MODEL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


SETS = {"v1": "nlu_heldout", "v2": "nlu_heldout_v2"}


def held_out(name: str, lang: str) -> list[tuple[str, str]]:
    import yaml

    data = yaml.safe_load((ROOT / "bench" / "data" / f"{SETS[name]}_{lang}.yml").read_text("utf-8"))
    rows = []
    for item in data["nlu"]:
        for line in item["examples"].splitlines():
            if line.strip().startswith("- "):
                rows.append((item["intent"], ANNOTATION.sub(r"\1", line.strip()[2:])))
    return rows


def latest_model() -> Path:
    models = sorted((ROOT / "models").glob("core-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        sys.exit("no model under models/: run scripts/train.sh first")
    return models[-1]


async def parse_all(agent: Any, texts: list[str]) -> list[dict]:
    return [await agent.parse_message(text) for text in texts]


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from rasa.core.agent import Agent
    from sklearn.metrics import ConfusionMatrixDisplay, accuracy_score, f1_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="v2", dest="name",
                        help="held-out set (default v2, the blind one)")
    parser.add_argument("model", nargs="?", type=Path, help="default: the newest model")
    args = parser.parse_args()
    model = args.model or latest_model()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"model: {model.name}   held-out set: {args.name}")
    agent = Agent.load(str(model))
    summary = {}
    for lang in ("fr", "nl"):
        rows = held_out(args.name, lang)
        results = asyncio.run(parse_all(agent, [text for _, text in rows]))
        gold = [intent for intent, _ in rows]
        predicted = [r["intent"]["name"] for r in results]
        labels = sorted(set(gold))
        accuracy = accuracy_score(gold, predicted)
        macro = f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)
        per_intent = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
        languages = sum(r.get("language") == lang for r in results) / len(results)
        emergencies = [(r, p) for r, p, g in zip(results, predicted, gold, strict=True)
                       if g == "emergency"]
        caught = sum(p == "emergency" for _, p in emergencies)
        by_net = sum(r.get("red_flag") is not None for r, _ in emergencies)
        classifier_only = sum(
            (r.get("red_flag") or {}).get("classifier_intent", r["intent"]["name"]) == "emergency"
            for r, _ in emergencies)
        summary[lang] = (accuracy, macro)
        print(f"\n[{lang}] {len(rows)} held-out messages")
        print(f"  intent accuracy {accuracy:.1%}   macro-F1 {macro:.3f}   (target accuracy >= 92%)")
        print(f"  language returned correctly: {languages:.1%}")
        print(f"  emergency recall {caught}/{len(emergencies)} "
              f"(red-flag net matched {by_net}, classifier alone {classifier_only})")
        for (_, p), text in zip(emergencies, [t for g, t in rows if g == "emergency"],
                                strict=True):
            if p != "emergency":
                print(f"  MISSED EMERGENCY -> {p}: {text}")
        worst = sorted(zip(labels, per_intent, strict=True), key=lambda x: x[1])
        print("  per-intent F1: " + ", ".join(f"{n} {f:.2f}" for n, f in worst))
        missed = [(g, p, t) for (g, t), p in zip(rows, predicted, strict=True) if g != p]
        for g, p, t in missed:
            print(f"    {g:>18} -> {p:<18} {t}")
        fig, ax = plt.subplots(figsize=(11, 11))
        shown = [*labels, "nlu_fallback", "out_of_scope"]
        ConfusionMatrixDisplay.from_predictions(gold, predicted, labels=shown, ax=ax,
                                                xticks_rotation="vertical", colorbar=False)
        ax.set_title(f"Intent confusion, held-out {args.name} {lang.upper()} ({model.name})")
        fig.tight_layout()
        fig.savefig(OUT / f"confusion_{args.name}_{lang}.png", dpi=80)
        plt.close(fig)
    images = [str(OUT / f"confusion_{args.name}_{code}.png") for code in summary]
    print("\nconfusion matrices: " + ", ".join(images))


if __name__ == "__main__":
    main()
