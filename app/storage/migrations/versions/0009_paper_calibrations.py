"""A paper's calibration kept for next year: the question parameters of a grade's joint fit, per paper (keyed by
the paper's fingerprint), so that a class sitting the same paper later starts from them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add paper_calibrations and paper_calibration_items."""
    op.create_table(
        "paper_calibrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("classes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_paper_calibrations"),
    )
    op.create_index("ix_paper_calibrations_fingerprint", "paper_calibrations", ["fingerprint"])
    op.create_table(
        "paper_calibration_items",
        sa.Column("calibration_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("difficulty", sa.Float(), nullable=False),
        sa.Column("discrimination", sa.Float(), nullable=False),
        sa.Column("guess", sa.Float(), nullable=False),
        sa.Column("slip", sa.Float(), nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["calibration_id"],
            ["paper_calibrations.id"],
            name="fk_paper_calibration_items_calibration_id_paper_calibrations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("calibration_id", "position", name="pk_paper_calibration_items"),
    )


def downgrade() -> None:
    """Drop them again."""
    op.drop_table("paper_calibration_items")
    op.drop_index("ix_paper_calibrations_fingerprint", table_name="paper_calibrations")
    op.drop_table("paper_calibrations")
