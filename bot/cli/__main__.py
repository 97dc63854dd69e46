"""`python -m bot.cli ...`, as the `bot` script (pyproject.toml) runs ``main``."""

import sys

from bot.cli import main

sys.exit(main())
