"""Alembic migrations of the store, shipped inside the package and configured in code.

A new revision, from the repository root once the models have changed::

    from alembic import command
    from sqlalchemy import create_engine
    from app.storage.database import alembic_config
    with create_engine("sqlite:///old.db").begin() as connection:
        command.revision(alembic_config(connection), "what changed", autogenerate=True, rev_id="0003")
"""
