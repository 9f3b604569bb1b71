"""Papers (试卷) tagged once and reused; choice questions with their key and the letters chosen; the file
an import came from, so a whole grade's export is undone as one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add papers and their questions; link assessments to a paper; keep kinds, keys, guesses and answers."""
    op.create_table(
        "papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_papers"),
    )
    op.create_table(
        "paper_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("max_score", sa.Float(), nullable=True),
        sa.Column("knowledge_points", sa.JSON(), nullable=False),
        sa.Column("answer_key", sa.String(length=20), nullable=True),
        sa.Column("ability", sa.String(length=100), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name="fk_paper_questions_paper_id_papers", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_paper_questions"),
        sa.UniqueConstraint("paper_id", "label", name="uq_paper_questions_paper_id_label"),
    )
    with op.batch_alter_table("assessments", recreate="always") as batch:
        batch.add_column(sa.Column("paper_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("changed", sa.DateTime(), nullable=True))
        batch.create_foreign_key("fk_assessments_paper_id_papers", "papers", ["paper_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_assessments_paper_id", ["paper_id"])
    with op.batch_alter_table("questions") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default=""))
        batch.add_column(sa.Column("answer_key", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("max_guessed", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("scores") as batch:
        batch.add_column(sa.Column("answer", sa.String(length=20), nullable=True))
    with op.batch_alter_table("import_batches") as batch:
        batch.add_column(sa.Column("file_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("import_batches") as batch:
        batch.drop_column("file_hash")
    with op.batch_alter_table("scores") as batch:
        batch.drop_column("answer")
    with op.batch_alter_table("questions") as batch:
        for column in ("max_guessed", "answer_key", "kind"):
            batch.drop_column(column)
    with op.batch_alter_table("assessments", recreate="always") as batch:
        batch.drop_index("ix_assessments_paper_id")
        batch.drop_constraint("fk_assessments_paper_id_papers", type_="foreignkey")
        batch.drop_column("changed")
        batch.drop_column("paper_id")
    op.drop_table("paper_questions")
    op.drop_table("papers")
