"""The Alembic migrations build exactly the schema the models describe, on SQLite and
PostgreSQL: a model change without its migration fails here, not in production."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.db import _factory
from bot.models import Base


def test_migrations_match_the_models(db_url: str) -> None:
    engine = _factory(db_url).kw["bind"]
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_the_latest_migration_downgrades_and_upgrades_again(db_url: str) -> None:
    """0008 (message_effects) comes off and back on cleanly on both databases."""
    from alembic import command
    from sqlalchemy import inspect

    from bot.db import alembic_config, dispose

    config = alembic_config(db_url)
    command.downgrade(config, "0007")
    dispose(db_url)
    engine = _factory(db_url).kw["bind"]
    assert "message_effects" not in inspect(engine).get_table_names()
    command.upgrade(config, "head")
    dispose(db_url)
    engine = _factory(db_url).kw["bind"]
    assert "message_effects" in inspect(engine).get_table_names()
    test_migrations_match_the_models(db_url)
