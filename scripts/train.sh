#!/usr/bin/env bash
# Trains the Rasa model unless one already exists for exactly this configuration,
# domain and training data (the model's name carries their hash). Prints its path.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
# Rasa's static responses come from bot/i18n/patient.yml: write domain/responses.yml
# from it first (unchanged bytes when the texts did not change, so the same hash).
"$VENV_DIR/core/bin/python" -m bot.i18n.rasa_domain
hash="$(find config.yml domain data nlu_data -type f -print0 | sort -z \
        | xargs -0 sha256sum | sha256sum | cut -c1-12)"
model="$MODELS_DIR/core-$hash.tar.gz"
if [ ! -f "$model" ]; then
  echo "==> training the Rasa model ($model)" >&2
  "$VENV_DIR/core/bin/rasa" train --config config.yml --domain domain \
      --data data nlu_data --out "$MODELS_DIR" --fixed-model-name "core-$hash" >&2
fi
echo "$model"
