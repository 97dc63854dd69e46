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
# A random secret per installation, kept under var/ so all processes share it.
secret() {
  if [ ! -s "$VAR_DIR/$1" ]; then
    (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$VAR_DIR/$1")
  fi
  cat "$VAR_DIR/$1"
}
export RASA_TOKEN="${RASA_TOKEN:-$(secret rasa_token)}"
export ACTION_SERVER_TOKEN="${ACTION_SERVER_TOKEN:-$(secret action_server_token)}"
export ACTION_SERVER_HOST="${ACTION_SERVER_HOST:-127.0.0.1}"
export ACTION_SERVER_PORT="${ACTION_SERVER_PORT:-5055}"
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://$ACTION_SERVER_HOST:$ACTION_SERVER_PORT/webhook}"
export CARE_DATABASE_URL="${CARE_DATABASE_URL:-sqlite:///$VAR_DIR/care.db}"
export GATEWAY_HOST="${GATEWAY_HOST:-127.0.0.1}"
export GATEWAY_PORT="${GATEWAY_PORT:-8080}"
export GATEWAY_PUBLIC_URL="${GATEWAY_PUBLIC_URL:-http://$GATEWAY_HOST:$GATEWAY_PORT}"
export CONSOLE_SECRET_KEY="${CONSOLE_SECRET_KEY:-$(secret console_secret_key)}"
export CONSOLE_HOST="${CONSOLE_HOST:-127.0.0.1}"
export CONSOLE_PORT="${CONSOLE_PORT:-8090}"
export CONSOLE_TAKEOVER_IDLE_MINUTES="${CONSOLE_TAKEOVER_IDLE_MINUTES:-30}"
export RASA_TRACKER_DIALECT="${RASA_TRACKER_DIALECT:-sqlite}"
export RASA_TRACKER_URL="${RASA_TRACKER_URL:-sqlite:///$VAR_DIR/rasa_tracker.db}"
# The Rasa server's endpoints file; endpoints.scale.yml (several Rasa servers,
# docs/deploy.md) reads the RASA_LOCK_REDIS_* settings.
export RASA_ENDPOINTS="${RASA_ENDPOINTS:-endpoints.yml}"
export RASA_LOCK_REDIS_HOST="${RASA_LOCK_REDIS_HOST:-127.0.0.1}"
export RASA_LOCK_REDIS_PORT="${RASA_LOCK_REDIS_PORT:-6379}"
export RASA_LOCK_REDIS_DB="${RASA_LOCK_REDIS_DB:-1}"

CORE_PY="$VENV_DIR/core/bin/python"
SERVICES_PY="$VENV_DIR/services/bin/python"
export CORE_PY SERVICES_PY
export SQLALCHEMY_SILENCE_UBER_WARNING=1   # Rasa's SQLAlchemy 1.4 usage, not ours
