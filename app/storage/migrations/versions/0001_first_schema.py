"""First schema: classes, students, assessments, questions, knowledge points, Q-matrix, scores, imports.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _cascade(column: str, target: str, table: str) -> sa.ForeignKeyConstraint:
    """A named foreign key with ON DELETE CASCADE."""
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=f"fk_{table}_{column}_{referred}", ondelete="CASCADE")


def upgrade() -> None:
    """Create the first tables."""
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_classes"),
        sa.UniqueConstraint("name", name="uq_classes_name"),
    )
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("owns_class", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        *(
            sa.Column(count, sa.Integer(), nullable=False)
            for count in ("students", "items", "scores", "missing", "knowledge_points", "warnings")
        ),
        _cascade("class_id", "classes.id", "import_batches"),
        sa.PrimaryKeyConstraint("id", name="pk_import_batches"),
        sa.UniqueConstraint("content_hash", name="uq_import_batches_content_hash"),
    )
    op.create_index("ix_import_batches_class_id", "import_batches", ["class_id"])
    op.create_table(
        "students",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        _cascade("batch_id", "import_batches.id", "students"),
        _cascade("class_id", "classes.id", "students"),
        sa.PrimaryKeyConstraint("id", name="pk_students"),
        sa.UniqueConstraint("class_id", "number", name="uq_students_class_id_number"),
    )
    op.create_index("ix_students_batch_id", "students", ["batch_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        _cascade("batch_id", "import_batches.id", "assessments"),
        _cascade("class_id", "classes.id", "assessments"),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        sa.UniqueConstraint("class_id", "name", name="uq_assessments_class_id_name"),
    )
    op.create_index("ix_assessments_batch_id", "assessments", ["batch_id"])
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("max_score", sa.Float(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _cascade("assessment_id", "assessments.id", "questions"),
        sa.PrimaryKeyConstraint("id", name="pk_questions"),
        sa.UniqueConstraint("assessment_id", "label", name="uq_questions_assessment_id_label"),
    )
    op.create_table(
        "knowledge_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        _cascade("batch_id", "import_batches.id", "knowledge_points"),
        sa.PrimaryKeyConstraint("id", name="pk_knowledge_points"),
        sa.UniqueConstraint("subject", "name", name="uq_knowledge_points_subject_name"),
    )
    op.create_index("ix_knowledge_points_batch_id", "knowledge_points", ["batch_id"])
    op.create_table(
        "question_knowledge_points",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("knowledge_point_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _cascade("knowledge_point_id", "knowledge_points.id", "question_knowledge_points"),
        _cascade("question_id", "questions.id", "question_knowledge_points"),
        sa.PrimaryKeyConstraint("question_id", "knowledge_point_id", name="pk_question_knowledge_points"),
    )
    op.create_index(
        "ix_question_knowledge_points_knowledge_point_id",
        "question_knowledge_points",
        ["knowledge_point_id"],
    )
    op.create_table(
        "scores",
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        _cascade("question_id", "questions.id", "scores"),
        _cascade("student_id", "students.id", "scores"),
        sa.PrimaryKeyConstraint("student_id", "question_id", name="pk_scores"),
    )
    op.create_index("ix_scores_question_id", "scores", ["question_id"])


def downgrade() -> None:
    """Drop every table of the first schema."""
    for table in (
        "scores",
        "question_knowledge_points",
        "knowledge_points",
        "questions",
        "assessments",
        "students",
        "import_batches",
        "classes",
    ):
        op.drop_table(table)
