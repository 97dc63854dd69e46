"""Which part of the safety net's door fires on the held-out near-misses, and a per-row
check that a change loses no emergency the door caught before.

    .venv/services/bin/python -m bench.false_alarms                  # near-misses that alarm
    .venv/services/bin/python -m bench.false_alarms --save before.json
    .venv/services/bin/python -m bench.false_alarms --compare before.json

The door (`bot.safety_net.red_flag_kinds`) alarms when a red-flag rule flags the text,
else when the naive Bayes or the suicidal-intent regression of
bot/nlu/emergency_classifier.py alarms on a text the rules neither take back nor laugh at.
bench/safety.py counts its alarms; this script says, for every near-miss of v1-v12
that alarms, which part fired (the rule's kind and matched words, or the model with
its score against its threshold), so a fix goes to the mechanism that misfires
rather than to the row.

`--save` writes, for every row of v1-v12, whether the door alarms; `--compare` reads
such a file and prints every urgent row caught then and missed now ("LOST"), with the
near-misses that stopped or started alarming. It exits with status 1 on any lost row:
the acceptance check of a change to the rules or the models (zero lost).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from bot import safety_net
from bot.nlu import emergency_classifier, red_flags

DATA = Path(__file__).resolve().parents[1] / "bench" / "data"
SETS = ("redflag_heldout", *(f"redflag_heldout_v{n}" for n in range(2, 13)))


def rows() -> list[dict[str, str]]:
    """Every row of v1-v12 in both languages, with its set's short name."""
    found = []
    for number, name in enumerate(SETS, start=1):
        for lang in ("fr", "nl"):
            with (DATA / f"{name}_{lang}.tsv").open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                    found.append({**row, "set": f"v{number} {lang}"})
    return found


def why(text: str) -> dict[str, Any]:
    """What each part of the door makes of a text."""
    flags = red_flags.check(text)
    return {
        "door": list(safety_net.red_flag_kinds(text)),
        "rules": [f"{flag.kind}: {flag.matched}" for flag in flags],
        "naive_bayes": emergency_classifier.model().score(text),
        "regression": emergency_classifier.suicide_model().score(text),
        "taken_back": red_flags.taken_back(text),
        "jest": red_flags.said_in_jest(text),
    }


def source(found: dict[str, Any]) -> str:
    """The part that fired, for the listing."""
    if found["rules"]:
        return "RULE " + "; ".join(found["rules"])
    parts = []
    if found["naive_bayes"] > emergency_classifier.threshold():
        parts.append(f"NB {found['naive_bayes']:.2f} > {emergency_classifier.threshold()}")
    if found["regression"] > emergency_classifier.suicide_threshold():
        parts.append(f"LR {found['regression']:.2f} > {emergency_classifier.suicide_threshold()}")
    return " + ".join(parts) or "CALL FOR HELP"


def alarms() -> dict[str, dict[str, Any]]:
    """Per row (keyed by set and text): its label, kind and whether the door alarms."""
    return {f"{r['set']}\t{r['text']}": {"label": r["label"], "kind": r["kind"],
                                         "alarm": bool(safety_net.red_flag_kinds(r["text"]))}
            for r in rows()}


def compare(before: dict[str, dict[str, Any]], now: dict[str, dict[str, Any]]) -> int:
    lost = [k for k, v in before.items()
            if v["label"] == "urgent" and v["alarm"] and not now.get(k, {}).get("alarm")]
    gained = [k for k, v in now.items()
              if v["label"] == "urgent" and v["alarm"] and not before.get(k, {}).get("alarm")]
    quiet = [k for k, v in before.items()
             if v["label"] == "near_miss" and v["alarm"] and not now.get(k, {}).get("alarm")]
    louder = [k for k, v in now.items()
              if v["label"] == "near_miss" and v["alarm"] and not before.get(k, {}).get("alarm")]
    for key in lost:
        print("LOST        " + key)
    for key in gained:
        print("NEW CATCH   " + key)
    for key in louder:
        print("NEW ALARM   " + key)
    print(f"emergencies lost {len(lost)}, newly caught {len(gained)}; near-miss alarms "
          f"gone {len(quiet)}, new {len(louder)}")
    for label, key in (("before", before), ("now", now)):
        near = [v for v in key.values() if v["label"] == "near_miss"]
        urgent = [v for v in key.values() if v["label"] == "urgent"]
        print(f"  {label}: emergencies caught {sum(v['alarm'] for v in urgent)}/{len(urgent)}, "
              f"near-miss alarms {sum(v['alarm'] for v in near)}/{len(near)}")
    return 1 if lost else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--save", type=Path, help="write every row's alarm to this file")
    parser.add_argument("--compare", type=Path, help="compare with a file --save wrote")
    args = parser.parse_args()
    if args.save or args.compare:
        now = alarms()
        if args.save:
            args.save.write_text(json.dumps(now, ensure_ascii=False, indent=0),
                                 encoding="utf-8")
        if args.compare:
            sys.exit(compare(json.loads(args.compare.read_text(encoding="utf-8")), now))
        return
    counts: dict[str, int] = {}
    for row in rows():
        if row["label"] != "near_miss":
            continue
        found = why(row["text"])
        if not found["door"]:
            continue
        fired = source(found)
        part = fired.split(" ")[0]
        counts[part] = counts.get(part, 0) + 1
        print(f"{row['set']}  {fired}\n    {row['text']}")
    print("near-miss alarms by part: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
