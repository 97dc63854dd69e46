"""The code that reads patients' text, shared by the Rasa server and the services.

Language detection, the red-flag rules, amounts typed in words, the safety net's
statistical second opinion and the Rasa components that wrap them. The Rasa core
environment imports this package, so nothing in it may import SQLAlchemy or the
services' packages (tests/test_nlu_imports.py and tests/core check it).
"""
