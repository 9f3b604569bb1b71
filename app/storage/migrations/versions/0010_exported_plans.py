"""Practice plans a teacher exported are remembered (which run, after which exam, each student's points), so the
next exam can say how the points handed out changed. A plain CREATE TABLE: both engines run it as it is.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add exported_plans."""
    op.create_table(
        "exported_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("exported", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("after", sa.String(length=200), nullable=False),
        sa.Column("points", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"], ["classes.id"], name="fk_exported_plans_class_id_classes", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["diagnosis_runs.id"], name="fk_exported_plans_run_id_diagnosis_runs", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_exported_plans"),
    )
    op.create_index("ix_exported_plans_class_id", "exported_plans", ["class_id"])
    op.create_index("ix_exported_plans_run_id", "exported_plans", ["run_id"])


def downgrade() -> None:
    """Drop it again."""
    op.drop_index("ix_exported_plans_run_id", table_name="exported_plans")
    op.drop_index("ix_exported_plans_class_id", table_name="exported_plans")
    op.drop_table("exported_plans")
