"""Keep each run's adapted abilities and question weights, so plans predict from the run's own model.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add diagnosis_students (ability per student and run) and diagnosis_items.weights."""
    op.create_table(
        "diagnosis_students",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ability", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["diagnosis_runs.id"], name="fk_diagnosis_students_run_id_diagnosis_runs", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name="fk_diagnosis_students_student_id_students", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "student_id", name="pk_diagnosis_students"),
    )
    op.create_index("ix_diagnosis_students_student_id", "diagnosis_students", ["student_id"])
    with op.batch_alter_table("diagnosis_items") as batch:
        batch.add_column(sa.Column("weights", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("diagnosis_items") as batch:
        batch.drop_column("weights")
    op.drop_table("diagnosis_students")
