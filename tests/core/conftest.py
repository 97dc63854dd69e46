"""Tests run by the *core* environment's Python (they import Rasa)."""
