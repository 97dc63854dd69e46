"""Where the repository and the core (Rasa) environment are."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE_VENV = Path(os.environ.get("VENV_DIR", ROOT / ".venv")) / "core"
