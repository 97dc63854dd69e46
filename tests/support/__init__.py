"""What the tests share, importable as ``tests.support`` by the tests of every level and
by ``bench/`` (run as ``python -m bench.<name>`` from the repository root, which puts the
root on the import path; pytest gets it from ``pythonpath`` in pyproject.toml).

Fixtures stay in the ``conftest.py`` files; everything else a test or a benchmark
imports lives here, one module per subject:

- ``paths``: the repository root and the core environment.
- ``processes``: free ports, the trained model, starting the real action server and
  Rasa server (the e2e fixtures), waiting for a process to answer.
- ``databases``: throw-away PostgreSQL databases and the Redis server, or a skip.
- ``patients``, ``waiting``, ``red_flag_cases``, ``actions``: small builders and helpers.
- ``rasa_project``: readers of the NLU data and the domain.
- ``nlu_isolation``: what importing a module of bot/nlu/ loads, in a fresh interpreter
  (stdlib only: the core environment's tests import it too).
- ``console_seed``: a seeded console database, a recording stand-in for Rasa, sign-in.
- ``gateway_process``, ``console_gateway``: the real gateway process on fakes.
- ``paging_team``: a team with an on-call rota.
- ``scale_workers``: the scale-out tests' worker processes.
- ``fakes``: the fake Telegram and Twilio servers.
"""
