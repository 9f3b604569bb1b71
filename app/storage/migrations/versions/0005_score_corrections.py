"""Score corrections: a mistyped score fixed in the window is recorded (who had what, when).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add score_corrections."""
    op.create_table(
        "score_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("old_points", sa.Float(), nullable=True),
        sa.Column("new_points", sa.Float(), nullable=True),
        sa.Column("corrected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name="fk_score_corrections_student_id_students", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name="fk_score_corrections_question_id_questions", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_score_corrections"),
    )
    op.create_index("ix_score_corrections_question_id", "score_corrections", ["question_id"])


def downgrade() -> None:
    """Drop it again."""
    op.drop_table("score_corrections")
