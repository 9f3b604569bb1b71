"""Diagnosis runs and their results; knowledge-point parents and prerequisites.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _cascade(column: str, target: str, table: str) -> sa.ForeignKeyConstraint:
    """A named foreign key with ON DELETE CASCADE."""
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=f"fk_{table}_{column}_{referred}", ondelete="CASCADE")


def upgrade() -> None:
    """Add the knowledge graph and the diagnosis tables."""
    # SQLite cannot add a foreign key in place: copy the table (foreign keys are OFF meanwhile).
    with op.batch_alter_table("knowledge_points", recreate="always") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_knowledge_points_parent_id_knowledge_points",
            "knowledge_points",
            ["parent_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_knowledge_points_parent_id", ["parent_id"])
    op.create_table(
        "knowledge_point_prerequisites",
        sa.Column("knowledge_point_id", sa.Integer(), nullable=False),
        sa.Column("prerequisite_id", sa.Integer(), nullable=False),
        # op.f: the name is final, not a token for the naming convention's "ck" template
        sa.CheckConstraint(
            "knowledge_point_id <> prerequisite_id", name=op.f("ck_knowledge_point_prerequisites_not_self")
        ),
        _cascade("knowledge_point_id", "knowledge_points.id", "knowledge_point_prerequisites"),
        _cascade("prerequisite_id", "knowledge_points.id", "knowledge_point_prerequisites"),
        sa.PrimaryKeyConstraint("knowledge_point_id", "prerequisite_id", name="pk_knowledge_point_prerequisites"),
    )
    op.create_index(
        "ix_knowledge_point_prerequisites_prerequisite_id",
        "knowledge_point_prerequisites",
        ["prerequisite_id"],
    )
    op.create_table(
        "diagnosis_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("device", sa.String(length=100), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("fit", sa.JSON(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        _cascade("class_id", "classes.id", "diagnosis_runs"),
        sa.PrimaryKeyConstraint("id", name="pk_diagnosis_runs"),
    )
    op.create_index("ix_diagnosis_runs_class_id", "diagnosis_runs", ["class_id"])
    op.create_table(
        "diagnosis_run_assessments",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _cascade("assessment_id", "assessments.id", "diagnosis_run_assessments"),
        _cascade("run_id", "diagnosis_runs.id", "diagnosis_run_assessments"),
        sa.PrimaryKeyConstraint("run_id", "assessment_id", name="pk_diagnosis_run_assessments"),
    )
    op.create_index("ix_diagnosis_run_assessments_assessment_id", "diagnosis_run_assessments", ["assessment_id"])
    op.create_table(
        "diagnosis_results",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("knowledge_point_id", sa.Integer(), nullable=False),
        sa.Column("student_index", sa.Integer(), nullable=False),
        sa.Column("knowledge_point_index", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Float(), nullable=False) for name in ("mastery", "lower", "upper", "evidence")),
        sa.Column("status", sa.String(length=20), nullable=False),
        _cascade("knowledge_point_id", "knowledge_points.id", "diagnosis_results"),
        _cascade("run_id", "diagnosis_runs.id", "diagnosis_results"),
        _cascade("student_id", "students.id", "diagnosis_results"),
        sa.PrimaryKeyConstraint("run_id", "student_id", "knowledge_point_id", name="pk_diagnosis_results"),
    )
    op.create_index("ix_diagnosis_results_knowledge_point_id", "diagnosis_results", ["knowledge_point_id"])
    op.create_index("ix_diagnosis_results_student_id", "diagnosis_results", ["student_id"])
    op.create_table(
        "diagnosis_items",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        _cascade("question_id", "questions.id", "diagnosis_items"),
        _cascade("run_id", "diagnosis_runs.id", "diagnosis_items"),
        sa.PrimaryKeyConstraint("run_id", "question_id", name="pk_diagnosis_items"),
    )
    op.create_index("ix_diagnosis_items_question_id", "diagnosis_items", ["question_id"])


def downgrade() -> None:
    """Drop the diagnosis and knowledge-graph tables and the parent column."""
    for table in (
        "diagnosis_items",
        "diagnosis_results",
        "diagnosis_run_assessments",
        "diagnosis_runs",
        "knowledge_point_prerequisites",
    ):
        op.drop_table(table)
    with op.batch_alter_table("knowledge_points", recreate="always") as batch:
        batch.drop_index("ix_knowledge_points_parent_id")
        batch.drop_constraint("fk_knowledge_points_parent_id_knowledge_points", type_="foreignkey")
        batch.drop_column("parent_id")
