#!/usr/bin/env bash
# Creates (or refreshes) the two Python 3.10 environments:
#   .venv/core      Rasa 3.6 and what the Rasa server loads (pins stay here)
#   .venv/services  rasa-sdk, SQLAlchemy 2, APScheduler 3.11, twilio 9, PTB 22, ...
# Each is installed in one resolver pass against its lock file (constraints/*.txt)
# and checked with `pip check`. An environment is rebuilt only when pyproject.toml
# or its lock file changed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

is_python310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

find_python310() {
  local candidate
  for candidate in "${PYTHON310:-}" python3.10 \
      "$(command -v pyenv >/dev/null 2>&1 && pyenv root)"/versions/3.10*/bin/python3.10 \
      "$HOME"/.pyenv/versions/3.10*/bin/python3.10 \
      /usr/local/bin/python3.10 /usr/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if is_python310 "$candidate"; then command -v "$candidate" || echo "$candidate"; return 0; fi
  done
  return 1
}

PY310="$(find_python310)" || {
  echo "error: Python 3.10 is required (Rasa 3.6 and rasa-sdk 3.6 do not run on 3.11+)." >&2
  echo "       Install it (e.g. 'pyenv install 3.10') or set PYTHON310=/path/to/python3.10." >&2
  exit 1
}

build_env() {  # name extras
  local name="$1" extras="$2" dir="$VENV_DIR/$1" lock="$ROOT/constraints/$1.txt"
  local stamp
  stamp="$(cat pyproject.toml "$lock" | sha256sum | cut -c1-16)"
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ] && [ -x "$dir/bin/python" ]; then
    return 0
  fi
  echo "==> building the $name environment ($PY310)"
  rm -rf "$dir"
  "$PY310" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --upgrade "pip<25" "setuptools>=64,<76" wheel
  "$dir/bin/python" -m pip install --quiet -c "$lock" -e ".[$extras]"
  "$dir/bin/python" -m pip check
  echo "$stamp" > "$dir/.stamp"
}

build_env core core
build_env services services,dev
