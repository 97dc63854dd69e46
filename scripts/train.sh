#!/usr/bin/env bash
# Trains the Rasa model unless one already exists for exactly this configuration,
# domain and training data (the model's name carries their hash). Prints its path.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
hash="$(find config.yml domain data nlu_data -type f -print0 | sort -z \
        | xargs -0 sha256sum | sha256sum | cut -c1-12)"
model="$MODELS_DIR/core-$hash.tar.gz"
if [ ! -f "$model" ]; then
  echo "==> training the Rasa model ($model)" >&2
  "$VENV_DIR/core/bin/rasa" train --config config.yml --domain domain \
      --data data nlu_data --out "$MODELS_DIR" --fixed-model-name "core-$hash" >&2
fi
echo "$model"
