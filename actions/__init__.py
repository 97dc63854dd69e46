"""Custom actions for the Rasa server: thin adapters from rasa-sdk to bot/.

Run by actions/server.py (loopback only, token-checked) in the services environment.
"""
