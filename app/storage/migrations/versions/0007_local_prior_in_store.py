"""The school's own prior kept in the store: its own (two stores in one folder no longer share one) and in
every backup.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add local_prior."""
    op.create_table(
        "local_prior",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("weights", sa.LargeBinary(), nullable=False),
        sa.Column("card", sa.Text(), nullable=False),
        sa.Column("in_use", sa.Boolean(), nullable=False),
        sa.Column("trained_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_local_prior"),
    )


def downgrade() -> None:
    """Drop it again."""
    op.drop_table("local_prior")
