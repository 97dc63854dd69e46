"""The console's pages, one module per group; each has ``routes(app)``."""
