"""Writes Rasa's static responses (``domain/responses.yml``) from ``patient.yml``.

The texts' one home is bot/i18n; Rasa needs them in its domain. The file is kept in
git and written byte for byte the same each time: the model's fingerprint
(scripts/train.sh) hashes the files under domain/, so an unchanged text must give an
unchanged file, or every checkout would retrain. Hence the hand-written emitter (one
double-quoted line per variant, the header comment as it always was) rather than
``yaml.dump``, whose layout may change between PyYAML versions.

    python -m bot.i18n.rasa_domain            # write domain/responses.yml if it differs
    python -m bot.i18n.rasa_domain --check    # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.i18n.catalogue import table

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "domain" / "responses.yml"
HEADER = """\
version: "3.1"

# Every response has a French variant (the default, also used before the language is
# known) and a Dutch variant selected by the `language` slot. tests/test_domain.py
# fails if a response lacks either. Keep them short enough for one or two SMS.
responses:
"""
DUTCH = "[{type: slot, name: language, value: nl}]"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes (\\n, \\", \\\\) are YAML's too."""
    return json.dumps(text, ensure_ascii=False)


def render() -> str:
    """The whole file, from the ``patient.rasa`` texts in their order."""
    blocks = [
        f"  {name}:\n"
        f"    - text: {_quoted(entry['fr'])}\n"
        f"    - condition: {DUTCH}\n"
        f"      text: {_quoted(entry['nl'])}\n"
        for name, entry in table("patient.rasa").items()
    ]
    return HEADER + "\n".join(blocks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only compare; exit 1 if domain/responses.yml differs")
    args = parser.parse_args(argv)
    wanted = render()
    current = TARGET.read_text("utf-8") if TARGET.exists() else None
    if current == wanted:
        return 0
    if args.check:
        print(f"{TARGET} differs from bot/i18n/patient.yml: run "
              "`python -m bot.i18n.rasa_domain` and commit both", file=sys.stderr)
        return 1
    TARGET.write_text(wanted, "utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
