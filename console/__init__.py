"""The nurse console: a web application for the care team (issue 6)."""
