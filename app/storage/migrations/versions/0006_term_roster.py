"""The roster over a term: students who join (转入) or leave (转出) on a date, and two records of one student merged.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add students.joined_on, left_on and merged_into, and student_merges."""
    with op.batch_alter_table("students") as batch:
        batch.add_column(sa.Column("joined_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_students_merged_into_students", "students", ["merged_into"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_students_merged_into", ["merged_into"])
    op.create_table(
        "student_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("corrections", sa.JSON(), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kept_id"], ["students.id"], name="fk_student_merges_kept_id_students", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["merged_id"], ["students.id"], name="fk_student_merges_merged_id_students", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_student_merges"),
    )
    op.create_index("ix_student_merges_kept_id", "student_merges", ["kept_id"])
    op.create_index("ix_student_merges_merged_id", "student_merges", ["merged_id"])


def downgrade() -> None:
    """Drop them again."""
    op.drop_table("student_merges")
    with op.batch_alter_table("students") as batch:
        batch.drop_index("ix_students_merged_into")
        batch.drop_constraint("fk_students_merged_into_students", type_="foreignkey")
        batch.drop_column("merged_into")
        batch.drop_column("left_on")
        batch.drop_column("joined_on")
