#!/usr/bin/env bash
# Re-resolves both environments from pyproject.toml alone (one resolver pass each)
# and rewrites constraints/*.txt. Run after changing dependencies, then commit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
py="${PYTHON310:-$(command -v python3.10)}"
for spec in core:core services:services,dev; do
  name="${spec%%:*}" extras="${spec#*:}"
  "$py" -m venv "$tmp/$name"
  "$tmp/$name/bin/python" -m pip install --quiet --upgrade "pip<25" "setuptools>=64,<76" wheel
  "$tmp/$name/bin/python" -m pip install --quiet ".[$extras]"
  "$tmp/$name/bin/python" -m pip check
  { echo "# Lock file of the $name environment: regenerate with scripts/lock.sh"
    "$tmp/$name/bin/python" -m pip freeze --exclude-editable | grep -v '^care-companion'
  } > "constraints/$name.txt"
done
