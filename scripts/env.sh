# Shared environment for scripts/run and scripts/test: every setting has a safe
# default and can be overridden from the environment (see README "Configuration").
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export VENV_DIR="${VENV_DIR:-$ROOT/.venv}"
export VAR_DIR="${VAR_DIR:-$ROOT/var}"
export MODELS_DIR="${MODELS_DIR:-$ROOT/models}"
mkdir -p "$VAR_DIR" "$MODELS_DIR"

export RASA_TELEMETRY_ENABLED=false       # nothing leaves the machine
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export PYTHONHASHSEED="${PYTHONHASHSEED:-0}"

export RASA_HOST="${RASA_HOST:-127.0.0.1}"  # loopback only: see docs/architecture.md
export RASA_PORT="${RASA_PORT:-5005}"
export RASA_URL="${RASA_URL:-http://$RASA_HOST:$RASA_PORT}"
if [ -z "${RASA_TOKEN:-}" ]; then
  # A random token per installation, kept under var/ so all processes share it.
  if [ ! -s "$VAR_DIR/rasa_token" ]; then
    (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$VAR_DIR/rasa_token")
  fi
  RASA_TOKEN="$(cat "$VAR_DIR/rasa_token")"
fi
export RASA_TOKEN
export ACTION_SERVER_HOST="${ACTION_SERVER_HOST:-127.0.0.1}"
export ACTION_SERVER_PORT="${ACTION_SERVER_PORT:-5055}"
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://$ACTION_SERVER_HOST:$ACTION_SERVER_PORT/webhook}"
export RASA_TRACKER_DIALECT="${RASA_TRACKER_DIALECT:-sqlite}"
export RASA_TRACKER_URL="${RASA_TRACKER_URL:-sqlite:///$VAR_DIR/rasa_tracker.db}"

CORE_PY="$VENV_DIR/core/bin/python"
SERVICES_PY="$VENV_DIR/services/bin/python"
export CORE_PY SERVICES_PY
export SQLALCHEMY_SILENCE_UBER_WARNING=1   # Rasa's SQLAlchemy 1.4 usage, not ours
